CREATE TABLE `holds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`hold_key` text NOT NULL,
	`account_id` integer,
	`point_type` text NOT NULL,
	`amount` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`captured` integer DEFAULT 0 NOT NULL,
	`capture_key` text,
	`params` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`settled_at` integer,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "holds_amount_range" CHECK(typeof("holds"."amount") = 'integer' AND "holds"."amount" BETWEEN 1 AND 2147483647),
	CONSTRAINT "holds_status" CHECK("holds"."status" IN ('pending', 'captured', 'voided', 'expired')),
	CONSTRAINT "holds_captured_range" CHECK(("holds"."status" = 'captured' AND "holds"."captured" BETWEEN 1 AND "holds"."amount") OR ("holds"."status" <> 'captured' AND "holds"."captured" = 0)),
	CONSTRAINT "holds_window" CHECK("holds"."expires_at" > "holds"."created_at"),
	CONSTRAINT "holds_settled" CHECK(("holds"."status" = 'pending') = ("holds"."settled_at" IS NULL)),
	CONSTRAINT "holds_params_json" CHECK(json_valid("holds"."params"))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `holds_key` ON `holds` (`hold_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `holds_capture_key` ON `holds` (`capture_key`);--> statement-breakpoint
CREATE INDEX `holds_pending` ON `holds` (`account_id`,`expires_at`) WHERE "holds"."status" = 'pending';--> statement-breakpoint
CREATE INDEX `holds_due` ON `holds` (`expires_at`) WHERE "holds"."status" = 'pending';