DROP INDEX `broadcast_recipients_queue`;--> statement-breakpoint
CREATE INDEX `broadcast_recipients_queue` ON `broadcast_recipients` (`broadcast_id`,`channel`,`status`,`reason`,`language`,`batch_id`);