CREATE TABLE "document_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"charge_key" text NOT NULL,
	"kind" text NOT NULL,
	"booking_id" uuid,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"due_date" date NOT NULL,
	"vat_rate" numeric(5, 2) NOT NULL,
	"net_minor" bigint NOT NULL,
	"corrects_charge_key" text,
	"corrects_document_id" uuid,
	"charge" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"series" text NOT NULL,
	"number" text NOT NULL,
	"sequence" integer NOT NULL,
	"scope" text NOT NULL,
	"issue_date" date NOT NULL,
	"billed_until" date,
	"currency" text NOT NULL,
	"net_minor" bigint NOT NULL,
	"vat_minor" bigint NOT NULL,
	"gross_minor" bigint NOT NULL,
	"is_test" boolean NOT NULL,
	"corrects_document_id" uuid,
	"data" jsonb NOT NULL,
	"reason" text,
	"issued_by_type" text NOT NULL,
	"issued_by_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "documents_tenant_id_id" UNIQUE("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "manual_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"title" text NOT NULL,
	"quantity" numeric(18, 6) NOT NULL,
	"unit_price" numeric(18, 6) NOT NULL,
	"vat_rate" numeric(5, 2) NOT NULL,
	"date" date NOT NULL,
	"reason" text NOT NULL,
	"created_by_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "manual_items_tenant_id_id" UNIQUE("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "number_series" (
	"tenant_id" uuid NOT NULL,
	"series" text NOT NULL,
	"scope" text NOT NULL,
	"last_value" integer NOT NULL,
	CONSTRAINT "number_series_tenant_id_series_scope_pk" PRIMARY KEY("tenant_id","series","scope")
);
--> statement-breakpoint
CREATE TABLE "tariff_item_prices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"valid_from" date NOT NULL,
	"unit_price" numeric(18, 6) NOT NULL,
	"previous_unit_price" numeric(18, 6) NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "tariff_item_prices_tenant_id_id" UNIQUE("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "usage_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"booking_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"month" text NOT NULL,
	"quantity" numeric(18, 6) NOT NULL,
	"source_record_id" text NOT NULL,
	"imported_via" text NOT NULL,
	"imported_by_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "usage_records_tenant_id_id" UNIQUE("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "invoice_settings" ADD COLUMN "number_patterns" jsonb DEFAULT '{"invoice":"RE-{YYYY}-{seq:5}","correction":"RK-{YYYY}-{seq:5}","test":"TEST-{YYYY}-{seq:5}"}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "document_lines" ADD CONSTRAINT "document_lines_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_lines" ADD CONSTRAINT "document_lines_tenant_id_document_id_documents_tenant_id_id_fk" FOREIGN KEY ("tenant_id","document_id") REFERENCES "public"."documents"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_lines" ADD CONSTRAINT "document_lines_tenant_id_corrects_document_id_documents_tenant_id_id_fk" FOREIGN KEY ("tenant_id","corrects_document_id") REFERENCES "public"."documents"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_tenant_id_account_id_accounts_tenant_id_id_fk" FOREIGN KEY ("tenant_id","account_id") REFERENCES "public"."accounts"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_tenant_id_corrects_document_id_documents_tenant_id_id_fk" FOREIGN KEY ("tenant_id","corrects_document_id") REFERENCES "public"."documents"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "manual_items" ADD CONSTRAINT "manual_items_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "manual_items" ADD CONSTRAINT "manual_items_tenant_id_account_id_accounts_tenant_id_id_fk" FOREIGN KEY ("tenant_id","account_id") REFERENCES "public"."accounts"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "number_series" ADD CONSTRAINT "number_series_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tariff_item_prices" ADD CONSTRAINT "tariff_item_prices_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tariff_item_prices" ADD CONSTRAINT "tariff_item_prices_tenant_id_item_id_tariff_items_tenant_id_id_fk" FOREIGN KEY ("tenant_id","item_id") REFERENCES "public"."tariff_items"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_records" ADD CONSTRAINT "usage_records_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_records" ADD CONSTRAINT "usage_records_tenant_id_booking_id_bookings_tenant_id_id_fk" FOREIGN KEY ("tenant_id","booking_id") REFERENCES "public"."bookings"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_records" ADD CONSTRAINT "usage_records_tenant_id_item_id_tariff_items_tenant_id_id_fk" FOREIGN KEY ("tenant_id","item_id") REFERENCES "public"."tariff_items"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "document_lines_charge_key" ON "document_lines" USING btree ("tenant_id","charge_key");--> statement-breakpoint
CREATE UNIQUE INDEX "document_lines_position" ON "document_lines" USING btree ("tenant_id","document_id","position");--> statement-breakpoint
CREATE INDEX "document_lines_account" ON "document_lines" USING btree ("tenant_id","account_id");--> statement-breakpoint
CREATE INDEX "document_lines_corrects" ON "document_lines" USING btree ("tenant_id","corrects_charge_key") WHERE "document_lines"."corrects_charge_key" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "documents_number" ON "documents" USING btree ("tenant_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "documents_series_sequence" ON "documents" USING btree ("tenant_id","series","scope","sequence");--> statement-breakpoint
CREATE INDEX "documents_account" ON "documents" USING btree ("tenant_id","account_id","issue_date");--> statement-breakpoint
CREATE INDEX "documents_issue_date" ON "documents" USING btree ("tenant_id","issue_date");--> statement-breakpoint
CREATE INDEX "manual_items_account" ON "manual_items" USING btree ("tenant_id","account_id","date");--> statement-breakpoint
CREATE UNIQUE INDEX "tariff_item_prices_item_from" ON "tariff_item_prices" USING btree ("tenant_id","item_id","valid_from");--> statement-breakpoint
CREATE UNIQUE INDEX "usage_records_source" ON "usage_records" USING btree ("tenant_id","source_record_id");--> statement-breakpoint
CREATE INDEX "usage_records_booking" ON "usage_records" USING btree ("tenant_id","booking_id","month");--> statement-breakpoint
ALTER TABLE "document_lines" ADD CONSTRAINT "document_lines_account_same_tenant" FOREIGN KEY ("tenant_id","account_id") REFERENCES "public"."accounts"("tenant_id","id");--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_kind" CHECK ("kind" IN ('invoice', 'correction'));--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_series" CHECK ("series" IN ('invoice', 'correction', 'test'));--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_test_series" CHECK (("series" = 'test') = "is_test");--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_correction_refers" CHECK (("kind" = 'correction') = ("corrects_document_id" IS NOT NULL));--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_sequence_positive" CHECK ("sequence" >= 1);--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_gross_is_net_plus_vat" CHECK ("gross_minor" = "net_minor" + "vat_minor");--> statement-breakpoint
ALTER TABLE "number_series" ADD CONSTRAINT "number_series_series" CHECK ("series" IN ('invoice', 'correction', 'test'));--> statement-breakpoint
ALTER TABLE "number_series" ADD CONSTRAINT "number_series_positive" CHECK ("last_value" >= 1);--> statement-breakpoint
ALTER TABLE "manual_items" ADD CONSTRAINT "manual_items_reason" CHECK (length(btrim("reason")) > 0);--> statement-breakpoint
ALTER TABLE "manual_items" ADD CONSTRAINT "manual_items_quantity_positive" CHECK ("quantity" > 0);--> statement-breakpoint
ALTER TABLE "usage_records" ADD CONSTRAINT "usage_records_month" CHECK ("month" ~ '^\d{4}-(0[1-9]|1[0-2])$');--> statement-breakpoint
ALTER TABLE "usage_records" ADD CONSTRAINT "usage_records_quantity" CHECK ("quantity" >= 0);--> statement-breakpoint
ALTER TABLE "usage_records" ADD CONSTRAINT "usage_records_imported_via" CHECK ("imported_via" IN ('csv', 'api'));--> statement-breakpoint
ALTER TABLE "tariff_item_prices" ADD CONSTRAINT "tariff_item_prices_price" CHECK ("unit_price" >= 0);--> statement-breakpoint
-- Row-level security (see 0001_security).
SELECT kontor_enable_tenant_rls('number_series');
--> statement-breakpoint
SELECT kontor_enable_tenant_rls('documents');
--> statement-breakpoint
SELECT kontor_enable_tenant_rls('document_lines');
--> statement-breakpoint
SELECT kontor_enable_tenant_rls('manual_items');
--> statement-breakpoint
SELECT kontor_enable_tenant_rls('usage_records');
--> statement-breakpoint
SELECT kontor_enable_tenant_rls('tariff_item_prices');
--> statement-breakpoint
-- Issued documents and their lines are immutable, for everyone (the owner role too): the
-- application role lacks the privileges, and a trigger refuses the owner. Delivery state, PDF
-- files and the like live in their own tables.
REVOKE UPDATE, DELETE, TRUNCATE ON documents, document_lines FROM kontor_app;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION kontor_refuse_document_change() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  RAISE EXCEPTION '% of an issued document is immutable: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER documents_immutable BEFORE UPDATE OR DELETE ON documents
  FOR EACH ROW EXECUTE FUNCTION kontor_refuse_document_change();
--> statement-breakpoint
CREATE TRIGGER documents_no_truncate BEFORE TRUNCATE ON documents
  FOR EACH STATEMENT EXECUTE FUNCTION kontor_refuse_document_change();
--> statement-breakpoint
CREATE TRIGGER document_lines_immutable BEFORE UPDATE OR DELETE ON document_lines
  FOR EACH ROW EXECUTE FUNCTION kontor_refuse_document_change();
--> statement-breakpoint
CREATE TRIGGER document_lines_no_truncate BEFORE TRUNCATE ON document_lines
  FOR EACH STATEMENT EXECUTE FUNCTION kontor_refuse_document_change();
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO kontor_app;
