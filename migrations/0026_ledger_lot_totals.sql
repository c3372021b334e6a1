DROP INDEX `lot_movements_lot`;--> statement-breakpoint
DROP INDEX `lots_source`;--> statement-breakpoint
DROP INDEX `transfers_reverses_once`;--> statement-breakpoint
CREATE UNIQUE INDEX `transfers_reverses_once` ON `transfers` (`reverses_transfer_id`) WHERE "transfers"."reverses_transfer_id" IS NOT NULL;--> statement-breakpoint
ALTER TABLE `accounts` ADD `lot_total` integer DEFAULT 0 NOT NULL;