-- Ledger guards that drizzle's schema cannot express. Every rule that keeps points from being lost,
-- duplicated or invented is here, so it holds for any writer on either driver (better-sqlite3, D1).
-- Error messages are stable codes that src/adapters/db/errors.ts classifies as refusals.

-- Accounts: never deleted; identity fixed once opened; only for a known point type.
CREATE TRIGGER `accounts_point_type_known` BEFORE INSERT ON `accounts`
WHEN NOT EXISTS (SELECT 1 FROM `point_types` WHERE `code` = NEW.`point_type`)
BEGIN
  SELECT RAISE(ABORT, 'unknown_point_type');
END;
--> statement-breakpoint
CREATE TRIGGER `accounts_no_delete` BEFORE DELETE ON `accounts`
BEGIN
  SELECT RAISE(ABORT, 'ledger_append_only');
END;
--> statement-breakpoint
CREATE TRIGGER `accounts_identity_fixed` BEFORE UPDATE OF `kind`, `owner`, `point_type`, `may_go_negative` ON `accounts`
BEGIN
  SELECT RAISE(ABORT, 'ledger_append_only');
END;
--> statement-breakpoint
-- Transfers, lots and lot movements are append-only: a correction is a reversal transfer.
CREATE TRIGGER `transfers_no_update` BEFORE UPDATE ON `transfers`
BEGIN
  SELECT RAISE(ABORT, 'ledger_append_only');
END;
--> statement-breakpoint
CREATE TRIGGER `transfers_no_delete` BEFORE DELETE ON `transfers`
BEGIN
  SELECT RAISE(ABORT, 'ledger_append_only');
END;
--> statement-breakpoint
CREATE TRIGGER `lots_no_delete` BEFORE DELETE ON `lots`
BEGIN
  SELECT RAISE(ABORT, 'ledger_append_only');
END;
--> statement-breakpoint
CREATE TRIGGER `lots_identity_fixed` BEFORE UPDATE OF `account_id`, `source_transfer_id`, `amount`, `expires_at`, `created_at` ON `lots`
BEGIN
  SELECT RAISE(ABORT, 'ledger_append_only');
END;
--> statement-breakpoint
CREATE TRIGGER `lot_movements_no_update` BEFORE UPDATE ON `lot_movements`
BEGIN
  SELECT RAISE(ABORT, 'ledger_append_only');
END;
--> statement-breakpoint
CREATE TRIGGER `lot_movements_no_delete` BEFORE DELETE ON `lot_movements`
BEGIN
  SELECT RAISE(ABORT, 'ledger_append_only');
