-- Billing run at 100,000 accounts, second step (ADR 0014, "Batches carry the outcome").
-- 1. A run's batches with their outcome. A batch issued at once records its counts here and
--    marks only its failed accounts' items; before, every item of every batch was written a second
--    time, and every progress poll counted all items of the run. The batch row is also the lock
--    that keeps two workers out of the same batch.
CREATE TABLE IF NOT EXISTS "billing_run_batches" (
	"tenant_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"batch" integer NOT NULL,
	"state" text NOT NULL,
	"accounts" integer NOT NULL,
	"done_accounts" integer DEFAULT 0 NOT NULL,
	"failed_accounts" integer DEFAULT 0 NOT NULL,
	"documents_issued" integer DEFAULT 0 NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "billing_run_batches_tenant_id_run_id_batch_pk" PRIMARY KEY("tenant_id","run_id","batch"),
	CONSTRAINT "billing_run_batches_state_check" CHECK ("state" IN ('pending', 'done')),
	CONSTRAINT "billing_run_batches_counts_check" CHECK (0 <= "failed_accounts" AND "failed_accounts" <= "done_accounts" AND "done_accounts" <= "accounts" AND "documents_issued" >= 0)
);
--> statement-breakpoint
ALTER TABLE "billing_run_batches" DROP CONSTRAINT IF EXISTS "billing_run_batches_run_fk";
--> statement-breakpoint
ALTER TABLE "billing_run_batches" ADD CONSTRAINT "billing_run_batches_run_fk" FOREIGN KEY ("tenant_id","run_id") REFERENCES "public"."billing_runs"("tenant_id","id");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "billing_run_batches_pending_idx" ON "billing_run_batches" USING btree ("tenant_id","run_id","batch") WHERE "state" = 'pending';
--> statement-breakpoint
SELECT kontor_enable_tenant_rls('billing_run_batches');
--> statement-breakpoint
REVOKE DELETE, TRUNCATE ON billing_run_batches FROM kontor_app;
--> statement-breakpoint
-- The batches of the runs so far, from their items (a run in progress goes on where it was).
INSERT INTO billing_run_batches (tenant_id, run_id, batch, state, accounts, done_accounts, failed_accounts,
                                 documents_issued, finished_at)
SELECT tenant_id, run_id, batch,
       CASE WHEN bool_and(state <> 'pending') THEN 'done' ELSE 'pending' END,
       count(*), count(*) FILTER (WHERE state <> 'pending'), count(*) FILTER (WHERE state = 'failed'),
       coalesce(sum(documents_issued), 0), max(finished_at)
  FROM billing_run_items
 GROUP BY tenant_id, run_id, batch
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- Items no longer leave 'pending' when their batch is issued at once: the batches say what is pending.
DROP INDEX IF EXISTS "billing_run_items_pending_idx";
--> statement-breakpoint
-- 2. A line's charge key is unique per operator through its 128-bit digest: a key is 100–170
--    characters (booking, tariff, item, date), so the index of the keys themselves was the largest
--    of the table (a quarter of its size) and every insert compared long strings. Equal digests
--    mean equal keys for every practical purpose; the index keeps its name.
CREATE UNIQUE INDEX IF NOT EXISTS "document_lines_charge_key_digest" ON "document_lines" USING btree ("tenant_id", (md5("charge_key")::uuid));
--> statement-breakpoint
DROP INDEX IF EXISTS "document_lines_charge_key";
--> statement-breakpoint
ALTER INDEX "document_lines_charge_key_digest" RENAME TO "document_lines_charge_key";
--> statement-breakpoint
-- 3. An account's lines are read through its documents (documents_account, then each document's
--    lines by document_lines_position), so the index of lines by account is not needed.
DROP INDEX IF EXISTS "document_lines_account";
--> statement-breakpoint
-- 4. A line's key to its document may be checked at commit (SET CONSTRAINTS … DEFERRED): the batch
--    issue writes its lines before it takes its numbers, so the counter rows, which concurrent
--    batches wait for, stay locked only while the documents are written. Checked immediately
--    otherwise.
ALTER TABLE "document_lines" ALTER CONSTRAINT "document_lines_document_account_fk" DEFERRABLE INITIALLY IMMEDIATE;
