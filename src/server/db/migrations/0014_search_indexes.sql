-- Account search at scale (staff account list: name, e-mail, customer number, and the account's
-- users' names and e-mails). Trigram indexes serve ILIKE '%…%' without a sequential scan; the
-- ordered index serves the list's order (lower(name), id) within an operator.
-- pg_trgm is a trusted extension: a database owner may create it without superuser rights.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS accounts_name_trgm ON accounts USING gin (name gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS accounts_email_trgm ON accounts USING gin (email gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS accounts_customer_number_trgm ON accounts USING gin (customer_number gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS accounts_tenant_name_order ON accounts (tenant_id, lower(name), id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS client_users_account ON client_users (tenant_id, account_id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS client_users_name_trgm ON client_users USING gin (name gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS client_users_email_trgm ON client_users USING gin (email gin_trgm_ops);
--> statement-breakpoint
-- Row-level security keeps the planner from using an index for ILIKE (the operator is not
-- leakproof), so every search under RLS would scan all accounts. This function runs the match as
-- the table owner, with the same wall written out: only rows of the request's operator
-- (kontor_current_tenant(), set per transaction), never a tenant passed in by the caller.
CREATE OR REPLACE FUNCTION kontor_account_search(pattern text) RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT a.id FROM accounts a
     WHERE a.tenant_id = kontor_current_tenant()
       AND (a.name ILIKE pattern OR a.email ILIKE pattern OR a.customer_number ILIKE pattern)
    UNION
    SELECT cu.account_id FROM client_users cu
     WHERE cu.tenant_id = kontor_current_tenant()
       AND (cu.email ILIKE pattern OR cu.name ILIKE pattern)
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION kontor_account_search(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION kontor_account_search(text) TO kontor_app;
