DROP INDEX "alerts_seq_idx";--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "changed_xid" bigint DEFAULT (pg_current_xact_id()::text::bigint) NOT NULL;--> statement-breakpoint
CREATE INDEX "alerts_changed_xid_idx" ON "alerts" USING btree ("changed_xid");--> statement-breakpoint
-- Every change to an alert records its transaction, whichever statement made it.
CREATE FUNCTION alerts_record_changed_xid() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.changed_xid := pg_current_xact_id()::text::bigint;
  RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER alerts_changed_xid BEFORE UPDATE ON alerts FOR EACH ROW EXECUTE FUNCTION alerts_record_changed_xid();
