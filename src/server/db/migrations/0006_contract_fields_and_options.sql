CREATE TABLE "booking_options" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"booking_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"quantity" integer DEFAULT 1 NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"created_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "booking_options_tenant_id_id" UNIQUE("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "billing_address" jsonb;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "vat_treatment" text DEFAULT 'standard' NOT NULL;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "vat_id" text;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "vat_id_check" jsonb;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "invoice_recipients" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "invoice_delivery" text DEFAULT 'attachment' NOT NULL;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "purchase_order_number" text;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "contract_start_override" date;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "document_locale" text;--> statement-breakpoint
ALTER TABLE "booking_options" ADD CONSTRAINT "booking_options_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_options" ADD CONSTRAINT "booking_options_tenant_id_booking_id_bookings_tenant_id_id_fk" FOREIGN KEY ("tenant_id","booking_id") REFERENCES "public"."bookings"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_options" ADD CONSTRAINT "booking_options_tenant_id_item_id_tariff_items_tenant_id_id_fk" FOREIGN KEY ("tenant_id","item_id") REFERENCES "public"."tariff_items"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "booking_options_booking" ON "booking_options" USING btree ("tenant_id","booking_id","start_date");--> statement-breakpoint
ALTER TABLE "booking_options" ADD CONSTRAINT "booking_options_quantity_positive" CHECK ("quantity" >= 1);--> statement-breakpoint
ALTER TABLE "booking_options" ADD CONSTRAINT "booking_options_end_after_start" CHECK ("end_date" IS NULL OR "end_date" >= "start_date");--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_vat_treatment" CHECK ("vat_treatment" IN ('standard', 'reverse_charge', 'not_taxable'));--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_invoice_delivery" CHECK ("invoice_delivery" IN ('attachment', 'link'));--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_reverse_charge_needs_vat_id" CHECK ("vat_treatment" <> 'reverse_charge' OR "vat_id" IS NOT NULL);--> statement-breakpoint
-- Row-level security (see 0001_security).
SELECT kontor_enable_tenant_rls('booking_options');
