-- patient_weeks replaced it: a patient's year is 53 rows instead of ~365.
DROP TRIGGER "measurements_patient_days" ON "measurements";--> statement-breakpoint
DROP TRIGGER "questionnaire_responses_patient_days" ON "questionnaire_responses";--> statement-breakpoint
DROP FUNCTION patient_days_count_reading();--> statement-breakpoint
DROP FUNCTION patient_days_count_response();--> statement-breakpoint
DROP TABLE "patient_days" CASCADE;
