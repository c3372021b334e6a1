-- Guards for check-ins, giveaways and coupons. Caps and limits are decided here, inside the batch of the
-- claim or redemption, so no amount of concurrency can oversell a giveaway or a coupon.

-- A claim is checked against its giveaway: window, audience, budget left, per-member daily and total limits.
CREATE TRIGGER `giveaway_claims_guard` BEFORE INSERT ON `giveaway_claims`
BEGIN
  SELECT RAISE(ABORT, 'unknown_giveaway')
  WHERE NOT EXISTS (SELECT 1 FROM `giveaways` WHERE `code` = NEW.`giveaway_code`);

  SELECT RAISE(ABORT, 'giveaway_not_started')
  WHERE (SELECT `starts_at` FROM `giveaways` WHERE `code` = NEW.`giveaway_code`) > NEW.`created_at`;

  SELECT RAISE(ABORT, 'giveaway_ended')
  WHERE (SELECT `ends_at` FROM `giveaways` WHERE `code` = NEW.`giveaway_code`) <= NEW.`created_at`;

  SELECT RAISE(ABORT, 'not_eligible')
  WHERE EXISTS (
    SELECT 1 FROM `giveaways` g JOIN `members` m ON m.`id` = NEW.`member_id`
    WHERE g.`code` = NEW.`giveaway_code`
      AND ((g.`registered_from` IS NOT NULL AND m.`registered_local_date` < g.`registered_from`)
        OR (g.`registered_to` IS NOT NULL AND m.`registered_local_date` > g.`registered_to`)));

  SELECT RAISE(ABORT, 'sold_out')
  WHERE NOT EXISTS (
    SELECT 1 FROM `giveaways` g JOIN `accounts` a
      ON a.`kind` = 'campaign_budget' AND a.`owner` = g.`code` AND a.`point_type` = g.`point_type`
    WHERE g.`code` = NEW.`giveaway_code` AND a.`balance` >= g.`per_claim`);

  SELECT RAISE(ABORT, 'total_limit_reached')
  WHERE NEW.`total_seq` > (SELECT `total_limit` FROM `giveaways` WHERE `code` = NEW.`giveaway_code`);

  SELECT RAISE(ABORT, 'daily_limit_reached')
  WHERE NEW.`day_seq` > (SELECT `daily_limit` FROM `giveaways` WHERE `code` = NEW.`giveaway_code`);
END;
--> statement-breakpoint
CREATE TRIGGER `giveaway_claims_no_change` BEFORE UPDATE ON `giveaway_claims`
BEGIN
  SELECT RAISE(ABORT, 'ledger_append_only');
END;
--> statement-breakpoint
CREATE TRIGGER `giveaway_claims_no_delete` BEFORE DELETE ON `giveaway_claims`
BEGIN
  SELECT RAISE(ABORT, 'ledger_append_only');
END;
--> statement-breakpoint
CREATE TRIGGER `checkins_no_change` BEFORE UPDATE ON `checkins`
BEGIN
  SELECT RAISE(ABORT, 'ledger_append_only');
END;
--> statement-breakpoint
-- An issued coupon respects the item's window and the per-member limit within its period.
CREATE TRIGGER `coupons_guard` BEFORE INSERT ON `coupons`
BEGIN
  SELECT RAISE(ABORT, 'unknown_item')
  WHERE NOT EXISTS (SELECT 1 FROM `catalog_items` WHERE `code` = NEW.`item_code`);

  SELECT RAISE(ABORT, 'item_not_started')
  WHERE (SELECT `active_from` FROM `catalog_items` WHERE `code` = NEW.`item_code`) > NEW.`issued_at`;

  SELECT RAISE(ABORT, 'item_ended')
  WHERE (SELECT `active_to` FROM `catalog_items` WHERE `code` = NEW.`item_code`) <= NEW.`issued_at`;

  SELECT RAISE(ABORT, 'limit_reached')
  WHERE (SELECT `per_member_limit` FROM `catalog_items` WHERE `code` = NEW.`item_code`) <= (
    SELECT COUNT(*) FROM `coupons` c
    WHERE c.`item_code` = NEW.`item_code` AND c.`member_id` = NEW.`member_id`
      AND c.`limit_period` = NEW.`limit_period` AND c.`status` <> 'cancelled');
END;
--> statement-breakpoint
-- A coupon is used or cancelled once; nothing else about it changes.
CREATE TRIGGER `coupons_transitions` BEFORE UPDATE ON `coupons`
BEGIN
  SELECT RAISE(ABORT, 'coupon_not_active')
  WHERE OLD.`status` <> 'active' OR NEW.`status` NOT IN ('used', 'cancelled');

  SELECT RAISE(ABORT, 'ledger_append_only')
  WHERE NEW.`code` <> OLD.`code` OR NEW.`item_code` <> OLD.`item_code` OR NEW.`member_id` <> OLD.`member_id`
     OR NEW.`transfer_key` <> OLD.`transfer_key` OR NEW.`issued_at` <> OLD.`issued_at`;
END;
--> statement-breakpoint
CREATE TRIGGER `coupons_no_delete` BEFORE DELETE ON `coupons`
BEGIN
  SELECT RAISE(ABORT, 'ledger_append_only');
END;
