CREATE TABLE `outbox_parts` (
	`outbox_id` integer NOT NULL,
	`part` integer NOT NULL,
	`message_id` text,
	`sent_at` integer NOT NULL,
	PRIMARY KEY(`outbox_id`, `part`),
	FOREIGN KEY (`outbox_id`) REFERENCES `outbox`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "outbox_parts_part" CHECK("outbox_parts"."part" >= 0)
);
