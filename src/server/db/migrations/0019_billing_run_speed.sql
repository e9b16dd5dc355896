-- Billing run at 100,000 accounts (ADR 0014, "Cost per invoice").
-- 1. The pending items of a run, for the check that completes it after every batch and for
--    resumption: without it both read every item of the run (quadratic over a run's batches).
CREATE INDEX IF NOT EXISTS "billing_run_items_pending_idx" ON "billing_run_items" USING btree ("tenant_id","run_id","batch") WHERE "state" = 'pending';
--> statement-breakpoint
-- 2. Foreign keys checked per inserted row that a composite key already implies: a document's
--    tenant is its account's (documents → accounts (tenant_id, id)), a line's tenant is its
--    document's (document_lines → documents (tenant_id, id)), and accounts reference tenants. Each
--    check locked the one tenants row (FOR KEY SHARE) once per document and once per line.
ALTER TABLE "documents" DROP CONSTRAINT IF EXISTS "documents_tenant_id_tenants_id_fk";
--> statement-breakpoint
ALTER TABLE "document_lines" DROP CONSTRAINT IF EXISTS "document_lines_tenant_id_tenants_id_fk";
--> statement-breakpoint
-- 3. A line's document and account in one key: the line's account must be its document's (which
--    the two separate keys did not say), and it is one check per line instead of two (the
--    account is implied: documents → accounts).
ALTER TABLE "documents" ADD CONSTRAINT "documents_tenant_id_id_account_id" UNIQUE ("tenant_id","id","account_id");
--> statement-breakpoint
ALTER TABLE "document_lines" ADD CONSTRAINT "document_lines_document_account_fk" FOREIGN KEY ("tenant_id","document_id","account_id") REFERENCES "public"."documents"("tenant_id","id","account_id");
--> statement-breakpoint
ALTER TABLE "document_lines" DROP CONSTRAINT IF EXISTS "document_lines_tenant_id_document_id_documents_tenant_id_id_fk";
--> statement-breakpoint
ALTER TABLE "document_lines" DROP CONSTRAINT IF EXISTS "document_lines_account_same_tenant";
--> statement-breakpoint
-- 4. The frozen document data (a few kB) is compressed with lz4 where the server has it (much
--    less CPU than pglz); a server without it keeps pglz.
DO $$
BEGIN
  ALTER TABLE "documents" ALTER COLUMN "data" SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
  NULL;
END
$$;
