CREATE TABLE `accounts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`owner` text DEFAULT '' NOT NULL,
	`point_type` text NOT NULL,
	`balance` integer DEFAULT 0 NOT NULL,
	`may_go_negative` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`point_type`) REFERENCES `point_types`(`code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "accounts_kind" CHECK("accounts"."kind" IN ('wallet', 'issuance', 'campaign_budget', 'redemption', 'expiry', 'partner_settlement')),
	CONSTRAINT "accounts_may_go_negative_flag" CHECK("accounts"."may_go_negative" IN (0, 1)),
	CONSTRAINT "accounts_negative_only_for_sinks" CHECK("accounts"."may_go_negative" = (CASE WHEN "accounts"."kind" IN ('wallet', 'campaign_budget') THEN 0 ELSE 1 END)),
	CONSTRAINT "accounts_balance_floor" CHECK("accounts"."may_go_negative" = 1 OR "accounts"."balance" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_kind_owner_type` ON `accounts` (`kind`,`owner`,`point_type`);--> statement-breakpoint
CREATE TABLE `lot_movements` (
	`transfer_id` integer NOT NULL,
	`lot_id` integer NOT NULL,
	`delta` integer NOT NULL,
	FOREIGN KEY (`transfer_id`) REFERENCES `transfers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lot_id`) REFERENCES `lots`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "lot_movements_nonzero" CHECK("lot_movements"."delta" <> 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lot_movements_pk` ON `lot_movements` (`transfer_id`,`lot_id`);--> statement-breakpoint
CREATE INDEX `lot_movements_lot` ON `lot_movements` (`lot_id`);--> statement-breakpoint
CREATE TABLE `lots` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` integer NOT NULL,
	`source_transfer_id` integer NOT NULL,
	`amount` integer NOT NULL,
	`remaining` integer NOT NULL,
	`expires_at` integer,
	`restorations` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`source_transfer_id`) REFERENCES `transfers`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "lots_amount_positive" CHECK("lots"."amount" > 0),
	CONSTRAINT "lots_remaining_range" CHECK("lots"."remaining" >= 0 AND "lots"."remaining" <= "lots"."amount")
);
--> statement-breakpoint
CREATE INDEX `lots_live` ON `lots` (`account_id`,`expires_at`) WHERE "lots"."remaining" > 0;--> statement-breakpoint
CREATE INDEX `lots_due` ON `lots` (`expires_at`) WHERE "lots"."remaining" > 0 AND "lots"."expires_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `lots_source` ON `lots` (`source_transfer_id`);--> statement-breakpoint
CREATE TABLE `point_types` (
	`code` text PRIMARY KEY NOT NULL,
	`name_zh_tw` text NOT NULL,
	`name_en` text NOT NULL,
	`value_minor` integer DEFAULT 0 NOT NULL,
	`currency` text DEFAULT 'TWD' NOT NULL,
	`issue_from` integer,
	`issue_to` integer,
	`lifetime_kind` text DEFAULT 'days' NOT NULL,
	`lifetime_days` integer,
	`created_at` integer NOT NULL,
	CONSTRAINT "point_types_code_format" CHECK("point_types"."code" GLOB '[a-z0-9_-]*' AND length("point_types"."code") BETWEEN 1 AND 32),
	CONSTRAINT "point_types_value_nonneg" CHECK("point_types"."value_minor" >= 0),
	CONSTRAINT "point_types_lifetime" CHECK(("point_types"."lifetime_kind" = 'days' AND "point_types"."lifetime_days" > 0) OR ("point_types"."lifetime_kind" IN ('end_of_month', 'end_of_year', 'never') AND "point_types"."lifetime_days" IS NULL)),
	CONSTRAINT "point_types_window" CHECK("point_types"."issue_from" IS NULL OR "point_types"."issue_to" IS NULL OR "point_types"."issue_from" < "point_types"."issue_to")
);
--> statement-breakpoint
CREATE TABLE `transfers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`idempotency_key` text NOT NULL,
	`point_type` text NOT NULL,
	`debit_account_id` integer,
	`credit_account_id` integer,
	`amount` integer NOT NULL,
	`reason_code` text NOT NULL,
	`reason_params` text DEFAULT '{}' NOT NULL,
	`reverses_transfer_id` integer,
	`lot_expires_at` integer,
	`expires_lot_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`point_type`) REFERENCES `point_types`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`debit_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`credit_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "transfers_amount_range" CHECK(typeof("transfers"."amount") = 'integer' AND "transfers"."amount" BETWEEN 1 AND 2147483647),
	CONSTRAINT "transfers_distinct_accounts" CHECK("transfers"."debit_account_id" <> "transfers"."credit_account_id"),
	CONSTRAINT "transfers_key_nonempty" CHECK(length("transfers"."idempotency_key") BETWEEN 1 AND 200),
	CONSTRAINT "transfers_reason_params_json" CHECK(json_valid("transfers"."reason_params"))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `transfers_idempotency_key` ON `transfers` (`idempotency_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `transfers_reverses_once` ON `transfers` (`reverses_transfer_id`);--> statement-breakpoint
CREATE INDEX `transfers_debit_account` ON `transfers` (`debit_account_id`,`id`);--> statement-breakpoint
CREATE INDEX `transfers_credit_account` ON `transfers` (`credit_account_id`,`id`);