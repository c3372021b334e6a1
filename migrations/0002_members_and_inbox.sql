CREATE TABLE `conversation_states` (
	`channel` text NOT NULL,
	`user_id` text NOT NULL,
	`version` integer NOT NULL,
	`state` text NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "conversation_states_json" CHECK(json_valid("conversation_states"."state"))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `conversation_states_version` ON `conversation_states` (`channel`,`user_id`,`version`);--> statement-breakpoint
CREATE TABLE `identities` (
	`channel` text NOT NULL,
	`user_id` text NOT NULL,
	`member_id` text,
	`language` text,
	`reachable` integer DEFAULT 1 NOT NULL,
	`first_seen_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "identities_channel" CHECK("identities"."channel" IN ('line', 'wa_web', 'wa_cloud', 'simulator')),
	CONSTRAINT "identities_reachable" CHECK("identities"."reachable" IN (0, 1))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `identities_pk` ON `identities` (`channel`,`user_id`);--> statement-breakpoint
CREATE INDEX `identities_member` ON `identities` (`member_id`);--> statement-breakpoint
CREATE TABLE `inbox_done` (
	`inbox_id` integer PRIMARY KEY NOT NULL,
	`done_at` integer NOT NULL,
	FOREIGN KEY (`inbox_id`) REFERENCES `inbox_events`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `inbox_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`channel` text NOT NULL,
	`event_id` text NOT NULL,
	`user_id` text NOT NULL,
	`payload` text NOT NULL,
	`received_at` integer NOT NULL,
	`done_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `inbox_events_event` ON `inbox_events` (`channel`,`event_id`);--> statement-breakpoint
CREATE INDEX `inbox_events_user` ON `inbox_events` (`channel`,`user_id`,`id`);--> statement-breakpoint
CREATE INDEX `inbox_events_pending` ON `inbox_events` (`id`) WHERE "inbox_events"."done_at" IS NULL;--> statement-breakpoint
CREATE TABLE `members` (
	`id` text PRIMARY KEY NOT NULL,
	`member_code` text NOT NULL,
	`name` text NOT NULL,
	`phone_e164` text NOT NULL,
	`birthday` text,
	`language` text NOT NULL,
	`consent_version` text NOT NULL,
	`consent_at` integer NOT NULL,
	`registered_at` integer NOT NULL,
	`registered_local_date` text NOT NULL,
	CONSTRAINT "members_language" CHECK("members"."language" IN ('zh-TW', 'en')),
	CONSTRAINT "members_phone_e164" CHECK("members"."phone_e164" GLOB '+[1-9]*' AND length("members"."phone_e164") BETWEEN 9 AND 16)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `members_code` ON `members` (`member_code`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`inbox_id` integer,
	`channel` text NOT NULL,
	`user_id` text NOT NULL,
	`reply_token` text,
	`replies` text NOT NULL,
	`retry_key` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`inbox_id`) REFERENCES `inbox_events`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "outbox_status" CHECK("outbox"."status" IN ('pending', 'sent', 'failed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_retry_key` ON `outbox` (`retry_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_inbox` ON `outbox` (`inbox_id`);--> statement-breakpoint
CREATE INDEX `outbox_pending` ON `outbox` (`status`,`id`);