-- Posting a transfer with less work (issue 12), the rules of 0001's `transfers_post` unchanged.
-- 1. `accounts.lot_total` (0026) is the sum of a wallet's lots' remaining points. Two
--    triggers on `lots` keep it at every change of a lot, whoever writes it (lots are never deleted and never
--    change account), so the posting triggers check "balance = sum of its lots" as balance = lot_total, one row
--    read, instead of summing the wallet's lots on every transfer.
-- 2. `transfers_post` becomes four triggers, one per kind of transfer. Their WHEN conditions split every insert
--    into exactly one kind (an expiry; a reversal; a plain transfer from a wallet; any other plain transfer), and
--    each holds, in 0001's order and word for word, those of 0001's statements whose WHERE can be true for that
--    kind: the others could only do nothing, and a plain credit or debit no longer runs them.
UPDATE `accounts` SET `lot_total` = (
  SELECT COALESCE(SUM(l.`remaining`), 0) FROM `lots` l WHERE l.`account_id` = `accounts`.`id` AND l.`remaining` > 0);
--> statement-breakpoint
CREATE TRIGGER `lots_total_insert` AFTER INSERT ON `lots`
BEGIN
  UPDATE `accounts` SET `lot_total` = `lot_total` + NEW.`remaining` WHERE `id` = NEW.`account_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `lots_total_update` AFTER UPDATE OF `remaining` ON `lots`
WHEN NEW.`remaining` IS NOT OLD.`remaining`
BEGIN
  UPDATE `accounts` SET `lot_total` = `lot_total` + NEW.`remaining` - OLD.`remaining` WHERE `id` = NEW.`account_id`;
END;
--> statement-breakpoint
DROP TRIGGER `transfers_post`;
--> statement-breakpoint
-- Any plain transfer (no lot named, nothing reversed) from an account that is not a wallet: issuance to a wallet,
-- a budget to a wallet, issuance to a budget... Balances, and a credit to a wallet makes one lot.
CREATE TRIGGER `transfers_post_plain` AFTER INSERT ON `transfers`
WHEN NEW.`expires_lot_id` IS NULL AND NEW.`reverses_transfer_id` IS NULL
  AND (SELECT `kind` FROM `accounts` WHERE `id` = NEW.`debit_account_id`) IS NOT 'wallet'
BEGIN
  UPDATE `accounts` SET `balance` = `balance` - NEW.`amount` WHERE `id` = NEW.`debit_account_id`;
  UPDATE `accounts` SET `balance` = `balance` + NEW.`amount` WHERE `id` = NEW.`credit_account_id`;

  -- Any other credit to a wallet: one new lot with the expiry the caller computed from the point type.
  INSERT INTO `lots` (`account_id`, `source_transfer_id`, `amount`, `remaining`, `expires_at`, `created_at`)
  SELECT NEW.`credit_account_id`, NEW.`id`, NEW.`amount`, NEW.`amount`, NEW.`lot_expires_at`, NEW.`created_at`
  WHERE NEW.`reverses_transfer_id` IS NULL
    AND (SELECT `kind` FROM `accounts` WHERE `id` = NEW.`credit_account_id`) = 'wallet'
    AND (SELECT `kind` FROM `accounts` WHERE `id` = NEW.`debit_account_id`) <> 'wallet';

  -- The invariant itself: a wallet's balance is the sum of its lots (lot_total).
  SELECT RAISE(ABORT, 'lot_invariant_violated')
  WHERE EXISTS (
    SELECT 1 FROM `accounts` a
    WHERE a.`id` IN (NEW.`debit_account_id`, NEW.`credit_account_id`) AND a.`kind` = 'wallet'
      AND a.`balance` <> a.`lot_total`);
END;
--> statement-breakpoint
-- A plain transfer from a wallet: a spend (to redemption, a partner...) or a gift to another wallet.
CREATE TRIGGER `transfers_post_from_wallet` AFTER INSERT ON `transfers`
WHEN NEW.`expires_lot_id` IS NULL AND NEW.`reverses_transfer_id` IS NULL
  AND (SELECT `kind` FROM `accounts` WHERE `id` = NEW.`debit_account_id`) IS 'wallet'
BEGIN
  UPDATE `accounts` SET `balance` = `balance` - NEW.`amount` WHERE `id` = NEW.`debit_account_id`;
  UPDATE `accounts` SET `balance` = `balance` + NEW.`amount` WHERE `id` = NEW.`credit_account_id`;

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

  -- Live lots could not cover the debit (the rest has expired and awaits the sweep).
  SELECT RAISE(ABORT, 'insufficient_points')
  WHERE (SELECT `kind` FROM `accounts` WHERE `id` = NEW.`debit_account_id`) = 'wallet'
    AND (SELECT COALESCE(-SUM(m.`delta`), 0) FROM `lot_movements` m JOIN `lots` l ON l.`id` = m.`lot_id`
         WHERE m.`transfer_id` = NEW.`id` AND l.`account_id` = NEW.`debit_account_id`) <> NEW.`amount`;

  -- The invariant itself: a wallet's balance is the sum of its lots (lot_total).
  SELECT RAISE(ABORT, 'lot_invariant_violated')
  WHERE EXISTS (
    SELECT 1 FROM `accounts` a
    WHERE a.`id` IN (NEW.`debit_account_id`, NEW.`credit_account_id`) AND a.`kind` = 'wallet'
      AND a.`balance` <> a.`lot_total`);
END;
--> statement-breakpoint
-- A reversal (never of an expiry: 0001's transfers_validate refuses those, but this trigger does not count on it).
CREATE TRIGGER `transfers_post_reversal` AFTER INSERT ON `transfers`
WHEN NEW.`expires_lot_id` IS NULL AND NEW.`reverses_transfer_id` IS NOT NULL
BEGIN
  UPDATE `accounts` SET `balance` = `balance` - NEW.`amount` WHERE `id` = NEW.`debit_account_id`;
  UPDATE `accounts` SET `balance` = `balance` + NEW.`amount` WHERE `id` = NEW.`credit_account_id`;

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

  -- Live lots could not cover the debit (the rest has expired and awaits the sweep).
  SELECT RAISE(ABORT, 'insufficient_points')
  WHERE (SELECT `kind` FROM `accounts` WHERE `id` = NEW.`debit_account_id`) = 'wallet'
    AND (SELECT COALESCE(-SUM(m.`delta`), 0) FROM `lot_movements` m JOIN `lots` l ON l.`id` = m.`lot_id`
         WHERE m.`transfer_id` = NEW.`id` AND l.`account_id` = NEW.`debit_account_id`) <> NEW.`amount`;

  -- The invariant itself: a wallet's balance is the sum of its lots (lot_total).
  SELECT RAISE(ABORT, 'lot_invariant_violated')
  WHERE EXISTS (
    SELECT 1 FROM `accounts` a
    WHERE a.`id` IN (NEW.`debit_account_id`, NEW.`credit_account_id`) AND a.`kind` = 'wallet'
      AND a.`balance` <> a.`lot_total`);
END;
--> statement-breakpoint
-- An expiry: what is left of the one lot it names goes to the expiry account.
CREATE TRIGGER `transfers_post_expiry` AFTER INSERT ON `transfers`
WHEN NEW.`expires_lot_id` IS NOT NULL
BEGIN
  UPDATE `accounts` SET `balance` = `balance` - NEW.`amount` WHERE `id` = NEW.`debit_account_id`;
  UPDATE `accounts` SET `balance` = `balance` + NEW.`amount` WHERE `id` = NEW.`credit_account_id`;

  -- Debit from a wallet, expiry: the one named lot.
  INSERT INTO `lot_movements` (`transfer_id`, `lot_id`, `delta`)
  SELECT NEW.`id`, NEW.`expires_lot_id`, -NEW.`amount`
  WHERE NEW.`expires_lot_id` IS NOT NULL;

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

  -- The invariant itself: a wallet's balance is the sum of its lots (lot_total).
  SELECT RAISE(ABORT, 'lot_invariant_violated')
  WHERE EXISTS (
    SELECT 1 FROM `accounts` a
    WHERE a.`id` IN (NEW.`debit_account_id`, NEW.`credit_account_id`) AND a.`kind` = 'wallet'
      AND a.`balance` <> a.`lot_total`);
END;
