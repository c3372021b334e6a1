-- Brands (issue 13): every store belongs to one. Stores made before brands existed are in `default` (the column's
-- default, added by the previous migration), which this creates. brand_code has no REFERENCES clause (SQLite cannot
-- add one with a default to a table that holds rows): these triggers guard it, and raise codes the app maps.
INSERT INTO `brands` (`code`, `name_zh_tw`, `name_en`, `created_at`, `updated_at`)
VALUES ('default', '預設品牌', 'Default brand', CAST(strftime('%s', 'now') AS INTEGER) * 1000, CAST(strftime('%s', 'now') AS INTEGER) * 1000)
ON CONFLICT (`code`) DO NOTHING;
--> statement-breakpoint
CREATE TRIGGER `stores_guard_insert` BEFORE INSERT ON `stores`
BEGIN
  SELECT RAISE(ABORT, 'brand_not_found') WHERE NOT EXISTS (SELECT 1 FROM brands WHERE code = NEW.brand_code);
  SELECT RAISE(ABORT, 'invalid_opens_on')
  WHERE NEW.opens_on IS NOT NULL AND (NEW.opens_on NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' OR date(NEW.opens_on) IS NOT NEW.opens_on);
END;
--> statement-breakpoint
CREATE TRIGGER `stores_guard_update` BEFORE UPDATE OF brand_code, opens_on ON `stores`
BEGIN
  SELECT RAISE(ABORT, 'brand_not_found') WHERE NOT EXISTS (SELECT 1 FROM brands WHERE code = NEW.brand_code);
  SELECT RAISE(ABORT, 'invalid_opens_on')
  WHERE NEW.opens_on IS NOT NULL AND (NEW.opens_on NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' OR date(NEW.opens_on) IS NOT NEW.opens_on);
END;
--> statement-breakpoint
CREATE TRIGGER `brands_in_use` BEFORE DELETE ON `brands`
WHEN EXISTS (SELECT 1 FROM stores WHERE brand_code = OLD.code)
BEGIN
  SELECT RAISE(ABORT, 'brand_in_use');
END;
--> statement-breakpoint
-- Earn rules and multipliers name only what exists: a point type, and the brands and stores of their scope.
CREATE TRIGGER `earn_rules_guard_insert` BEFORE INSERT ON `earn_rules`
BEGIN
  SELECT RAISE(ABORT, 'unknown_point_type') WHERE NOT EXISTS (SELECT 1 FROM point_types WHERE code = NEW.point_type);
  SELECT RAISE(ABORT, 'unknown_brand')
  WHERE EXISTS (SELECT 1 FROM json_each(NEW.definition, '$.scope.brands') j WHERE j.value NOT IN (SELECT code FROM brands));
  SELECT RAISE(ABORT, 'unknown_store')
  WHERE EXISTS (SELECT 1 FROM json_each(NEW.definition, '$.scope.stores') j WHERE j.value NOT IN (SELECT code FROM stores));
END;
--> statement-breakpoint
CREATE TRIGGER `earn_rules_guard_update` BEFORE UPDATE ON `earn_rules`
BEGIN
  SELECT RAISE(ABORT, 'unknown_point_type') WHERE NOT EXISTS (SELECT 1 FROM point_types WHERE code = NEW.point_type);
  SELECT RAISE(ABORT, 'unknown_brand')
  WHERE EXISTS (SELECT 1 FROM json_each(NEW.definition, '$.scope.brands') j WHERE j.value NOT IN (SELECT code FROM brands));
  SELECT RAISE(ABORT, 'unknown_store')
  WHERE EXISTS (SELECT 1 FROM json_each(NEW.definition, '$.scope.stores') j WHERE j.value NOT IN (SELECT code FROM stores));
END;
--> statement-breakpoint
CREATE TRIGGER `earn_multipliers_guard_insert` BEFORE INSERT ON `earn_multipliers`
BEGIN
  SELECT RAISE(ABORT, 'unknown_brand')
  WHERE EXISTS (SELECT 1 FROM json_each(NEW.definition, '$.scope.brands') j WHERE j.value NOT IN (SELECT code FROM brands));
  SELECT RAISE(ABORT, 'unknown_store')
  WHERE EXISTS (SELECT 1 FROM json_each(NEW.definition, '$.scope.stores') j WHERE j.value NOT IN (SELECT code FROM stores));
END;
--> statement-breakpoint
CREATE TRIGGER `earn_multipliers_guard_update` BEFORE UPDATE ON `earn_multipliers`
BEGIN
  SELECT RAISE(ABORT, 'unknown_brand')
  WHERE EXISTS (SELECT 1 FROM json_each(NEW.definition, '$.scope.brands') j WHERE j.value NOT IN (SELECT code FROM brands));
  SELECT RAISE(ABORT, 'unknown_store')
  WHERE EXISTS (SELECT 1 FROM json_each(NEW.definition, '$.scope.stores') j WHERE j.value NOT IN (SELECT code FROM stores));
END;
