-- A link code is live until used or expired; two live codes never share digits, and a code is used once.
CREATE TRIGGER `link_codes_unique_live` BEFORE INSERT ON `link_codes`
WHEN EXISTS (SELECT 1 FROM `link_codes` WHERE `code` = NEW.`code` AND `used_at` IS NULL AND `expires_at` > NEW.`created_at`)
BEGIN
  SELECT RAISE(ABORT, 'link_code_taken');
END;
--> statement-breakpoint
CREATE TRIGGER `link_codes_use_once` BEFORE UPDATE ON `link_codes`
BEGIN
  SELECT RAISE(ABORT, 'link_code_used') WHERE OLD.`used_at` IS NOT NULL;
  SELECT RAISE(ABORT, 'link_code_expired') WHERE NEW.`used_at` >= OLD.`expires_at`;
  SELECT RAISE(ABORT, 'ledger_append_only')
  WHERE NEW.`code` <> OLD.`code` OR NEW.`member_id` <> OLD.`member_id` OR NEW.`expires_at` <> OLD.`expires_at`;
END;
