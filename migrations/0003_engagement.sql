CREATE TABLE `catalog_items` (
	`code` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`name_zh_tw` text NOT NULL,
	`name_en` text NOT NULL,
	`description_zh_tw` text DEFAULT '' NOT NULL,
	`description_en` text DEFAULT '' NOT NULL,
	`image_url` text,
	`point_type` text NOT NULL,
	`cost` integer NOT NULL,
	`stock_remaining` integer,
	`per_member_limit` integer,
	`limit_period` text DEFAULT 'all' NOT NULL,
	`valid_from` integer,
	`valid_to` integer,
	`valid_days` integer,
	`store_scope` text,
	`active_from` integer,
	`active_to` integer,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`point_type`) REFERENCES `point_types`(`code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "catalog_items_kind" CHECK("catalog_items"."kind" IN ('voucher', 'donation')),
	CONSTRAINT "catalog_items_cost" CHECK("catalog_items"."cost" > 0),
	CONSTRAINT "catalog_stock_nonneg" CHECK("catalog_items"."stock_remaining" IS NULL OR "catalog_items"."stock_remaining" >= 0),
	CONSTRAINT "catalog_items_limit_period" CHECK("catalog_items"."limit_period" IN ('day', 'month', 'all')),
	CONSTRAINT "catalog_items_validity" CHECK("catalog_items"."kind" = 'donation' OR "catalog_items"."valid_days" > 0 OR ("catalog_items"."valid_to" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE `checkins` (
	`member_id` text NOT NULL,
	`local_date` text NOT NULL,
	`streak` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "checkins_streak_positive" CHECK("checkins"."streak" >= 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `checkins_member_day` ON `checkins` (`member_id`,`local_date`);--> statement-breakpoint
CREATE TABLE `coupons` (
	`code` text PRIMARY KEY NOT NULL,
	`item_code` text NOT NULL,
	`member_id` text NOT NULL,
	`transfer_key` text NOT NULL,
	`limit_period` text NOT NULL,
	`status` text NOT NULL,
	`issued_at` integer NOT NULL,
	`valid_until` integer,
	`store_scope` text,
	`used_at` integer,
	`used_store` text,
	`used_request_key` text,
	`cancelled_at` integer,
	FOREIGN KEY (`item_code`) REFERENCES `catalog_items`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "coupons_status" CHECK("coupons"."status" IN ('active', 'used', 'cancelled', 'donated'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `coupons_transfer` ON `coupons` (`transfer_key`);--> statement-breakpoint
CREATE INDEX `coupons_member` ON `coupons` (`member_id`,`issued_at`);--> statement-breakpoint
CREATE INDEX `coupons_limit` ON `coupons` (`item_code`,`member_id`,`limit_period`);--> statement-breakpoint
CREATE TABLE `expiry_reminders` (
	`member_id` text NOT NULL,
	`point_type` text NOT NULL,
	`expires_at` integer NOT NULL,
	`amount` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `expiry_reminders_once` ON `expiry_reminders` (`member_id`,`point_type`,`expires_at`);--> statement-breakpoint
CREATE TABLE `giveaway_claims` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`giveaway_code` text NOT NULL,
	`member_id` text NOT NULL,
	`local_date` text NOT NULL,
	`day_seq` integer NOT NULL,
	`total_seq` integer NOT NULL,
	`transfer_key` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`giveaway_code`) REFERENCES `giveaways`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `giveaway_claims_day_slot` ON `giveaway_claims` (`giveaway_code`,`member_id`,`local_date`,`day_seq`);--> statement-breakpoint
CREATE UNIQUE INDEX `giveaway_claims_total_slot` ON `giveaway_claims` (`giveaway_code`,`member_id`,`total_seq`);--> statement-breakpoint
CREATE UNIQUE INDEX `giveaway_claims_transfer` ON `giveaway_claims` (`transfer_key`);--> statement-breakpoint
CREATE TABLE `giveaways` (
	`code` text PRIMARY KEY NOT NULL,
	`title_zh_tw` text NOT NULL,
	`title_en` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`point_type` text NOT NULL,
	`per_claim` integer NOT NULL,
	`budget` integer NOT NULL,
	`daily_limit` integer NOT NULL,
	`total_limit` integer NOT NULL,
	`lifetime` text,
	`registered_from` text,
	`registered_to` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`point_type`) REFERENCES `point_types`(`code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "giveaways_code_format" CHECK("giveaways"."code" GLOB '[A-Z0-9_-]*' AND length("giveaways"."code") BETWEEN 1 AND 32),
	CONSTRAINT "giveaways_window" CHECK("giveaways"."starts_at" < "giveaways"."ends_at"),
	CONSTRAINT "giveaways_amounts" CHECK("giveaways"."per_claim" > 0 AND "giveaways"."budget" > 0 AND "giveaways"."daily_limit" > 0 AND "giveaways"."total_limit" > 0)
);
--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `store_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`store_code` text NOT NULL,
	`key_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`store_code`) REFERENCES `stores`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `store_keys_hash` ON `store_keys` (`key_hash`);--> statement-breakpoint
CREATE TABLE `stores` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL
);
