-- AuditLog is append-only: rows are inserted, never changed or removed, whoever connects (app, script, psql).
-- Written by hand: Prisma's schema language cannot express triggers; the schema engine ignores them when it diffs.

CREATE FUNCTION "audit_log_reject_change"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'AuditLog is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'Record a correction as a new AuditLog row instead.';
END;
$$;

CREATE TRIGGER "AuditLog_append_only"
BEFORE UPDATE OR DELETE ON "AuditLog"
FOR EACH ROW EXECUTE FUNCTION "audit_log_reject_change"();

-- TRUNCATE bypasses row triggers, so it gets its own statement-level one.
CREATE TRIGGER "AuditLog_no_truncate"
BEFORE TRUNCATE ON "AuditLog"
FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_reject_change"();
