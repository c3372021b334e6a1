ALTER TABLE `link_attempts` ADD `bucket` text;--> statement-breakpoint
ALTER TABLE `link_attempts` ADD `max_wrong_per_minute` integer;--> statement-breakpoint
CREATE INDEX `link_attempts_bucket` ON `link_attempts` (`bucket`,`at`);--> statement-breakpoint
CREATE INDEX `link_attempts_wrong` ON `link_attempts` (`ok`,`at`);--> statement-breakpoint
ALTER TABLE `link_codes` ADD `issued_channel` text;--> statement-breakpoint
ALTER TABLE `link_codes` ADD `issued_user_id` text;--> statement-breakpoint
ALTER TABLE `link_codes` ADD `used_channel` text;--> statement-breakpoint
ALTER TABLE `link_codes` ADD `used_user_id` text;--> statement-breakpoint
ALTER TABLE `members` ADD `phone_duplicate_of` text;--> statement-breakpoint
-- One member per E.164 number (issue 12, item 10). A database from before this may hold several members with one
-- number. The earliest registered of them (then the smallest id) keeps it inside the UNIQUE index below; each later
-- one keeps its number and everything else, marked phone_duplicate_of = that earliest member's id, outside the
-- index: nothing is deleted or merged behind anyone's back, the migration cannot fail on such data, and staff find
-- them with SELECT id, phone_duplicate_of FROM members WHERE phone_duplicate_of IS NOT NULL. A temporary index keeps
-- this one pass over the table rather than one per member.
CREATE INDEX `members_phone_migrating` ON `members` (`phone_e164`, `registered_at`, `id`);--> statement-breakpoint
UPDATE `members` SET `phone_duplicate_of` = (
  SELECT k.`id` FROM `members` k WHERE k.`phone_e164` = `members`.`phone_e164` ORDER BY k.`registered_at`, k.`id` LIMIT 1
)
WHERE EXISTS (
  SELECT 1 FROM `members` e
  WHERE e.`phone_e164` = `members`.`phone_e164`
    AND (e.`registered_at` < `members`.`registered_at`
      OR (e.`registered_at` = `members`.`registered_at` AND e.`id` < `members`.`id`))
);--> statement-breakpoint
DROP INDEX `members_phone_migrating`;--> statement-breakpoint
CREATE UNIQUE INDEX `members_phone` ON `members` (`phone_e164`) WHERE "members"."phone_duplicate_of" IS NULL;