END;
--> statement-breakpoint
-- A transfer is checked before it is written. The order of the checks decides which code a caller sees.
CREATE TRIGGER `transfers_validate` BEFORE INSERT ON `transfers`
BEGIN
  SELECT RAISE(ABORT, 'unknown_point_type')
  WHERE NOT EXISTS (SELECT 1 FROM `point_types` WHERE `code` = NEW.`point_type`);

  SELECT RAISE(ABORT, 'unknown_account')
  WHERE NEW.`debit_account_id` IS NULL OR NEW.`credit_account_id` IS NULL
     OR NOT EXISTS (SELECT 1 FROM `accounts` WHERE `id` = NEW.`debit_account_id`)
     OR NOT EXISTS (SELECT 1 FROM `accounts` WHERE `id` = NEW.`credit_account_id`);

  SELECT RAISE(ABORT, 'same_account')
  WHERE NEW.`debit_account_id` = NEW.`credit_account_id`;

  SELECT RAISE(ABORT, 'point_type_mismatch')
  WHERE (SELECT `point_type` FROM `accounts` WHERE `id` = NEW.`debit_account_id`) IS NOT NEW.`point_type`
     OR (SELECT `point_type` FROM `accounts` WHERE `id` = NEW.`credit_account_id`) IS NOT NEW.`point_type`;

  SELECT RAISE(ABORT, 'invalid_amount')
  WHERE typeof(NEW.`amount`) <> 'integer' OR NEW.`amount` < 1 OR NEW.`amount` > 2147483647;

  -- Points are only created (debited from issuance) inside the point type's issuing window.
  SELECT RAISE(ABORT, 'point_type_not_issuing')
  WHERE (SELECT `kind` FROM `accounts` WHERE `id` = NEW.`debit_account_id`) = 'issuance'
    AND NEW.`reverses_transfer_id` IS NULL
    AND EXISTS (
      SELECT 1 FROM `point_types` p WHERE p.`code` = NEW.`point_type`
        AND ((p.`issue_from` IS NOT NULL AND NEW.`created_at` < p.`issue_from`)
          OR (p.`issue_to` IS NOT NULL AND NEW.`created_at` >= p.`issue_to`)));

  SELECT RAISE(ABORT, 'unknown_transfer')
  WHERE NEW.`reverses_transfer_id` IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM `transfers` WHERE `id` = NEW.`reverses_transfer_id`);

  -- Reversals and expiries are corrections themselves; they are not reversed again.
  SELECT RAISE(ABORT, 'not_reversible')
  WHERE NEW.`reverses_transfer_id` IS NOT NULL
    AND EXISTS (SELECT 1 FROM `transfers` o WHERE o.`id` = NEW.`reverses_transfer_id`
                AND (o.`reverses_transfer_id` IS NOT NULL OR o.`expires_lot_id` IS NOT NULL));

  SELECT RAISE(ABORT, 'already_reversed')
  WHERE NEW.`reverses_transfer_id` IS NOT NULL
    AND EXISTS (SELECT 1 FROM `transfers` WHERE `reverses_transfer_id` = NEW.`reverses_transfer_id`);

  SELECT RAISE(ABORT, 'reversal_mismatch')
  WHERE NEW.`reverses_transfer_id` IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM `transfers` o WHERE o.`id` = NEW.`reverses_transfer_id`
                    AND o.`debit_account_id` = NEW.`credit_account_id`
                    AND o.`credit_account_id` = NEW.`debit_account_id`
                    AND o.`amount` = NEW.`amount` AND o.`point_type` = NEW.`point_type`);

  -- An expiry takes exactly what is left of one lot of the debited wallet, once it has expired.
  SELECT RAISE(ABORT, 'invalid_expiry')
  WHERE NEW.`expires_lot_id` IS NOT NULL
    AND (NOT EXISTS (SELECT 1 FROM `lots` l WHERE l.`id` = NEW.`expires_lot_id`
                     AND l.`account_id` = NEW.`debit_account_id` AND l.`remaining` = NEW.`amount`
                     AND l.`expires_at` IS NOT NULL AND l.`expires_at` <= NEW.`created_at`)
         OR (SELECT `kind` FROM `accounts` WHERE `id` = NEW.`credit_account_id`) <> 'expiry'
         OR NEW.`reverses_transfer_id` IS NOT NULL);

  SELECT RAISE(ABORT, 'budget_exhausted')
  WHERE EXISTS (SELECT 1 FROM `accounts` a WHERE a.`id` = NEW.`debit_account_id`
                AND a.`kind` = 'campaign_budget' AND a.`balance` < NEW.`amount`);

  SELECT RAISE(ABORT, 'insufficient_points')
  WHERE EXISTS (SELECT 1 FROM `accounts` a WHERE a.`id` = NEW.`debit_account_id`
                AND a.`may_go_negative` = 0 AND a.`balance` < NEW.`amount`);
