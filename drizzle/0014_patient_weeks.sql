-- The dashboard reads a patient's weeks by the primary key alone: it carries the three day sets.
CREATE TABLE "patient_weeks" (
	"patient_id" uuid NOT NULL,
	"week" date NOT NULL,
	"reading_days" smallint DEFAULT 0 NOT NULL,
	"entry_days" smallint DEFAULT 0 NOT NULL,
	"flagged_days" smallint DEFAULT 0 NOT NULL,
	CONSTRAINT "patient_weeks_patient_id_week_pk" PRIMARY KEY("patient_id","week") INCLUDE ("reading_days", "entry_days", "flagged_days")
);
--> statement-breakpoint
ALTER TABLE "patient_weeks" ADD CONSTRAINT "patient_weeks_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Marks the Danish weekday of `at` in the patient's week; rewrites the row only when a day is new to a set.
CREATE FUNCTION patient_weeks_mark(patient uuid, at timestamptz, reading boolean, flagged boolean) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  day date := (at AT TIME ZONE 'Europe/Copenhagen')::date;
  bit smallint := (1 << (extract(isodow FROM day)::int - 1))::smallint;
BEGIN
  INSERT INTO patient_weeks AS w (patient_id, week, reading_days, entry_days, flagged_days)
  VALUES (patient, date_trunc('week', day)::date, CASE WHEN reading THEN bit ELSE 0 END, bit, CASE WHEN flagged THEN bit ELSE 0 END)
  ON CONFLICT (patient_id, week) DO UPDATE
    SET reading_days = w.reading_days | EXCLUDED.reading_days, entry_days = w.entry_days | EXCLUDED.entry_days, flagged_days = w.flagged_days | EXCLUDED.flagged_days
    WHERE (w.reading_days | EXCLUDED.reading_days) <> w.reading_days OR (w.entry_days | EXCLUDED.entry_days) <> w.entry_days OR (w.flagged_days | EXCLUDED.flagged_days) <> w.flagged_days;
END;
$$;--> statement-breakpoint
CREATE FUNCTION patient_weeks_count_reading() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM patient_weeks_mark(NEW.patient_id, NEW.measured_at, true, NEW.triage_level IN ('yellow', 'red'));
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE FUNCTION patient_weeks_count_response() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM patient_weeks_mark(NEW.patient_id, NEW.answered_at, false, NEW.triage_level IN ('yellow', 'red'));
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER measurements_patient_weeks AFTER INSERT ON measurements FOR EACH ROW EXECUTE FUNCTION patient_weeks_count_reading();--> statement-breakpoint
CREATE TRIGGER questionnaire_responses_patient_weeks AFTER INSERT ON questionnaire_responses FOR EACH ROW EXECUTE FUNCTION patient_weeks_count_response();--> statement-breakpoint
-- What was stored before this migration.
INSERT INTO patient_weeks (patient_id, week, reading_days, entry_days, flagged_days)
SELECT patient_id, date_trunc('week', day)::date,
       bit_or(CASE WHEN reading THEN 1 << (extract(isodow FROM day)::int - 1) ELSE 0 END)::smallint,
       bit_or(1 << (extract(isodow FROM day)::int - 1))::smallint,
       bit_or(CASE WHEN flagged THEN 1 << (extract(isodow FROM day)::int - 1) ELSE 0 END)::smallint
  FROM (
    SELECT patient_id, (measured_at AT TIME ZONE 'Europe/Copenhagen')::date AS day, true AS reading, triage_level IN ('yellow', 'red') AS flagged FROM measurements
    UNION ALL
    SELECT patient_id, (answered_at AT TIME ZONE 'Europe/Copenhagen')::date, false, triage_level IN ('yellow', 'red') FROM questionnaire_responses
  ) entries
 GROUP BY patient_id, date_trunc('week', day)::date;
