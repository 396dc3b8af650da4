-- The audit trail is append-only: an entry is never changed, and only the retention purge deletes,
-- and only entries older than a day (AUDIT_RETENTION_DAYS is at least 1). Code that tried anything
-- else fails loudly instead of rewriting history.
CREATE TRIGGER `audit_events_no_update` BEFORE UPDATE ON `audit_events` BEGIN
  SELECT RAISE(ABORT, 'audit entries cannot be changed');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_events_no_early_delete` BEFORE DELETE ON `audit_events`
WHEN old.`at` > (CAST(strftime('%s', 'now') AS INTEGER) - 86400) * 1000 BEGIN
  SELECT RAISE(ABORT, 'audit entries younger than a day cannot be deleted');
END;
