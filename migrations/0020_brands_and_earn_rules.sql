CREATE TABLE `earn_multipliers` (
	`code` text PRIMARY KEY NOT NULL,
	`factor_percent` integer NOT NULL,
	`definition` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "earn_multipliers_factor" CHECK("earn_multipliers"."factor_percent" BETWEEN 100 AND 10000),
	CONSTRAINT "earn_multipliers_definition" CHECK(json_valid("earn_multipliers"."definition"))
);
--> statement-breakpoint
CREATE TABLE `earn_rules` (
	`code` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`point_type` text NOT NULL,
	`priority` integer NOT NULL,
	`definition` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`point_type`) REFERENCES `point_types`(`code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "earn_rules_kind" CHECK("earn_rules"."kind" IN ('spend', 'product_amount', 'product_quantity')),
	CONSTRAINT "earn_rules_definition" CHECK(json_valid("earn_rules"."definition"))
);
--> statement-breakpoint
CREATE TABLE `brands` (
	`code` text PRIMARY KEY NOT NULL,
	`name_zh_tw` text NOT NULL,
	`name_en` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "brands_code_format" CHECK(length("brands"."code") BETWEEN 1 AND 32)
);
--> statement-breakpoint
ALTER TABLE `stores` ADD `brand_code` text DEFAULT 'default' NOT NULL;--> statement-breakpoint
ALTER TABLE `stores` ADD `name_zh_tw` text;--> statement-breakpoint
ALTER TABLE `stores` ADD `name_en` text;--> statement-breakpoint
ALTER TABLE `stores` ADD `opens_on` text;--> statement-breakpoint
CREATE INDEX `stores_brand` ON `stores` (`brand_code`);