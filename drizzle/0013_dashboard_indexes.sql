-- The population dashboard reads these by index alone (the columns it needs are carried in the index).
CREATE INDEX "alert_events_type_at_idx" ON "alert_events" USING btree ("type","at") INCLUDE ("alert_id", "actor_id");--> statement-breakpoint
CREATE INDEX "questionnaire_responses_questionnaire_idx" ON "questionnaire_responses" USING btree ("questionnaire_id","answered_at") INCLUDE ("patient_id", "score");--> statement-breakpoint
ALTER TABLE "patient_days" DROP CONSTRAINT "patient_days_patient_id_day_pk";--> statement-breakpoint
ALTER TABLE "patient_days" ADD CONSTRAINT "patient_days_patient_id_day_pk" PRIMARY KEY ("patient_id", "day") INCLUDE ("readings", "flagged_readings", "responses", "flagged_responses");--> statement-breakpoint
DROP INDEX "measurements_reviewed_idx";--> statement-breakpoint
CREATE INDEX "measurements_reviewed_idx" ON "measurements" USING btree ("reviewed_at") INCLUDE ("patient_id", "reviewed_by") WHERE reviewed_at is not null;
