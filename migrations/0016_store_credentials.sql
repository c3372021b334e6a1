ALTER TABLE `admin_tokens` ADD `store_code` text REFERENCES stores(code);--> statement-breakpoint
ALTER TABLE `store_keys` ADD `last_used_at` integer;