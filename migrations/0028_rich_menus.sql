CREATE TABLE `rich_menu_links` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` text NOT NULL,
	`action` text NOT NULL,
	`created_at` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer DEFAULT 0 NOT NULL,
	`lease_until` integer,
	`done_at` integer,
	`outcome` text,
	`last_error` text,
	CONSTRAINT "rich_menu_links_action" CHECK("rich_menu_links"."action" IN ('link', 'unlink'))
);
--> statement-breakpoint
CREATE INDEX `rich_menu_links_due` ON `rich_menu_links` (`done_at`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `rich_menu_links_user` ON `rich_menu_links` (`user_id`,`id`);--> statement-breakpoint
CREATE TABLE `rich_menus` (
	`hash` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`version` integer NOT NULL,
	`state` text DEFAULT 'creating' NOT NULL,
	`claim_token` text NOT NULL,
	`claimed_at` integer NOT NULL,
	`line_rich_menu_id` text,
	`ready_at` integer,
	`bulk_claimed_at` integer,
	`bulk_linked_at` integer,
	CONSTRAINT "rich_menus_kind" CHECK("rich_menus"."kind" IN ('guest', 'member')),
	CONSTRAINT "rich_menus_state" CHECK("rich_menus"."state" IN ('creating', 'ready')),
	CONSTRAINT "rich_menus_ready_id" CHECK("rich_menus"."state" <> 'ready' OR "rich_menus"."line_rich_menu_id" IS NOT NULL)
);
--> statement-breakpoint
CREATE INDEX `rich_menus_current` ON `rich_menus` (`kind`,`state`,`version`);