-- Store-role admin tokens are bound to one store (admin_tokens.store_code, 0016). A store token names a store that
-- exists; no other role names one; a token's role and store never change afterwards. Store tokens issued before
-- 0016 keep store_code NULL: these guards check what is written from now on, and the app refuses such a token
-- (403 store_token_unbound) until it is re-issued.
CREATE TRIGGER `admin_tokens_store_required` BEFORE INSERT ON `admin_tokens`
WHEN NEW.role = 'store' AND NEW.store_code IS NULL
BEGIN
  SELECT RAISE(ABORT, 'store_code_required');
END;
--> statement-breakpoint
CREATE TRIGGER `admin_tokens_store_exists` BEFORE INSERT ON `admin_tokens`
WHEN NEW.store_code IS NOT NULL AND NOT EXISTS (SELECT 1 FROM stores WHERE code = NEW.store_code)
BEGIN
  SELECT RAISE(ABORT, 'store_not_found');
END;
--> statement-breakpoint
CREATE TRIGGER `admin_tokens_store_only` BEFORE INSERT ON `admin_tokens`
WHEN NEW.role <> 'store' AND NEW.store_code IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'store_code_not_allowed');
END;
--> statement-breakpoint
CREATE TRIGGER `admin_tokens_scope_fixed` BEFORE UPDATE OF role, store_code ON `admin_tokens`
WHEN NEW.role IS NOT OLD.role OR NEW.store_code IS NOT OLD.store_code
BEGIN
  SELECT RAISE(ABORT, 'admin_token_scope_fixed');
END;
