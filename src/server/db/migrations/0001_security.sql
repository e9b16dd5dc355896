-- Row-level security, grants and append-only rules.
-- The application connects as the database owner and switches to the role kontor_app with
-- SET LOCAL ROLE inside every tenant transaction, after setting app.tenant_id (transaction-local).
-- As kontor_app, every table that has a tenant_id shows and accepts only rows of that tenant.
-- RLS is enabled but not forced: the owner (used only for tenant resolution, migrations, seeding,
-- the mail dispatcher and the CLI) is not restricted; kontor_app, which owns nothing, always is.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kontor_app') THEN
    CREATE ROLE kontor_app NOLOGIN;
  END IF;
END
$$;
--> statement-breakpoint
DO $$
BEGIN
  EXECUTE format('GRANT kontor_app TO %I', current_user);
EXCEPTION WHEN others THEN
  RAISE NOTICE 'could not grant kontor_app to %: %', current_user, SQLERRM;
END
$$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO kontor_app;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION kontor_current_tenant() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$;
--> statement-breakpoint
-- Enables RLS on a tenant-owned table and installs the isolation policy.
-- Every later migration that creates a tenant-owned table calls it.
CREATE OR REPLACE FUNCTION kontor_enable_tenant_rls(tbl regclass) RETURNS void
  LANGUAGE plpgsql
  AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format('DROP POLICY IF EXISTS tenant_isolation ON %s', tbl);
  EXECUTE format(
    'CREATE POLICY tenant_isolation ON %s USING (tenant_id = kontor_current_tenant()) WITH CHECK (tenant_id = kontor_current_tenant())',
    tbl);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO kontor_app', tbl);
END
$$;
--> statement-breakpoint
SELECT kontor_enable_tenant_rls('tenant_domains');
--> statement-breakpoint
SELECT kontor_enable_tenant_rls('staff_users');
--> statement-breakpoint
SELECT kontor_enable_tenant_rls('accounts');
--> statement-breakpoint
SELECT kontor_enable_tenant_rls('client_users');
--> statement-breakpoint
SELECT kontor_enable_tenant_rls('sessions');
--> statement-breakpoint
SELECT kontor_enable_tenant_rls('password_reset_tokens');
--> statement-breakpoint
SELECT kontor_enable_tenant_rls('login_attempts');
--> statement-breakpoint
SELECT kontor_enable_tenant_rls('audit_log');
--> statement-breakpoint
SELECT kontor_enable_tenant_rls('outbox_emails');
--> statement-breakpoint
-- Tenants are read (never written) by the application role; each tenant sees only itself.
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON tenants USING (id = kontor_current_tenant());
--> statement-breakpoint
GRANT SELECT ON tenants TO kontor_app;
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO kontor_app;
--> statement-breakpoint
-- The audit log is append-only, for everyone (the owner role too).
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM kontor_app;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION kontor_refuse_change() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION kontor_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION kontor_refuse_change();
--> statement-breakpoint
-- References between tenant-owned rows never cross tenants.
ALTER TABLE client_users ADD CONSTRAINT client_users_account_same_tenant
  FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id);
