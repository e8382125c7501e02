CREATE TABLE "patient_days" (
	"patient_id" uuid NOT NULL,
	"day" date NOT NULL,
	"readings" integer DEFAULT 0 NOT NULL,
	"flagged_readings" integer DEFAULT 0 NOT NULL,
	"responses" integer DEFAULT 0 NOT NULL,
	"flagged_responses" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "patient_days_patient_id_day_pk" PRIMARY KEY("patient_id","day")
);
--> statement-breakpoint
ALTER TABLE "patient_days" ADD CONSTRAINT "patient_days_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "measurements_reviewed_idx" ON "measurements" USING btree ("reviewed_at") WHERE reviewed_at is not null;--> statement-breakpoint
-- Every reading and questionnaire answer counts on its Danish calendar day, in the transaction that stores it.
CREATE FUNCTION patient_days_count_reading() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO patient_days AS d (patient_id, day, readings, flagged_readings)
  VALUES (NEW.patient_id, (NEW.measured_at AT TIME ZONE 'Europe/Copenhagen')::date, 1, (NEW.triage_level IN ('yellow', 'red'))::int)
  ON CONFLICT (patient_id, day) DO UPDATE SET readings = d.readings + 1, flagged_readings = d.flagged_readings + EXCLUDED.flagged_readings;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE FUNCTION patient_days_count_response() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO patient_days AS d (patient_id, day, responses, flagged_responses)
  VALUES (NEW.patient_id, (NEW.answered_at AT TIME ZONE 'Europe/Copenhagen')::date, 1, (NEW.triage_level IN ('yellow', 'red'))::int)
  ON CONFLICT (patient_id, day) DO UPDATE SET responses = d.responses + 1, flagged_responses = d.flagged_responses + EXCLUDED.flagged_responses;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER measurements_patient_days AFTER INSERT ON measurements FOR EACH ROW EXECUTE FUNCTION patient_days_count_reading();--> statement-breakpoint
CREATE TRIGGER questionnaire_responses_patient_days AFTER INSERT ON questionnaire_responses FOR EACH ROW EXECUTE FUNCTION patient_days_count_response();--> statement-breakpoint
-- What was stored before this migration.
INSERT INTO patient_days (patient_id, day, readings, flagged_readings, responses, flagged_responses)
SELECT patient_id, day, sum(readings)::int, sum(flagged_readings)::int, sum(responses)::int, sum(flagged_responses)::int
  FROM (
    SELECT patient_id, (measured_at AT TIME ZONE 'Europe/Copenhagen')::date AS day, 1 AS readings, (triage_level IN ('yellow', 'red'))::int AS flagged_readings, 0 AS responses, 0 AS flagged_responses FROM measurements
    UNION ALL
    SELECT patient_id, (answered_at AT TIME ZONE 'Europe/Copenhagen')::date, 0, 0, 1, (triage_level IN ('yellow', 'red'))::int FROM questionnaire_responses
  ) entries
 GROUP BY patient_id, day;
