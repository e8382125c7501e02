CREATE TABLE "questionnaire_definitions" (
	"questionnaire_id" text NOT NULL,
	"version" integer NOT NULL,
	"definition" jsonb NOT NULL,
	"loaded_by" uuid NOT NULL,
	"loaded_at" timestamp with time zone NOT NULL,
	"retired_at" timestamp with time zone,
	CONSTRAINT "questionnaire_definitions_questionnaire_id_version_pk" PRIMARY KEY("questionnaire_id","version")
);
--> statement-breakpoint
ALTER TABLE "questionnaire_definitions" ADD CONSTRAINT "questionnaire_definitions_loaded_by_users_id_fk" FOREIGN KEY ("loaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- A stored definition never changes (new wording is a new version); the one allowed change is retiring it, once.
CREATE FUNCTION questionnaire_definitions_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.retired_at IS NULL AND (to_jsonb(NEW) - 'retired_at') = (to_jsonb(OLD) - 'retired_at') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'questionnaire definitions are immutable: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;--> statement-breakpoint
CREATE TRIGGER questionnaire_definitions_immutable BEFORE UPDATE OR DELETE ON questionnaire_definitions FOR EACH ROW EXECUTE FUNCTION questionnaire_definitions_refuse_change();