END;
--> statement-breakpoint
-- Posting a transfer: balances, then lots. One trigger, so the order of its steps is the order written.
CREATE TRIGGER `transfers_post` AFTER INSERT ON `transfers`
BEGIN
  UPDATE `accounts` SET `balance` = `balance` - NEW.`amount` WHERE `id` = NEW.`debit_account_id`;
  UPDATE `accounts` SET `balance` = `balance` + NEW.`amount` WHERE `id` = NEW.`credit_account_id`;

  -- Debit from a wallet, expiry: the one named lot.
  INSERT INTO `lot_movements` (`transfer_id`, `lot_id`, `delta`)
  SELECT NEW.`id`, NEW.`expires_lot_id`, -NEW.`amount`
  WHERE NEW.`expires_lot_id` IS NOT NULL;

  -- Debit from a wallet, otherwise: live lots, earliest expiry first (never-expiring last). A reversal of a
  -- credit first takes back the lots that credit created, whether or not they have expired since.
  INSERT INTO `lot_movements` (`transfer_id`, `lot_id`, `delta`)
  SELECT NEW.`id`, c.`id`, -MIN(c.`remaining`, NEW.`amount` - c.`taken_before`)
  FROM (
    SELECT l.`id`, l.`remaining`,
      COALESCE(SUM(l.`remaining`) OVER (
        ORDER BY (l.`source_transfer_id` IS NOT NEW.`reverses_transfer_id`), l.`expires_at` IS NULL, l.`expires_at`, l.`id`
        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS `taken_before`
    FROM `lots` l
    WHERE l.`account_id` = NEW.`debit_account_id` AND l.`remaining` > 0
      AND (l.`expires_at` IS NULL OR l.`expires_at` > NEW.`created_at`
           OR l.`source_transfer_id` IS NEW.`reverses_transfer_id`)
  ) c
  WHERE c.`taken_before` < NEW.`amount`
    AND NEW.`expires_lot_id` IS NULL
    AND (SELECT `kind` FROM `accounts` WHERE `id` = NEW.`debit_account_id`) = 'wallet';

  -- Credit to a wallet by a reversal: put back exactly what the reversed transfer took, lot by lot.
  INSERT INTO `lot_movements` (`transfer_id`, `lot_id`, `delta`)
  SELECT NEW.`id`, m.`lot_id`, -m.`delta`
  FROM `lot_movements` m
  WHERE NEW.`reverses_transfer_id` IS NOT NULL AND m.`transfer_id` = NEW.`reverses_transfer_id` AND m.`delta` < 0
    AND (SELECT `kind` FROM `accounts` WHERE `id` = NEW.`credit_account_id`) = 'wallet';

  UPDATE `lots`
  SET `remaining` = `remaining` + (SELECT m.`delta` FROM `lot_movements` m WHERE m.`transfer_id` = NEW.`id` AND m.`lot_id` = `lots`.`id`),
      `restorations` = `restorations` + (CASE WHEN `account_id` = NEW.`credit_account_id` THEN 1 ELSE 0 END)
  WHERE `id` IN (SELECT `lot_id` FROM `lot_movements` WHERE `transfer_id` = NEW.`id`);

  -- Wallet to wallet: the receiver gets lots that keep the expiry of the points they came from.
  INSERT INTO `lots` (`account_id`, `source_transfer_id`, `amount`, `remaining`, `expires_at`, `created_at`)
  SELECT NEW.`credit_account_id`, NEW.`id`, -m.`delta`, -m.`delta`, l.`expires_at`, NEW.`created_at`
  FROM `lot_movements` m JOIN `lots` l ON l.`id` = m.`lot_id`
  WHERE m.`transfer_id` = NEW.`id` AND m.`delta` < 0 AND NEW.`reverses_transfer_id` IS NULL
    AND (SELECT `kind` FROM `accounts` WHERE `id` = NEW.`credit_account_id`) = 'wallet'
    AND (SELECT `kind` FROM `accounts` WHERE `id` = NEW.`debit_account_id`) = 'wallet';

  -- Any other credit to a wallet: one new lot with the expiry the caller computed from the point type.
  INSERT INTO `lots` (`account_id`, `source_transfer_id`, `amount`, `remaining`, `expires_at`, `created_at`)
  SELECT NEW.`credit_account_id`, NEW.`id`, NEW.`amount`, NEW.`amount`, NEW.`lot_expires_at`, NEW.`created_at`
  WHERE NEW.`reverses_transfer_id` IS NULL
    AND (SELECT `kind` FROM `accounts` WHERE `id` = NEW.`credit_account_id`) = 'wallet'
    AND (SELECT `kind` FROM `accounts` WHERE `id` = NEW.`debit_account_id`) <> 'wallet';

  -- Live lots could not cover the debit (the rest has expired and awaits the sweep).
  SELECT RAISE(ABORT, 'insufficient_points')
  WHERE (SELECT `kind` FROM `accounts` WHERE `id` = NEW.`debit_account_id`) = 'wallet'
    AND (SELECT COALESCE(-SUM(m.`delta`), 0) FROM `lot_movements` m JOIN `lots` l ON l.`id` = m.`lot_id`
         WHERE m.`transfer_id` = NEW.`id` AND l.`account_id` = NEW.`debit_account_id`) <> NEW.`amount`;

  -- The invariant itself: a wallet's balance is the sum of its live lots.
  SELECT RAISE(ABORT, 'lot_invariant_violated')
  WHERE EXISTS (
    SELECT 1 FROM `accounts` a
    WHERE a.`id` IN (NEW.`debit_account_id`, NEW.`credit_account_id`) AND a.`kind` = 'wallet'
      AND a.`balance` <> (SELECT COALESCE(SUM(`remaining`), 0) FROM `lots` WHERE `account_id` = a.`id` AND `remaining` > 0));
END;
