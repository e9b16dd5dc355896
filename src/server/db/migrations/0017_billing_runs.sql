CREATE TABLE "billing_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"until" date NOT NULL,
	"state" text NOT NULL,
	"total_accounts" integer NOT NULL,
	"done_accounts" integer DEFAULT 0 NOT NULL,
	"failed_accounts" integer DEFAULT 0 NOT NULL,
	"documents_issued" integer DEFAULT 0 NOT NULL,
	"batch_size" integer NOT NULL,
	"started_by_type" text NOT NULL,
	"started_by_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "billing_runs_tenant_id_id" UNIQUE("tenant_id","id"),
	CONSTRAINT "billing_runs_state_check" CHECK ("state" IN ('running', 'completed'))
);
--> statement-breakpoint
CREATE TABLE "billing_run_items" (
	"tenant_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"batch" integer NOT NULL,
	"state" text NOT NULL,
	"documents_issued" integer DEFAULT 0 NOT NULL,
	"failure_code" text,
	"failure_reason" text,
	"finished_at" timestamp with time zone,
	CONSTRAINT "billing_run_items_tenant_id_run_id_account_id_pk" PRIMARY KEY("tenant_id","run_id","account_id"),
	CONSTRAINT "billing_run_items_state_check" CHECK ("state" IN ('pending', 'done', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "billing_runs" ADD CONSTRAINT "billing_runs_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_run_items" ADD CONSTRAINT "billing_run_items_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_run_items" ADD CONSTRAINT "billing_run_items_run_fk" FOREIGN KEY ("tenant_id","run_id") REFERENCES "public"."billing_runs"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_run_items" ADD CONSTRAINT "billing_run_items_account_fk" FOREIGN KEY ("tenant_id","account_id") REFERENCES "public"."accounts"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "billing_runs_tenant_created_idx" ON "billing_runs" USING btree ("tenant_id","created_at");--> statement-breakpoint
-- One running run per operator: a second start resumes or waits, it never runs beside the first.
CREATE UNIQUE INDEX "billing_runs_one_running_idx" ON "billing_runs" USING btree ("tenant_id") WHERE "state" = 'running';--> statement-breakpoint
CREATE INDEX "billing_run_items_batch_idx" ON "billing_run_items" USING btree ("tenant_id","run_id","batch");--> statement-breakpoint
CREATE INDEX "billing_run_items_failed_idx" ON "billing_run_items" USING btree ("tenant_id","run_id") WHERE "state" = 'failed';--> statement-breakpoint
-- Row-level security (see 0001_security).
SELECT kontor_enable_tenant_rls('billing_runs');
--> statement-breakpoint
SELECT kontor_enable_tenant_rls('billing_run_items');
--> statement-breakpoint
-- Runs are kept as their record: the application role updates their progress but never deletes them.
REVOKE DELETE, TRUNCATE ON billing_runs, billing_run_items FROM kontor_app;
