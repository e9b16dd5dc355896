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
