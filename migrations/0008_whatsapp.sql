CREATE TABLE `whatsapp_cloud_contacts` (
	`user_id` text PRIMARY KEY NOT NULL,
	`last_inbound_at` integer NOT NULL,
	`profile_name` text,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `whatsapp_cloud_statuses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`wamid` text NOT NULL,
	`status` text NOT NULL,
	`recipient_id` text NOT NULL,
	`at` integer NOT NULL,
	`error_code` integer,
	`error_title` text,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `whatsapp_cloud_statuses_once` ON `whatsapp_cloud_statuses` (`wamid`,`status`);--> statement-breakpoint
CREATE TABLE `whatsapp_offers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`channel` text NOT NULL,
	`user_id` text NOT NULL,
	`outbox_id` integer NOT NULL,
	`options` text NOT NULL,
	`offered_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `whatsapp_offers_user` ON `whatsapp_offers` (`channel`,`user_id`);