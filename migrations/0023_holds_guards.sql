-- Holds (issue 13): the pending half of a two-phase transfer, guarded by the database like balances.
-- Let E be the latest expiry of a wallet's pending holds that are still live, H their sum, and live_at(T) the
-- points of the wallet's lots that are still live at T. The guards keep live_at(E) - H >= 0 at all times, so the
-- points held are there until every hold has ended, whatever is spent, expired or reversed meanwhile:
--   * a hold is placed only if live_at(max(E, its expiry)) - H >= its points;
--   * every other debit of the wallet (a coupon, a refund reversal, a transfer, a capture: all but the expiry of
--     a lot that has expired) is refused unless live_at(E) - H >= its amount;
--   * an expired hold counts for nothing from its expiry on (read-time guard), whether or not the sweep has marked
--     it `expired` yet.
-- The ledger's own triggers (0001) are left as they are; these add to them. Codes: insufficient_points (as any
-- spend beyond what a wallet has), hold_captured / hold_voided / hold_expired (a hold already ended).
CREATE TRIGGER `holds_place` BEFORE INSERT ON `holds`
BEGIN
  SELECT RAISE(ABORT, 'insufficient_points') WHERE NEW.`account_id` IS NULL;

  SELECT RAISE(ABORT, 'unknown_account')
  WHERE NOT EXISTS (SELECT 1 FROM `accounts` a WHERE a.`id` = NEW.`account_id` AND a.`kind` = 'wallet'
                    AND a.`point_type` = NEW.`point_type`);

  SELECT RAISE(ABORT, 'invalid_hold')
  WHERE NEW.`status` <> 'pending' OR NEW.`captured` <> 0 OR NEW.`settled_at` IS NOT NULL OR NEW.`capture_key` IS NOT NULL;

  SELECT RAISE(ABORT, 'insufficient_points')
  WHERE (SELECT COALESCE(SUM(l.`remaining`), 0) FROM `lots` l
         WHERE l.`account_id` = NEW.`account_id` AND l.`remaining` > 0
           AND (l.`expires_at` IS NULL OR l.`expires_at` > MAX(NEW.`expires_at`, COALESCE(
             (SELECT MAX(h.`expires_at`) FROM `holds` h WHERE h.`account_id` = NEW.`account_id`
                AND h.`status` = 'pending' AND h.`expires_at` > NEW.`created_at`), 0))))
      - (SELECT COALESCE(SUM(h.`amount`), 0) FROM `holds` h
         WHERE h.`account_id` = NEW.`account_id` AND h.`status` = 'pending' AND h.`expires_at` > NEW.`created_at`)
      < NEW.`amount`;
END;
--> statement-breakpoint
-- A hold ends once: captured (before it expires, at most what it holds), voided (before it expires) or expired
-- (by the sweep, once its time has come). What it is never changes.
CREATE TRIGGER `holds_settle` BEFORE UPDATE ON `holds`
BEGIN
  SELECT RAISE(ABORT, 'ledger_append_only')
  WHERE NEW.`id` IS NOT OLD.`id` OR NEW.`hold_key` IS NOT OLD.`hold_key` OR NEW.`account_id` IS NOT OLD.`account_id`
     OR NEW.`point_type` IS NOT OLD.`point_type` OR NEW.`amount` IS NOT OLD.`amount`
     OR NEW.`created_at` IS NOT OLD.`created_at` OR NEW.`expires_at` IS NOT OLD.`expires_at`
     OR NEW.`params` IS NOT OLD.`params`;

  SELECT RAISE(ABORT, 'hold_captured') WHERE OLD.`status` = 'captured';
  SELECT RAISE(ABORT, 'hold_voided') WHERE OLD.`status` = 'voided';
  SELECT RAISE(ABORT, 'hold_expired') WHERE OLD.`status` = 'expired';

  SELECT RAISE(ABORT, 'hold_expired')
  WHERE NEW.`status` IN ('captured', 'voided') AND (NEW.`settled_at` IS NULL OR NEW.`settled_at` >= OLD.`expires_at`);

  SELECT RAISE(ABORT, 'hold_not_expired')
  WHERE NEW.`status` = 'expired' AND (NEW.`settled_at` IS NULL OR NEW.`settled_at` < OLD.`expires_at`);

  SELECT RAISE(ABORT, 'capture_exceeds_hold')
  WHERE NEW.`status` = 'captured' AND NEW.`captured` > OLD.`amount`;

  SELECT RAISE(ABORT, 'invalid_hold')
  WHERE NEW.`status` = 'pending' OR (NEW.`status` = 'captured') <> (NEW.`capture_key` IS NOT NULL);
END;
--> statement-breakpoint
CREATE TRIGGER `holds_no_delete` BEFORE DELETE ON `holds`
BEGIN
  SELECT RAISE(ABORT, 'ledger_append_only');
END;
--> statement-breakpoint
-- Every debit of a wallet that has live pending holds, but the expiry of a lot that has expired, stays within
-- what those holds leave. The WHEN keeps the common case (no hold) to one index probe.
CREATE TRIGGER `transfers_hold_guard` BEFORE INSERT ON `transfers`
WHEN NEW.`expires_lot_id` IS NULL AND EXISTS (
  SELECT 1 FROM `holds` h WHERE h.`account_id` = NEW.`debit_account_id` AND h.`status` = 'pending'
    AND h.`expires_at` > NEW.`created_at`)
BEGIN
  SELECT RAISE(ABORT, 'insufficient_points')
  WHERE (SELECT COALESCE(SUM(l.`remaining`), 0) FROM `lots` l
         WHERE l.`account_id` = NEW.`debit_account_id` AND l.`remaining` > 0
           AND (l.`expires_at` IS NULL OR l.`expires_at` > (
             SELECT MAX(h.`expires_at`) FROM `holds` h WHERE h.`account_id` = NEW.`debit_account_id`
               AND h.`status` = 'pending' AND h.`expires_at` > NEW.`created_at`)))
      - (SELECT COALESCE(SUM(h.`amount`), 0) FROM `holds` h
         WHERE h.`account_id` = NEW.`debit_account_id` AND h.`status` = 'pending' AND h.`expires_at` > NEW.`created_at`)
      < NEW.`amount`;
END;
