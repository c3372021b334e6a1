-- Guards of link codes and phone numbers (issue 12, items 7 and 10); the arithmetic is in
-- src/members/domain/link-code.ts. A wrong guess's bucket is the first 3 digits of the code entered.

-- Every code entered is recorded before it is checked, and refused here when a limit is reached (the turn then
-- answers "too many tries" and records nothing): 5 wrong codes from one chat in 10 minutes lock that chat; and,
-- program-wide, once NEW.max_wrong_per_minute (LINK_MAX_WRONG_PER_MINUTE, carried by the row) wrong codes came in
-- the last 60 seconds, nothing more is checked, right or wrong, until the minute has passed.
CREATE TRIGGER `link_attempts_limits` BEFORE INSERT ON `link_attempts`
BEGIN
  SELECT RAISE(ABORT, 'link_identity_locked')
  WHERE (SELECT COUNT(*) FROM `link_attempts`
         WHERE `channel` = NEW.`channel` AND `user_id` = NEW.`user_id` AND `ok` = 0 AND `at` > NEW.`at` - 600000) >= 5;
  SELECT RAISE(ABORT, 'link_rate_limited')
  WHERE NEW.`max_wrong_per_minute` IS NOT NULL
    AND (SELECT COUNT(*) FROM `link_attempts` WHERE `ok` = 0 AND `at` > NEW.`at` - 60000) >= NEW.`max_wrong_per_minute`;
END;
--> statement-breakpoint
-- A code is used once, before it expires, and not after 5 wrong guesses in its bucket since it was issued (from
-- anyone: a code dies after 5 wrong attempts). Only the used_* columns may change, once.
DROP TRIGGER `link_codes_use_once`;
--> statement-breakpoint
CREATE TRIGGER `link_codes_use_once` BEFORE UPDATE ON `link_codes`
BEGIN
  SELECT RAISE(ABORT, 'link_code_used') WHERE OLD.`used_at` IS NOT NULL;
  SELECT RAISE(ABORT, 'link_code_expired') WHERE NEW.`used_at` >= OLD.`expires_at`;
  SELECT RAISE(ABORT, 'link_code_dead')
  WHERE (SELECT COUNT(*) FROM `link_attempts`
         WHERE `bucket` = substr(OLD.`code`, 1, 3) AND `ok` = 0 AND `at` >= OLD.`created_at`) >= 5;
  SELECT RAISE(ABORT, 'ledger_append_only')
  WHERE NEW.`code` <> OLD.`code` OR NEW.`member_id` <> OLD.`member_id` OR NEW.`expires_at` <> OLD.`expires_at`
     OR NEW.`created_at` <> OLD.`created_at`
     OR NEW.`issued_channel` IS NOT OLD.`issued_channel` OR NEW.`issued_user_id` IS NOT OLD.`issued_user_id`;
END;
--> statement-breakpoint
-- phone_duplicate_of is the mark 0018 left on members who shared a number before numbers were unique; nobody new
-- gets it, and a marked member cannot change number while marked (either would step around members_phone).
CREATE TRIGGER `members_phone_duplicate_insert` BEFORE INSERT ON `members`
WHEN NEW.`phone_duplicate_of` IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'members_phone_duplicate_frozen');
END;
--> statement-breakpoint
CREATE TRIGGER `members_phone_duplicate_update` BEFORE UPDATE OF `phone_duplicate_of`, `phone_e164` ON `members`
WHEN NEW.`phone_duplicate_of` IS NOT NULL
  AND (OLD.`phone_duplicate_of` IS NOT NEW.`phone_duplicate_of` OR OLD.`phone_e164` IS NOT NEW.`phone_e164`)
BEGIN
  SELECT RAISE(ABORT, 'members_phone_duplicate_frozen');
END;
