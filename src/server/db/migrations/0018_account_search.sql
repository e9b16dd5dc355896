-- Account search at 100,000 accounts (ADR 0017). Migration 0014 matched accounts and their users in
-- two trigram searches joined by a UNION, then sorted and counted every match: a term matching most
-- accounts ("K00", a common name part) took seconds. Now one narrow row per account holds what the
-- search matches (name, e-mail, customer number, the names and e-mails of the account's users) and
-- the list's sort key, kept by triggers; a page is read in the list's order with a limit, and the
-- matches are counted up to a cap.
CREATE TABLE IF NOT EXISTS account_search (
  tenant_id uuid NOT NULL,
  account_id uuid NOT NULL,
  sort_key text NOT NULL,
  search_text text NOT NULL,
  is_test_account boolean NOT NULL,
  PRIMARY KEY (tenant_id, account_id),
  FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id) ON DELETE CASCADE
);
--> statement-breakpoint
SELECT kontor_enable_tenant_rls('account_search');
--> statement-breakpoint
-- The account_search row of one account, from the account and its users (as the table owner).
CREATE OR REPLACE FUNCTION kontor_refresh_account_search(p_tenant uuid, p_account uuid) RETURNS void
  LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    INSERT INTO account_search (tenant_id, account_id, sort_key, search_text, is_test_account)
    SELECT a.tenant_id, a.id, lower(a.name),
           concat_ws(' ', a.name, a.email, a.customer_number,
             (SELECT string_agg(concat_ws(' ', cu.name, cu.email), ' ' ORDER BY cu.id)
                FROM client_users cu WHERE cu.tenant_id = a.tenant_id AND cu.account_id = a.id)),
           a.is_test_account
      FROM accounts a WHERE a.tenant_id = p_tenant AND a.id = p_account
    ON CONFLICT (tenant_id, account_id) DO UPDATE
      SET sort_key = EXCLUDED.sort_key, search_text = EXCLUDED.search_text,
          is_test_account = EXCLUDED.is_test_account
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION kontor_refresh_account_search(uuid, uuid) FROM PUBLIC;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION kontor_account_search_trigger() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
BEGIN
  IF TG_TABLE_NAME = 'accounts' THEN
    PERFORM kontor_refresh_account_search(NEW.tenant_id, NEW.id);
  ELSE
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
      PERFORM kontor_refresh_account_search(OLD.tenant_id, OLD.account_id);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.account_id IS DISTINCT FROM OLD.account_id) THEN
      PERFORM kontor_refresh_account_search(NEW.tenant_id, NEW.account_id);
    END IF;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION kontor_account_search_trigger() FROM PUBLIC;
--> statement-breakpoint
DROP TRIGGER IF EXISTS account_search ON accounts;
--> statement-breakpoint
CREATE TRIGGER account_search AFTER INSERT OR UPDATE OF name, email, customer_number, is_test_account
  ON accounts FOR EACH ROW EXECUTE FUNCTION kontor_account_search_trigger();
--> statement-breakpoint
DROP TRIGGER IF EXISTS account_search ON client_users;
--> statement-breakpoint
CREATE TRIGGER account_search AFTER INSERT OR DELETE OR UPDATE OF name, email, account_id
  ON client_users FOR EACH ROW EXECUTE FUNCTION kontor_account_search_trigger();
--> statement-breakpoint
INSERT INTO account_search (tenant_id, account_id, sort_key, search_text, is_test_account)
SELECT a.tenant_id, a.id, lower(a.name),
       concat_ws(' ', a.name, a.email, a.customer_number,
         (SELECT string_agg(concat_ws(' ', cu.name, cu.email), ' ' ORDER BY cu.id)
            FROM client_users cu WHERE cu.tenant_id = a.tenant_id AND cu.account_id = a.id)),
       a.is_test_account
  FROM accounts a
ON CONFLICT (tenant_id, account_id) DO NOTHING;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS account_search_trgm ON account_search USING gin (search_text gin_trgm_ops);
--> statement-breakpoint
-- The list's order, with what the walk filters on: read from the index alone.
CREATE INDEX IF NOT EXISTS account_search_order ON account_search (tenant_id, sort_key, account_id)
  INCLUDE (search_text, is_test_account);
