CREATE TABLE `admin_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text NOT NULL,
	`revoked_at` integer,
	CONSTRAINT "admin_tokens_role" CHECK("admin_tokens"."role" IN ('owner', 'staff', 'store', 'partner'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `admin_tokens_hash` ON `admin_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`actor` text NOT NULL,
	`role` text NOT NULL,
	`method` text NOT NULL,
	`path` text NOT NULL,
	`status` integer NOT NULL,
	`detail` text,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_log_at` ON `audit_log` (`at`);--> statement-breakpoint
CREATE TABLE `broadcast_batches` (
	`id` text PRIMARY KEY NOT NULL,
	`broadcast_id` text NOT NULL,
	`channel` text NOT NULL,
	`language` text NOT NULL,
	`size` integer NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`broadcast_id`) REFERENCES `broadcasts`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "broadcast_batches_status" CHECK("broadcast_batches"."status" IN ('pending', 'sent', 'failed')),
	CONSTRAINT "broadcast_batches_size" CHECK("broadcast_batches"."size" BETWEEN 1 AND 500)
);
--> statement-breakpoint
CREATE INDEX `broadcast_batches_pending` ON `broadcast_batches` (`broadcast_id`,`status`);--> statement-breakpoint
CREATE TABLE `broadcast_recipients` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`broadcast_id` text NOT NULL,
	`member_id` text NOT NULL,
	`channel` text NOT NULL,
	`user_id` text NOT NULL,
	`language` text NOT NULL,
	`status` text NOT NULL,
	`reason` text,
	`batch_id` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`broadcast_id`) REFERENCES `broadcasts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "broadcast_recipients_status" CHECK("broadcast_recipients"."status" IN ('queued', 'sent', 'failed', 'skipped')),
	CONSTRAINT "broadcast_recipients_reason" CHECK(("broadcast_recipients"."status" = 'skipped') = ("broadcast_recipients"."reason" IN ('opted_out', 'frequency_cap', 'unreachable', 'cancelled')))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `broadcast_recipients_once` ON `broadcast_recipients` (`broadcast_id`,`member_id`);--> statement-breakpoint
CREATE INDEX `broadcast_recipients_queue` ON `broadcast_recipients` (`broadcast_id`,`status`,`channel`,`language`,`batch_id`);--> statement-breakpoint
CREATE INDEX `broadcast_recipients_member` ON `broadcast_recipients` (`member_id`,`sent_at`);--> statement-breakpoint
CREATE INDEX `broadcast_recipients_batch` ON `broadcast_recipients` (`batch_id`);--> statement-breakpoint
CREATE TABLE `broadcasts` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`segment_code` text NOT NULL,
	`content` text NOT NULL,
	`status` text NOT NULL,
	`scheduled_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	`cancelled_at` integer,
	FOREIGN KEY (`segment_code`) REFERENCES `segments`(`code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "broadcasts_status" CHECK("broadcasts"."status" IN ('scheduled', 'sending', 'done', 'cancelled')),
	CONSTRAINT "broadcasts_content_json" CHECK(json_valid("broadcasts"."content"))
);
--> statement-breakpoint
CREATE INDEX `broadcasts_due` ON `broadcasts` (`status`,`scheduled_at`);--> statement-breakpoint
CREATE TABLE `member_tags` (
	`member_id` text NOT NULL,
	`tag` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "member_tags_format" CHECK(length("member_tags"."tag") BETWEEN 1 AND 40)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `member_tags_pk` ON `member_tags` (`member_id`,`tag`);--> statement-breakpoint
CREATE INDEX `member_tags_tag` ON `member_tags` (`tag`);--> statement-breakpoint
CREATE TABLE `segments` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`filter` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "segments_filter_json" CHECK(json_valid("segments"."filter"))
);
