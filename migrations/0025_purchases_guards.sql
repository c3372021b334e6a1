-- Purchases and refunds (issue 13): the guards drizzle's schema cannot express.
-- A refund never takes back more money than the purchase had left, nor more points than it earned: each refund adds
-- its amount to purchases.refunded_amount (CHECK <= amount) and each of its lines adds what it is due to take back
-- to purchase_earnings.reversed (CHECK <= points). What the reversal transfer actually took (never more than the
-- wallet can spend: src/ledger/db/holds-sql.ts cappedDebit) is read from the transfer itself.
CREATE TRIGGER `purchase_refunds_within` BEFORE INSERT ON `purchase_refunds`
BEGIN
  SELECT RAISE(ABORT, 'purchase_not_found')
  WHERE NOT EXISTS (SELECT 1 FROM `purchases` WHERE `id` = NEW.`purchase_id`);
  SELECT RAISE(ABORT, 'refund_exceeds_purchase')
  WHERE (SELECT `refunded_amount` + NEW.`amount` > `amount` FROM `purchases` WHERE `id` = NEW.`purchase_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `purchase_refunds_post` AFTER INSERT ON `purchase_refunds`
BEGIN
  UPDATE `purchases` SET `refunded_amount` = `refunded_amount` + NEW.`amount` WHERE `id` = NEW.`purchase_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `refund_lines_within` BEFORE INSERT ON `refund_lines`
BEGIN
  SELECT RAISE(ABORT, 'refund_exceeds_earned')
  WHERE (SELECT `reversed` + NEW.`due` > `points` FROM `purchase_earnings` WHERE `id` = NEW.`earning_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `refund_lines_post` AFTER INSERT ON `refund_lines`
BEGIN
  UPDATE `purchase_earnings` SET `reversed` = `reversed` + NEW.`due` WHERE `id` = NEW.`earning_id`;
END;
--> statement-breakpoint
-- Recorded purchases and refunds keep what they were: only the refunded and reversed totals grow, by the triggers.
CREATE TRIGGER `purchases_fixed` BEFORE UPDATE ON `purchases`
WHEN NEW.`id` IS NOT OLD.`id` OR NEW.`store_code` IS NOT OLD.`store_code` OR NEW.`receipt` IS NOT OLD.`receipt`
  OR NEW.`member_id` IS NOT OLD.`member_id` OR NEW.`amount` IS NOT OLD.`amount` OR NEW.`at` IS NOT OLD.`at`
  OR NEW.`request_hash` IS NOT OLD.`request_hash` OR NEW.`detail` IS NOT OLD.`detail`
  OR NEW.`refunded_amount` < OLD.`refunded_amount`
BEGIN
  SELECT RAISE(ABORT, 'ledger_append_only');
END;
--> statement-breakpoint
CREATE TRIGGER `purchase_earnings_fixed` BEFORE UPDATE ON `purchase_earnings`
WHEN NEW.`id` IS NOT OLD.`id` OR NEW.`purchase_id` IS NOT OLD.`purchase_id` OR NEW.`seq` IS NOT OLD.`seq`
  OR NEW.`points` IS NOT OLD.`points` OR NEW.`transfer_key` IS NOT OLD.`transfer_key`
  OR NEW.`point_type` IS NOT OLD.`point_type` OR NEW.`rule_code` IS NOT OLD.`rule_code`
  OR NEW.`reversed` < OLD.`reversed`
BEGIN
  SELECT RAISE(ABORT, 'ledger_append_only');
END;
--> statement-breakpoint
CREATE TRIGGER `purchases_no_delete` BEFORE DELETE ON `purchases`
BEGIN
  SELECT RAISE(ABORT, 'ledger_append_only');
END;
--> statement-breakpoint
CREATE TRIGGER `purchase_earnings_no_delete` BEFORE DELETE ON `purchase_earnings`
BEGIN
  SELECT RAISE(ABORT, 'ledger_append_only');
END;
--> statement-breakpoint
CREATE TRIGGER `purchase_refunds_no_change` BEFORE UPDATE ON `purchase_refunds`
BEGIN
  SELECT RAISE(ABORT, 'ledger_append_only');
END;
--> statement-breakpoint
CREATE TRIGGER `purchase_refunds_no_delete` BEFORE DELETE ON `purchase_refunds`
BEGIN
  SELECT RAISE(ABORT, 'ledger_append_only');
END;
--> statement-breakpoint
CREATE TRIGGER `refund_lines_no_change` BEFORE UPDATE ON `refund_lines`
BEGIN
  SELECT RAISE(ABORT, 'ledger_append_only');
END;
--> statement-breakpoint
CREATE TRIGGER `refund_lines_no_delete` BEFORE DELETE ON `refund_lines`
BEGIN
  SELECT RAISE(ABORT, 'ledger_append_only');
END;
