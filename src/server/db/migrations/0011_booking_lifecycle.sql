CREATE TABLE "booking_cancellations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"booking_id" uuid NOT NULL,
	"requested_on" date NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"end_date" date NOT NULL,
	"computed_end" date NOT NULL,
	"last_day_to_cancel" date NOT NULL,
	"cancellation_reason" text,
	"override_reason" text,
	"declared_by_type" text NOT NULL,
	"declared_by_id" uuid NOT NULL,
	"options_before" jsonb NOT NULL,
	"withdrawn_at" timestamp with time zone,
	"withdrawn_by_type" text,
	"withdrawn_by_id" uuid,
	CONSTRAINT "booking_cancellations_tenant_id_id" UNIQUE("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "booking_tariff_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"booking_id" uuid NOT NULL,
	"from_tariff_id" uuid NOT NULL,
	"to_tariff_id" uuid NOT NULL,
	"new_period_id" uuid NOT NULL,
	"switch_date" date NOT NULL,
	"computed_switch_date" date NOT NULL,
	"requested_on" date NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"override_reason" text,
	"declared_by_type" text NOT NULL,
	"declared_by_id" uuid NOT NULL,
	"options_before" jsonb NOT NULL,
	"options_created" jsonb NOT NULL,
	"withdrawn_at" timestamp with time zone,
	"withdrawn_by_type" text,
	"withdrawn_by_id" uuid,
	CONSTRAINT "booking_tariff_changes_tenant_id_id" UNIQUE("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "booking_options" ADD COLUMN "end_cause" text;--> statement-breakpoint
ALTER TABLE "booking_options" ADD COLUMN "end_declared_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "booking_options" ADD COLUMN "end_reason" text;--> statement-breakpoint
ALTER TABLE "booking_options" ADD COLUMN "continues_option_id" uuid;--> statement-breakpoint
ALTER TABLE "booking_cancellations" ADD CONSTRAINT "booking_cancellations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_cancellations" ADD CONSTRAINT "booking_cancellations_tenant_id_booking_id_bookings_tenant_id_id_fk" FOREIGN KEY ("tenant_id","booking_id") REFERENCES "public"."bookings"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_tariff_changes" ADD CONSTRAINT "booking_tariff_changes_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_tariff_changes" ADD CONSTRAINT "booking_tariff_changes_tenant_id_booking_id_bookings_tenant_id_id_fk" FOREIGN KEY ("tenant_id","booking_id") REFERENCES "public"."bookings"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_tariff_changes" ADD CONSTRAINT "booking_tariff_changes_tenant_id_from_tariff_id_tariffs_tenant_id_id_fk" FOREIGN KEY ("tenant_id","from_tariff_id") REFERENCES "public"."tariffs"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_tariff_changes" ADD CONSTRAINT "booking_tariff_changes_tenant_id_to_tariff_id_tariffs_tenant_id_id_fk" FOREIGN KEY ("tenant_id","to_tariff_id") REFERENCES "public"."tariffs"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "booking_cancellations_one_current" ON "booking_cancellations" USING btree ("tenant_id","booking_id") WHERE "booking_cancellations"."withdrawn_at" IS NULL;--> statement-breakpoint
CREATE INDEX "booking_tariff_changes_booking" ON "booking_tariff_changes" USING btree ("tenant_id","booking_id","switch_date");--> statement-breakpoint
-- Row-level security (see 0001_security).
SELECT kontor_enable_tenant_rls('booking_cancellations');
--> statement-breakpoint
SELECT kontor_enable_tenant_rls('booking_tariff_changes');
--> statement-breakpoint
-- Declarations are records: only their withdrawal is stamped later, nothing is removed.
REVOKE DELETE, TRUNCATE ON booking_cancellations, booking_tariff_changes FROM kontor_app;
--> statement-breakpoint
ALTER TABLE booking_options ADD CONSTRAINT booking_options_end_cause
  CHECK (end_cause IS NULL OR end_cause IN ('termination', 'booking_end', 'tariff_change'));
--> statement-breakpoint
ALTER TABLE booking_cancellations ADD CONSTRAINT booking_cancellations_withdrawal
  CHECK ((withdrawn_at IS NULL) = (withdrawn_by_type IS NULL));
--> statement-breakpoint
-- An option never outlives its booking: checked at commit (deferred), so a change that moves the
-- booking's end and its options' ends together passes whatever order it writes them in.
CREATE OR REPLACE FUNCTION kontor_option_within_booking() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
DECLARE
  b record;
BEGIN
  SELECT start_date, end_date INTO b FROM bookings WHERE tenant_id = NEW.tenant_id AND id = NEW.booking_id;
  IF NEW.start_date < b.start_date
     OR (b.end_date IS NOT NULL AND (NEW.start_date > b.end_date OR NEW.end_date IS NULL OR NEW.end_date > b.end_date)) THEN
    RAISE EXCEPTION 'booking option % lies outside its booking', NEW.id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'booking_options_within_booking';
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER booking_options_within_booking AFTER INSERT OR UPDATE ON booking_options
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kontor_option_within_booking();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION kontor_booking_contains_options() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM booking_options o
     WHERE o.tenant_id = NEW.tenant_id AND o.booking_id = NEW.id
       AND (o.start_date < NEW.start_date
            OR (NEW.end_date IS NOT NULL AND (o.start_date > NEW.end_date OR o.end_date IS NULL OR o.end_date > NEW.end_date)))
  ) THEN
    RAISE EXCEPTION 'an option of booking % would lie outside it', NEW.id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'booking_options_within_booking';
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER bookings_contain_options AFTER UPDATE OF start_date, end_date ON bookings
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kontor_booking_contains_options();
