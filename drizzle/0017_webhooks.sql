CREATE TABLE "webhook_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"event_id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"webhook_id" uuid NOT NULL,
	"event" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"delivered_at" timestamp with time zone,
	"failed_at" timestamp with time zone,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "webhooks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"url" text NOT NULL,
	"events" jsonb NOT NULL,
	"secret" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"disabled_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_webhook_id_webhooks_id_fk" FOREIGN KEY ("webhook_id") REFERENCES "public"."webhooks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhooks" ADD CONSTRAINT "webhooks_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhooks" ADD CONSTRAINT "webhooks_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" USING btree ("next_attempt_at") WHERE delivered_at is null and failed_at is null;--> statement-breakpoint
CREATE INDEX "webhook_deliveries_webhook_idx" ON "webhook_deliveries" USING btree ("webhook_id","id");--> statement-breakpoint
-- The outbox is written in the transaction of the change: one row per active webhook of an organisation on the patient's care team.
CREATE FUNCTION webhook_enqueue(patient uuid, ev text, payload jsonb) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO webhook_deliveries (webhook_id, event, payload)
  SELECT w.id, ev, payload
    FROM webhooks w JOIN care_team_members c ON c.organisation_id = w.organisation_id AND c.patient_id = patient
   WHERE w.disabled_at IS NULL AND w.events ? ev;
END;
$$;--> statement-breakpoint
CREATE FUNCTION webhook_alert_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.seq = OLD.seq THEN RETURN NULL; END IF;
  PERFORM webhook_enqueue(NEW.patient_id, CASE WHEN TG_OP = 'INSERT' THEN 'alert.raised' ELSE 'alert.updated' END, jsonb_build_object(
    'alertId', NEW.id, 'patientId', NEW.patient_id, 'rule', NEW.rule, 'severity', NEW.severity, 'status', NEW.status,
    'openedAt', NEW.opened_at, 'claimedAt', NEW.claimed_at, 'resolvedAt', NEW.resolved_at, 'outcome', NEW.outcome,
    'responsibleOrganisationId', NEW.responsible_org_id, 'escalationLevel', NEW.escalation_level));
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE FUNCTION webhook_reading_received() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM webhook_enqueue(NEW.patient_id, 'reading.received', jsonb_build_object(
    'measurementId', NEW.id, 'patientId', NEW.patient_id, 'kind', NEW.kind, 'value', NEW.value, 'value2', NEW.value2, 'unit', NEW.unit,
    'measuredAt', NEW.measured_at, 'source', NEW.source, 'triageLevel', NEW.triage_level));
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER alerts_webhooks AFTER INSERT OR UPDATE ON alerts FOR EACH ROW EXECUTE FUNCTION webhook_alert_changed();--> statement-breakpoint
CREATE TRIGGER measurements_webhooks AFTER INSERT ON measurements FOR EACH ROW EXECUTE FUNCTION webhook_reading_received();
