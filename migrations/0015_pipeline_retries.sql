ALTER TABLE `inbox_events` ADD `attempts` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `inbox_events` ADD `next_attempt_at` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `inbox_events` ADD `last_error` text;--> statement-breakpoint
ALTER TABLE `inbox_events` ADD `gave_up_at` integer;--> statement-breakpoint
CREATE INDEX `inbox_events_user_pending` ON `inbox_events` (`channel`,`user_id`,`id`) WHERE "inbox_events"."done_at" IS NULL;--> statement-breakpoint
CREATE INDEX `inbox_events_retention` ON `inbox_events` (`done_at`) WHERE "inbox_events"."payload" <> '';--> statement-breakpoint
ALTER TABLE `outbox` ADD `next_attempt_at` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox` ADD `attempted_at` integer;--> statement-breakpoint
ALTER TABLE `outbox` ADD `lease_until` integer;--> statement-breakpoint
CREATE INDEX `outbox_due` ON `outbox` (`next_attempt_at`) WHERE "outbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX `outbox_user_pending` ON `outbox` (`channel`,`user_id`,`id`) WHERE "outbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX `outbox_retention` ON `outbox` (`created_at`) WHERE "outbox"."status" <> 'pending' AND "outbox"."replies" <> '[]';