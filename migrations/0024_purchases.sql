CREATE TABLE `purchase_earnings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`purchase_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`rule_code` text NOT NULL,
	`point_type` text NOT NULL,
	`points` integer NOT NULL,
	`reversed` integer DEFAULT 0 NOT NULL,
	`transfer_key` text NOT NULL,
	FOREIGN KEY (`purchase_id`) REFERENCES `purchases`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "purchase_earnings_points" CHECK("purchase_earnings"."points" > 0),
	CONSTRAINT "purchase_earnings_reversed_range" CHECK("purchase_earnings"."reversed" >= 0 AND "purchase_earnings"."reversed" <= "purchase_earnings"."points")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `purchase_earnings_line` ON `purchase_earnings` (`purchase_id`,`seq`);--> statement-breakpoint
CREATE TABLE `purchase_refunds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`purchase_id` integer NOT NULL,
	`refund_code` text NOT NULL,
	`amount` integer NOT NULL,
	`request_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`purchase_id`) REFERENCES `purchases`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "purchase_refunds_code_length" CHECK(length("purchase_refunds"."refund_code") BETWEEN 1 AND 64),
	CONSTRAINT "purchase_refunds_amount" CHECK(typeof("purchase_refunds"."amount") = 'integer' AND "purchase_refunds"."amount" >= 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `purchase_refunds_code` ON `purchase_refunds` (`purchase_id`,`refund_code`);--> statement-breakpoint
CREATE TABLE `purchases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`store_code` text NOT NULL,
	`receipt` text NOT NULL,
	`member_id` text NOT NULL,
	`amount` integer NOT NULL,
	`refunded_amount` integer DEFAULT 0 NOT NULL,
	`at` integer NOT NULL,
	`request_hash` text NOT NULL,
	`detail` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`store_code`) REFERENCES `stores`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "purchases_receipt_length" CHECK(length("purchases"."receipt") BETWEEN 1 AND 64),
	CONSTRAINT "purchases_amount_range" CHECK(typeof("purchases"."amount") = 'integer' AND "purchases"."amount" BETWEEN 1 AND 1000000000),
	CONSTRAINT "purchases_refunded_range" CHECK("purchases"."refunded_amount" >= 0 AND "purchases"."refunded_amount" <= "purchases"."amount"),
	CONSTRAINT "purchases_detail_json" CHECK(json_valid("purchases"."detail"))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `purchases_receipt` ON `purchases` (`store_code`,`receipt`);--> statement-breakpoint
CREATE INDEX `purchases_member` ON `purchases` (`member_id`,`at`);--> statement-breakpoint
CREATE TABLE `refund_lines` (
	`refund_id` integer NOT NULL,
	`earning_id` integer NOT NULL,
	`due` integer NOT NULL,
	`transfer_key` text NOT NULL,
	FOREIGN KEY (`refund_id`) REFERENCES `purchase_refunds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`earning_id`) REFERENCES `purchase_earnings`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "refund_lines_due" CHECK("refund_lines"."due" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `refund_lines_pk` ON `refund_lines` (`refund_id`,`earning_id`);