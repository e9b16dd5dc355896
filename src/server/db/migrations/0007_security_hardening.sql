CREATE UNIQUE INDEX "client_users_tenant_id_id" ON "client_users" USING btree ("tenant_id","id");
--> statement-breakpoint
CREATE TABLE "login_throttles" (
	"tenant_id" uuid NOT NULL,
	"realm" text NOT NULL,
	"email" text NOT NULL,
	"ip" text NOT NULL,
	"failures" integer NOT NULL,
	"last_attempt_id" uuid NOT NULL,
	"last_attempt_at" timestamp with time zone NOT NULL,
	"locked_until" timestamp with time zone,
	CONSTRAINT "login_throttles_tenant_id_realm_email_ip_pk" PRIMARY KEY("tenant_id","realm","email","ip")
);
--> statement-breakpoint
ALTER TABLE "email_verification_tokens" DROP CONSTRAINT "email_verification_tokens_client_user_id_client_users_id_fk";
--> statement-breakpoint
ALTER TABLE "tenant_domains" ADD COLUMN "scheme" text DEFAULT 'https' NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_domains" ADD COLUMN "is_primary" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "login_throttles" ADD CONSTRAINT "login_throttles_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_verification_tokens" ADD CONSTRAINT "email_verification_tokens_client_user_fk" FOREIGN KEY ("tenant_id","client_user_id") REFERENCES "public"."client_users"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "tenant_domains_one_primary" ON "tenant_domains" USING btree ("tenant_id") WHERE "tenant_domains"."is_primary";--> statement-breakpoint
-- Row-level security for login throttles (see 0001_security).
SELECT kontor_enable_tenant_rls('login_throttles');
