CREATE TABLE "visit_thresholds" (
	"patient_id" uuid PRIMARY KEY NOT NULL,
	"news2_red" integer NOT NULL,
	"news2_yellow" integer NOT NULL,
	"tobs_yellow" integer NOT NULL,
	"set_by" uuid NOT NULL,
	"reason" text NOT NULL,
	"set_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "visit_thresholds" ADD CONSTRAINT "visit_thresholds_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_thresholds" ADD CONSTRAINT "visit_thresholds_set_by_users_id_fk" FOREIGN KEY ("set_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;