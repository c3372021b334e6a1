ALTER TABLE `point_types` ADD `unit_zh_tw` text DEFAULT '點' NOT NULL;--> statement-breakpoint
ALTER TABLE `point_types` ADD `unit_en_one` text DEFAULT 'point' NOT NULL;--> statement-breakpoint
ALTER TABLE `point_types` ADD `unit_en_other` text DEFAULT 'points' NOT NULL;