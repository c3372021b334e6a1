-- The audit log is append-only: a record of who changed what cannot itself be changed.
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log`
BEGIN
  SELECT RAISE(ABORT, 'audit_append_only');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_no_delete` BEFORE DELETE ON `audit_log`
BEGIN
  SELECT RAISE(ABORT, 'audit_append_only');
END;
--> statement-breakpoint
-- A recipient's outcome is final: queued moves once to sent, failed or skipped, and never back (a resumed or
-- concurrent sender cannot count a member twice). The member, channel and broadcast never change.
CREATE TRIGGER `broadcast_recipients_final` BEFORE UPDATE ON `broadcast_recipients`
BEGIN
  SELECT RAISE(ABORT, 'recipient_final') WHERE OLD.`status` <> 'queued' AND NEW.`status` <> OLD.`status`;
  SELECT RAISE(ABORT, 'recipient_batched')
  WHERE OLD.`batch_id` IS NOT NULL AND (NEW.`batch_id` IS NULL OR NEW.`batch_id` <> OLD.`batch_id`);
  SELECT RAISE(ABORT, 'recipient_fixed')
  WHERE NEW.`broadcast_id` <> OLD.`broadcast_id` OR NEW.`member_id` <> OLD.`member_id`
     OR NEW.`channel` <> OLD.`channel` OR NEW.`user_id` <> OLD.`user_id`;
END;
--> statement-breakpoint
-- Recipients join the audience only while their broadcast is being frozen (status 'sending', not yet started).
CREATE TRIGGER `broadcast_recipients_frozen` BEFORE INSERT ON `broadcast_recipients`
WHEN NOT EXISTS (SELECT 1 FROM `broadcasts` WHERE `id` = NEW.`broadcast_id` AND `status` = 'sending')
BEGIN
  SELECT RAISE(ABORT, 'broadcast_not_sending');
END;
--> statement-breakpoint
-- A multicast batch is sent or failed once; its retry key (the id) and size never change.
CREATE TRIGGER `broadcast_batches_final` BEFORE UPDATE ON `broadcast_batches`
BEGIN
  SELECT RAISE(ABORT, 'batch_final') WHERE OLD.`status` <> 'pending' AND NEW.`status` <> OLD.`status`;
  SELECT RAISE(ABORT, 'batch_fixed') WHERE NEW.`size` <> OLD.`size` OR NEW.`broadcast_id` <> OLD.`broadcast_id`;
END;
--> statement-breakpoint
-- Broadcast status moves forward only: scheduled -> sending -> done, scheduled|sending -> cancelled.
CREATE TRIGGER `broadcasts_status_forward` BEFORE UPDATE OF `status` ON `broadcasts`
WHEN NEW.`status` <> OLD.`status` AND NOT (
  (OLD.`status` = 'scheduled' AND NEW.`status` IN ('sending', 'cancelled'))
  OR (OLD.`status` = 'sending' AND NEW.`status` IN ('done', 'cancelled'))
)
BEGIN
  SELECT RAISE(ABORT, 'broadcast_status');
END;
