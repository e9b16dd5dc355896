CREATE TABLE "document_files" (
	"tenant_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"pdf" "bytea" NOT NULL,
	"sha256" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "document_files_tenant_id_document_id_pk" PRIMARY KEY("tenant_id","document_id")
);
--> statement-breakpoint
ALTER TABLE "document_files" ADD CONSTRAINT "document_files_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_files" ADD CONSTRAINT "document_files_tenant_id_document_id_documents_tenant_id_id_fk" FOREIGN KEY ("tenant_id","document_id") REFERENCES "public"."documents"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Row-level security (see 0001_security).
SELECT kontor_enable_tenant_rls('document_files');
--> statement-breakpoint
-- A stored PDF is what is served forever: append-only for everyone (the owner role too).
REVOKE UPDATE, DELETE, TRUNCATE ON document_files FROM kontor_app;
--> statement-breakpoint
CREATE TRIGGER document_files_immutable BEFORE UPDATE OR DELETE ON document_files
  FOR EACH ROW EXECUTE FUNCTION kontor_refuse_document_change();
--> statement-breakpoint
CREATE TRIGGER document_files_no_truncate BEFORE TRUNCATE ON document_files
  FOR EACH STATEMENT EXECUTE FUNCTION kontor_refuse_document_change();
