CREATE TABLE "cancellation_declarations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"extraordinary_reason" text,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"contract" text NOT NULL,
	"desired_end_date" date,
	"confirmation_email" text NOT NULL,
	"locale" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"received_on" date NOT NULL,
	"receipt_token_hash" text NOT NULL,
	CONSTRAINT "cancellation_declarations_tenant_id_id" UNIQUE("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "cancellation_declaration_matches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"declaration_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"booking_id" uuid NOT NULL,
	"booking_cancellation_id" uuid NOT NULL,
	"end_date" date NOT NULL,
	"matched_by_type" text NOT NULL,
	"matched_by_id" uuid,
	"matched_at" timestamp with time zone NOT NULL,
	CONSTRAINT "cancellation_declaration_matches_one" UNIQUE("tenant_id","declaration_id")
);
--> statement-breakpoint
CREATE TABLE "cancellation_confirmations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"declaration_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"to_email" text NOT NULL,
	"locale" text NOT NULL,
	"end_date" date,
	"subject" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cancellation_declarations" ADD CONSTRAINT "cancellation_declarations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cancellation_declaration_matches" ADD CONSTRAINT "cancellation_declaration_matches_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cancellation_declaration_matches" ADD CONSTRAINT "cancellation_declaration_matches_declaration_fk" FOREIGN KEY ("tenant_id","declaration_id") REFERENCES "public"."cancellation_declarations"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cancellation_declaration_matches" ADD CONSTRAINT "cancellation_declaration_matches_account_fk" FOREIGN KEY ("tenant_id","account_id") REFERENCES "public"."accounts"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cancellation_declaration_matches" ADD CONSTRAINT "cancellation_declaration_matches_booking_fk" FOREIGN KEY ("tenant_id","booking_id") REFERENCES "public"."bookings"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cancellation_declaration_matches" ADD CONSTRAINT "cancellation_declaration_matches_cancellation_fk" FOREIGN KEY ("tenant_id","booking_cancellation_id") REFERENCES "public"."booking_cancellations"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cancellation_confirmations" ADD CONSTRAINT "cancellation_confirmations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cancellation_confirmations" ADD CONSTRAINT "cancellation_confirmations_declaration_fk" FOREIGN KEY ("tenant_id","declaration_id") REFERENCES "public"."cancellation_declarations"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cancellation_declarations_received" ON "cancellation_declarations" USING btree ("tenant_id","received_at");--> statement-breakpoint
CREATE INDEX "cancellation_confirmations_declaration" ON "cancellation_confirmations" USING btree ("tenant_id","declaration_id");--> statement-breakpoint
ALTER TABLE cancellation_declarations ADD CONSTRAINT cancellation_declarations_kind
  CHECK (kind IN ('ordinary', 'extraordinary') AND (kind = 'extraordinary') = (extraordinary_reason IS NOT NULL));
--> statement-breakpoint
ALTER TABLE cancellation_declaration_matches ADD CONSTRAINT cancellation_declaration_matches_by
  CHECK (matched_by_type IN ('system', 'staff') AND (matched_by_type = 'staff') = (matched_by_id IS NOT NULL));
--> statement-breakpoint
ALTER TABLE cancellation_confirmations ADD CONSTRAINT cancellation_confirmations_kind
  CHECK (kind IN ('receipt', 'end_date') AND (kind = 'end_date') = (end_date IS NOT NULL));
--> statement-breakpoint
-- Row-level security (see 0001_security).
SELECT kontor_enable_tenant_rls('cancellation_declarations');
--> statement-breakpoint
SELECT kontor_enable_tenant_rls('cancellation_declaration_matches');
--> statement-breakpoint
SELECT kontor_enable_tenant_rls('cancellation_confirmations');
--> statement-breakpoint
-- §312k BGB declarations are evidence: append-only for everyone (the owner role too), like the
-- audit log. A match and every confirmation sent are rows of their own, never a change of the declaration.
REVOKE UPDATE, DELETE, TRUNCATE ON cancellation_declarations, cancellation_declaration_matches, cancellation_confirmations FROM kontor_app;
--> statement-breakpoint
CREATE TRIGGER cancellation_declarations_append_only BEFORE UPDATE OR DELETE ON cancellation_declarations
  FOR EACH ROW EXECUTE FUNCTION kontor_refuse_change();
--> statement-breakpoint
CREATE TRIGGER cancellation_declarations_no_truncate BEFORE TRUNCATE ON cancellation_declarations
  FOR EACH STATEMENT EXECUTE FUNCTION kontor_refuse_change();
--> statement-breakpoint
CREATE TRIGGER cancellation_declaration_matches_append_only BEFORE UPDATE OR DELETE ON cancellation_declaration_matches
  FOR EACH ROW EXECUTE FUNCTION kontor_refuse_change();
--> statement-breakpoint
CREATE TRIGGER cancellation_confirmations_append_only BEFORE UPDATE OR DELETE ON cancellation_confirmations
  FOR EACH ROW EXECUTE FUNCTION kontor_refuse_change();
--> statement-breakpoint
-- A booking cancellation can now be declared through the cancellation button (declared_by_id: the declaration).
ALTER TABLE booking_cancellations ADD CONSTRAINT booking_cancellations_declared_by
  CHECK (declared_by_type IN ('client', 'staff', 'button'));
