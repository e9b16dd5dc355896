CREATE TABLE "client_invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"email" text NOT NULL,
	"role" text NOT NULL,
	"locale" text,
	"token_hash" text NOT NULL,
	"invited_by_type" text NOT NULL,
	"invited_by_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"accepted_user_id" uuid,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "client_invitations_tenant_id_id" UNIQUE("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "client_invitations" ADD CONSTRAINT "client_invitations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_invitations" ADD CONSTRAINT "client_invitations_tenant_id_account_id_accounts_tenant_id_id_fk" FOREIGN KEY ("tenant_id","account_id") REFERENCES "public"."accounts"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "client_invitations_token" ON "client_invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "client_invitations_open_email" ON "client_invitations" USING btree ("tenant_id",lower("email")) WHERE "client_invitations"."accepted_at" is null and "client_invitations"."revoked_at" is null;--> statement-breakpoint
CREATE INDEX "client_invitations_account" ON "client_invitations" USING btree ("tenant_id","account_id");--> statement-breakpoint
ALTER TABLE "client_invitations" ADD CONSTRAINT "client_invitations_role" CHECK ("role" IN ('member', 'admin'));--> statement-breakpoint
ALTER TABLE "client_invitations" ADD CONSTRAINT "client_invitations_locale" CHECK ("locale" IS NULL OR "locale" IN ('nl', 'de', 'en'));--> statement-breakpoint
ALTER TABLE "client_invitations" ADD CONSTRAINT "client_invitations_invited_by_type" CHECK ("invited_by_type" IN ('staff', 'client'));--> statement-breakpoint
-- Row-level security (see 0001_security).
SELECT kontor_enable_tenant_rls('client_invitations');
--> statement-breakpoint
-- A closed account is read-only: one refusal in the database for every write path. Writes to a
-- row of a closed account fail with SQLSTATE KC409, which the API answers with 409 account_closed.
-- The closing transaction anonymises first and sets accounts.closed_at last, so it passes.
CREATE OR REPLACE FUNCTION kontor_refuse_closed_account() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
DECLARE
  r record;
  is_closed boolean;
BEGIN
  IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
  IF TG_TABLE_NAME = 'accounts' THEN
    is_closed := OLD.closed_at IS NOT NULL;
  ELSIF TG_ARGV[0] = 'booking_id' THEN
    SELECT a.closed_at IS NOT NULL INTO is_closed
      FROM bookings b JOIN accounts a ON a.tenant_id = b.tenant_id AND a.id = b.account_id
     WHERE b.tenant_id = r.tenant_id AND b.id = r.booking_id;
  ELSE
    SELECT a.closed_at IS NOT NULL INTO is_closed
      FROM accounts a WHERE a.tenant_id = r.tenant_id AND a.id = r.account_id;
  END IF;
  IF coalesce(is_closed, false) THEN
    RAISE EXCEPTION 'account_closed: % on % of a closed account', TG_OP, TG_TABLE_NAME
      USING ERRCODE = 'KC409';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
-- Installs the guard on a table whose rows belong to an account, directly (column account_id) or
-- through a booking (column booking_id). Later migrations call it for their account-owned tables.
CREATE OR REPLACE FUNCTION kontor_guard_closed_account(tbl regclass, via text DEFAULT 'account_id') RETURNS void
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF via NOT IN ('account_id', 'booking_id') THEN
    RAISE EXCEPTION 'kontor_guard_closed_account: via must be account_id or booking_id';
  END IF;
  EXECUTE format('DROP TRIGGER IF EXISTS closed_account_read_only ON %s', tbl);
  EXECUTE format(
    'CREATE TRIGGER closed_account_read_only BEFORE INSERT OR UPDATE OR DELETE ON %s FOR EACH ROW EXECUTE FUNCTION kontor_refuse_closed_account(%L)',
    tbl, via);
END
$$;
--> statement-breakpoint
CREATE TRIGGER closed_account_read_only BEFORE UPDATE OR DELETE ON accounts
  FOR EACH ROW EXECUTE FUNCTION kontor_refuse_closed_account();
--> statement-breakpoint
SELECT kontor_guard_closed_account('client_users');
--> statement-breakpoint
SELECT kontor_guard_closed_account('client_invitations');
--> statement-breakpoint
SELECT kontor_guard_closed_account('bookings');
--> statement-breakpoint
SELECT kontor_guard_closed_account('legal_acceptances');
--> statement-breakpoint
SELECT kontor_guard_closed_account('booking_tariff_periods', 'booking_id');
--> statement-breakpoint
SELECT kontor_guard_closed_account('booking_options', 'booking_id');
