-- A patient's history page (newest first, keyset on measured_at and id) read from the index alone:
-- rows arrive in time order from every patient, so one patient's readings are scattered over the table.
CREATE INDEX IF NOT EXISTS "measurements_history_idx" ON "measurements" ("patient_id", "measured_at" DESC, "id" DESC)
  INCLUDE ("kind", "value", "value2", "unit", "original_value", "original_unit", "received_at", "source", "device", "quality", "entered_by", "triage_level", "triage_reasons", "limit_id");
--> statement-breakpoint
DROP INDEX IF EXISTS "measurements_patient_time_idx";
