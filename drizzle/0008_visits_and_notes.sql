ALTER TYPE "public"."measurement_kind" ADD VALUE 'respiratory_rate';--> statement-breakpoint
ALTER TYPE "public"."measurement_kind" ADD VALUE 'consciousness';--> statement-breakpoint
CREATE TABLE "care_team_notes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"patient_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"organisation_id" uuid,
	"body" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "visits" (
	"id" uuid PRIMARY KEY NOT NULL,
	"patient_id" uuid NOT NULL,
	"measured_at" timestamp with time zone NOT NULL,
	"recorded_by" uuid NOT NULL,
	"organisation_id" uuid,
	"vitals" jsonb NOT NULL,
	"spo2_scale" integer NOT NULL,
	"tobs" jsonb NOT NULL,
	"news2" jsonb NOT NULL,
	"tobs_total" integer NOT NULL,
	"news2_total" integer NOT NULL,
	"triage_level" "triage_level" NOT NULL,
	"triage_reasons" jsonb NOT NULL,
	"payload_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "care_team_notes" ADD CONSTRAINT "care_team_notes_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_team_notes" ADD CONSTRAINT "care_team_notes_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_team_notes" ADD CONSTRAINT "care_team_notes_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "care_team_notes_patient_time_idx" ON "care_team_notes" USING btree ("patient_id","created_at");--> statement-breakpoint
CREATE INDEX "visits_patient_time_idx" ON "visits" USING btree ("patient_id","measured_at");