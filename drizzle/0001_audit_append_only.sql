-- The audit log is append-only: the application can insert but never alter or remove a record.
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();--> statement-breakpoint
-- Measurements are immutable facts: corrections are new records (review marks are the one allowed change).
CREATE FUNCTION measurements_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (to_jsonb(NEW) - 'reviewed_at' - 'reviewed_by') = (to_jsonb(OLD) - 'reviewed_at' - 'reviewed_by') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'measurements are immutable: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;--> statement-breakpoint
CREATE TRIGGER measurements_immutable BEFORE UPDATE OR DELETE ON measurements FOR EACH ROW EXECUTE FUNCTION measurements_refuse_change();