--> statement-breakpoint
DROP INDEX IF EXISTS accounts_name_trgm;
--> statement-breakpoint
DROP INDEX IF EXISTS accounts_email_trgm;
--> statement-breakpoint
DROP INDEX IF EXISTS accounts_customer_number_trgm;
--> statement-breakpoint
DROP INDEX IF EXISTS client_users_name_trgm;
--> statement-breakpoint
DROP INDEX IF EXISTS client_users_email_trgm;
--> statement-breakpoint
-- One page of the staff account list for a search, in the list's order (lower(name), id), with
-- the number of matches counted up to cap + 1 (more means "more than cap"). Runs as the owner with
-- the operator wall written out (kontor_current_tenant(), set per transaction), as
-- kontor_account_search did: under row-level security the planner could not use the trigram index.
--   1. The first `walk` accounts in the list's order (the ordered index, read alone): a broad term
--      ("K00") matches enough of them to fill the page, which then needs nothing else.
--   2. Otherwise every match through the trigram index (or a scan, as the planner judges for the
--      term: the statement is planned with its values), sorted, limited. A term whose matches
--      cluster late in the order ("Bench A…") lands here, and a rare one.
-- No match gives one row with total 0 and no id, as does a page beyond the last.
CREATE OR REPLACE FUNCTION kontor_account_search_page(pattern text, test_only boolean, lim int, off int, cap int)
  RETURNS TABLE(id uuid, ord int, total int)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  walk constant int := 2000;
  tenant uuid := kontor_current_tenant();
  want int := lim + off;
  ids uuid[];
  found int;
  n int;
BEGIN
  IF tenant IS NULL THEN RETURN; END IF;
  EXECUTE 'SELECT count(*)::int FROM (SELECT 1 FROM account_search s
             WHERE s.tenant_id = $1 AND s.search_text ILIKE $2 AND ($3::boolean IS NULL OR s.is_test_account = $3)
             LIMIT $4 + 1) c'
    INTO n USING tenant, pattern, test_only, cap;
  IF n > 0 AND want <= walk THEN
    SELECT array_agg(w.account_id ORDER BY w.sort_key, w.account_id) INTO ids FROM (
      SELECT f.account_id, f.sort_key FROM (
        SELECT s.account_id, s.sort_key, s.search_text FROM account_search s
         WHERE s.tenant_id = tenant AND (test_only IS NULL OR s.is_test_account = test_only)
         ORDER BY s.sort_key, s.account_id LIMIT walk) f
       WHERE f.search_text ILIKE pattern
       ORDER BY f.sort_key, f.account_id LIMIT want) w;
  END IF;
  found := coalesce(array_length(ids, 1), 0);
  IF n > 0 AND found < want AND found < n THEN
    -- "|| ''" keeps the planner off the ordered index here: step 1 has walked it already.
    EXECUTE 'SELECT array_agg(m.account_id ORDER BY m.sort_key, m.account_id) FROM (
               SELECT s.account_id, s.sort_key FROM account_search s
                WHERE s.tenant_id = $1 AND s.search_text ILIKE $2 AND ($3::boolean IS NULL OR s.is_test_account = $3)
                ORDER BY s.sort_key || '''', s.account_id LIMIT $4) m'
      INTO ids USING tenant, pattern, test_only, want;
    found := coalesce(array_length(ids, 1), 0);
  END IF;
  IF found <= off THEN
    RETURN QUERY SELECT NULL::uuid, NULL::int, n;
  ELSE
    RETURN QUERY SELECT p.id, (p.ord + off)::int, n
      FROM unnest(ids[off + 1 : off + lim]) WITH ORDINALITY AS p(id, ord);
  END IF;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION kontor_account_search_page(text, boolean, int, int, int) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION kontor_account_search_page(text, boolean, int, int, int) TO kontor_app;
--> statement-breakpoint
DROP FUNCTION IF EXISTS kontor_account_search(text);
