ALTER TABLE "patients" ADD COLUMN "context_version" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
-- What a reading is triaged against (care team, its organisations' hours, limits) moves the patient's context
-- version on, whoever writes it: nodes cache that context by version, and a submission's write checks it.
CREATE FUNCTION patients_bump_context_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE patients SET context_version = context_version + 1 WHERE id = COALESCE(NEW.patient_id, OLD.patient_id);
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER patient_limits_context_version AFTER INSERT OR UPDATE OR DELETE ON patient_limits FOR EACH ROW EXECUTE FUNCTION patients_bump_context_version();--> statement-breakpoint
CREATE TRIGGER care_team_members_context_version AFTER INSERT OR UPDATE OR DELETE ON care_team_members FOR EACH ROW EXECUTE FUNCTION patients_bump_context_version();--> statement-breakpoint
CREATE FUNCTION organisations_bump_context_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE patients SET context_version = context_version + 1 WHERE id IN (SELECT patient_id FROM care_team_members WHERE organisation_id = NEW.id);
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER organisations_context_version AFTER UPDATE ON organisations FOR EACH ROW EXECUTE FUNCTION organisations_bump_context_version();
