import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { BillingRunDetailDto, BillingRunDto } from '../../../shared/schemas';
import type { Clock } from '../../clock';
import type { RequestContext } from '../../context';
import { type Database, rowsOf, type Tx } from '../../db/client';
import { accounts, billingRunItems, billingRuns, staffUsers } from '../../db/schema';
import { billingRunBatchJob } from '../../jobs/definitions';
import type { Jobs } from '../../jobs/jobs';
import { HttpProblem, problems } from '../../problem';
import { recordAudit } from '../audit/audit.repository';
import { billingRepository } from '../billing/billing.repository';
import {
  type BillingDeps,
  billingProblems,
  issueInvoiceForAccount,
  issueInvoicesForAccounts,
} from '../billing/billing.service';

export type BillingRunRow = typeof billingRuns.$inferSelect;

/** Accounts per batch job: large enough that a job's overhead is small, small enough to share a run. */
export const DEFAULT_BATCH_SIZE = 500;

export const billingRunProblems = {
  inProgress: (run: { id: string; until: string }) =>
    new HttpProblem(409, 'run_in_progress', 'A billing run of this operator is running', {
      detail: `The run up to ${run.until} (${run.id}) is not finished yet`,
      current: { id: run.id, until: run.until },
    }),
};

type Counts = { done: number; failed: number; pending: number; documents: number };

/** What a failed account's item records: the problem's code and words, or the error's message. */
function failureOf(error: unknown): { code: string; reason: string } {
  if (error instanceof HttpProblem)
    return {
      code: error.code,
      reason: [error.title, error.extra.detail].filter(Boolean).join(': ').slice(0, 1000),
    };
  const e = error as Error & { cause?: Error };
  // A failed query's error names the statement and its parameters; the database's reason is its cause.
  const message = (e?.cause?.message ? e.cause.message : e?.message) || String(error);
  return { code: 'error', reason: message.slice(0, 1000) };
}

function isOneRunningViolation(error: unknown): boolean {
  let current = error as
    | { code?: string; constraint?: string; message?: string; cause?: unknown }
    | undefined;
  for (let i = 0; current && i < 5; i++) {
    if (
      current.code === '23505' &&
      (current.constraint === 'billing_runs_one_running_idx' ||
        (current.message ?? '').includes('billing_runs_one_running_idx'))
    )
      return true;
    current = current.cause as typeof current;
  }
  return false;
}

/**
 * The billing run (ADR 0014). Starting it fixes its accounts (items, numbered into batches, and a
 * row per batch) and enqueues one job per batch, in one transaction. A batch job issues its
 * accounts in one transaction — the documents, the failed accounts' items and the batch's counts
 * commit together — or, when that transaction fails as a whole, each account in its own. Either
 * way a process killed at any moment leaves every account finished or untouched. The batch's row
 * is locked while a worker issues it. Resuming enqueues the pending batches; the last batch to
 * finish completes the run.
 */
export function createBillingRunService(deps: {
  db: Database;
  jobs: Jobs;
  clock: Clock;
  onIssued?: BillingDeps['onIssued'];
}) {
  const { db, jobs, clock } = deps;

  /** The run's progress: the sums over its batches (one row per batch, not per account). */
  async function countsOf(tx: Tx, tenantId: string, runId: string): Promise<Counts> {
    const [r] = rowsOf<{ accounts: number; done: number; failed: number; documents: number }>(
      await tx.execute(sql`
        select coalesce(sum(accounts), 0)::int as accounts, coalesce(sum(done_accounts), 0)::int as done,
               coalesce(sum(failed_accounts), 0)::int as failed,
               coalesce(sum(documents_issued), 0)::int as documents
        from billing_run_batches where tenant_id = ${tenantId} and run_id = ${runId}`),
    );
    const finished = Number(r?.done ?? 0);
    const failed = Number(r?.failed ?? 0);
    return {
      done: finished - failed,
      failed,
      pending: Number(r?.accounts ?? 0) - finished,
      documents: Number(r?.documents ?? 0),
    };
  }

  async function enqueueBatches(tx: Tx, tenantId: string, runId: string, batches: number[]) {
    for (const batch of batches) await jobs.send(billingRunBatchJob, { tenantId, runId, batch }, { tx });
  }

  async function findRunning(tx: Tx, tenantId: string) {
    const [row] = await tx
      .select()
      .from(billingRuns)
      .where(and(eq(billingRuns.tenantId, tenantId), eq(billingRuns.state, 'running')))
      .limit(1);
    return row;
  }

  /**
   * Starts a run for every account of the operator up to `until`. Refused: a date after today,
   * no invoice settings, another run still running (409 run_in_progress).
   */
  async function start(
    ctx: RequestContext,
    until: string,
    opts: { batchSize?: number } = {},
  ): Promise<BillingRunRow> {
    if (until > ctx.today) throw billingProblems.futureDate();
    const batchSize = Math.max(1, Math.floor(opts.batchSize ?? DEFAULT_BATCH_SIZE));
    try {
      const run = await db.tenant(ctx.tenantId, async (tx) => {
        if (!(await billingRepository.invoiceSettings(tx, ctx.tenantId)))
          throw billingProblems.noInvoiceSettings();
        const running = await findRunning(tx, ctx.tenantId);
        if (running) throw billingRunProblems.inProgress(running);
        const staff = ctx.actor?.realm === 'staff' ? ctx.actor.userId : null;
        const [created] = await tx
          .insert(billingRuns)
          .values({
            tenantId: ctx.tenantId,
            until,
            state: 'running',
            totalAccounts: 0,
            batchSize,
            startedByType: staff ? 'staff' : 'system',
            startedById: staff,
            createdAt: ctx.now,
          })
          .returning();
        if (!created) throw new Error('billing run not created');
        const inserted = rowsOf<{ n: number }>(
          await tx.execute(sql`
            with added as (
              insert into billing_run_items (tenant_id, run_id, account_id, batch, state)
              select tenant_id, ${created.id}::uuid, id,
                     ((row_number() over (order by id)) - 1)::int / ${batchSize}::int, 'pending'
              from accounts where tenant_id = ${ctx.tenantId}
              returning tenant_id, run_id, batch),
            batches as (
              insert into billing_run_batches (tenant_id, run_id, batch, state, accounts)
              select tenant_id, run_id, batch, 'pending', count(*)::int from added
              group by tenant_id, run_id, batch
              returning accounts)
            select coalesce(sum(accounts), 0)::int as n from batches`),
        );
        const total = Number(inserted[0]?.n ?? 0);
        const [row] = await tx
          .update(billingRuns)
          .set({ totalAccounts: total, ...(total === 0 ? { state: 'completed', finishedAt: ctx.now } : {}) })
          .where(and(eq(billingRuns.tenantId, ctx.tenantId), eq(billingRuns.id, created.id)))
          .returning();
        const batches = Array.from({ length: Math.ceil(total / batchSize) }, (_, i) => i);
        await enqueueBatches(tx, ctx.tenantId, created.id, batches);
        await recordAudit(tx, ctx, {
          action: 'billing_run.started',
          entityType: 'billing_run',
          entityId: created.id,
          after: { until, totalAccounts: total, batchSize },
        });
        return row ?? created;
      });
      jobs.wake(billingRunBatchJob);
      return run;
    } catch (error) {
      if (isOneRunningViolation(error)) {
        const running = await db.tenant(ctx.tenantId, (tx) => findRunning(tx, ctx.tenantId));
        if (running) throw billingRunProblems.inProgress(running);
      }
      throw error;
    }
  }

  /**
   * Resumes a running run: enqueues again every pending batch (a batch whose job is still alive
   * elsewhere is then done by whichever worker comes first; the other skips what is finished).
   * Completes the run when nothing is pending. Returns the batches enqueued.
   */
  async function resume(tenantId: string, runId: string): Promise<number> {
    const batches = await db.tenant(tenantId, async (tx) => {
      const rows = rowsOf<{ batch: number }>(
        await tx.execute(sql`
          select batch from billing_run_batches
          where tenant_id = ${tenantId} and run_id = ${runId} and state = 'pending' order by batch`),
      );
      const list = rows.map((r) => Number(r.batch));
      await enqueueBatches(tx, tenantId, runId, list);
      return list;
    });
    if (batches.length === 0) await completeIfDone(tenantId, runId);
    else jobs.wake(billingRunBatchJob);
    return batches.length;
  }

  /**
   * The CLI's entry: resumes the operator's running run when it is for the same date, else starts
   * one (a run for another date still running is refused).
   */
  async function startOrResume(ctx: RequestContext, until: string, opts: { batchSize?: number } = {}) {
    for (let attempt = 0; ; attempt++) {
      const running = await db.tenant(ctx.tenantId, (tx) => findRunning(tx, ctx.tenantId));
      if (running) {
        if (running.until !== until) throw billingRunProblems.inProgress(running);
        await resume(ctx.tenantId, running.id);
        return { run: running, resumed: true };
      }
      try {
        return { run: await start(ctx, until, opts), resumed: false };
      } catch (error) {
        // Another process started it a moment ago: join that run.
        const lost = error instanceof HttpProblem && error.code === 'run_in_progress';
        if (!lost || attempt >= 2) throw error;
      }
    }
  }

  async function completeIfDone(tenantId: string, runId: string) {
    await db.tenant(tenantId, async (tx) => {
      // Every batch asks (the partial index of pending batches); only the last one counts.
      const [open] = rowsOf<{ pending: boolean }>(
        await tx.execute(sql`
          select exists (select 1 from billing_run_batches
                          where tenant_id = ${tenantId} and run_id = ${runId} and state = 'pending') as pending`),
      );
      if (open?.pending) return;
      const c = await countsOf(tx, tenantId, runId);
      if (c.pending > 0) return;
      await tx
        .update(billingRuns)
        .set({
          state: 'completed',
          doneAccounts: c.done + c.failed,
          failedAccounts: c.failed,
          documentsIssued: c.documents,
          finishedAt: clock.now(),
        })
        .where(
          and(
            eq(billingRuns.tenantId, tenantId),
            eq(billingRuns.id, runId),
            eq(billingRuns.state, 'running'),
          ),
        );
    });
  }

  /** The batch's counts advanced by finished accounts; done when all its accounts are finished. */
  function advanceBatch(
    tx: Tx,
    run: BillingRunRow,
    batch: number,
    by: { finished: number; failed: number; documents: number },
    now: Date,
  ) {
    return tx.execute(sql`
      update billing_run_batches
         set done_accounts = done_accounts + ${by.finished}::int,
             failed_accounts = failed_accounts + ${by.failed}::int,
             documents_issued = documents_issued + ${by.documents}::int,
             state = case when done_accounts + ${by.finished}::int >= accounts then 'done' else 'pending' end,
             finished_at = ${now}
       where tenant_id = ${run.tenantId} and run_id = ${run.id} and batch = ${batch}`);
  }

  /** Locks the batch's row while it is pending; false when it is done (or, with skipLocked, busy). */
  async function lockBatch(tx: Tx, run: BillingRunRow, batch: number, skipLocked: boolean) {
    const rows = rowsOf<{ state: string }>(
      await tx.execute(sql`
        select state from billing_run_batches
        where tenant_id = ${run.tenantId} and run_id = ${run.id} and batch = ${batch}
        for update ${skipLocked ? sql`skip locked` : sql``}`),
    );
    return rows[0]?.state === 'pending';
  }

  /**
   * One account of a run in its own transaction (after its batch's transaction failed as a
   * whole). The batch row is locked first — a worker issuing the batch at once holds it, and its
   * accounts are then finished —, the documents issued, the item marked done and the batch's
   * counts advanced together. A refusal or error is recorded on the item and the run goes on.
   * Returns false when the batch is done (nothing of it is left to do).
   */
  async function processAccount(run: BillingRunRow, timeZone: string, batch: number, accountId: string) {
    const ctx = contextOf(run, timeZone);
    const itemOf = and(
      eq(billingRunItems.tenantId, run.tenantId),
      eq(billingRunItems.runId, run.id),
      eq(billingRunItems.accountId, accountId),
    );
    try {
      return await db.tenant(run.tenantId, async (tx) => {
        if (!(await lockBatch(tx, run, batch, false))) return false;
        const [item] = await tx.select({ state: billingRunItems.state }).from(billingRunItems).where(itemOf);
        if (item?.state !== 'pending') return true;
        const issued = await issueInvoiceForAccount(
          tx,
          ctx,
          { accountId, until: run.until },
          deps.onIssued ? { onIssued: deps.onIssued } : {},
        );
        await tx
          .update(billingRunItems)
          .set({ state: 'done', documentsIssued: issued.length, finishedAt: ctx.now })
          .where(itemOf);
        await advanceBatch(tx, run, batch, { finished: 1, failed: 0, documents: issued.length }, ctx.now);
        return true;
      });
    } catch (error) {
      const failure = failureOf(error);
      // If even this fails (the database is gone), the job fails and is retried.
      return db.tenant(run.tenantId, async (tx) => {
        if (!(await lockBatch(tx, run, batch, false))) return false;
        const marked = await tx
          .update(billingRunItems)
          .set({
            state: 'failed',
            failureCode: failure.code,
            failureReason: failure.reason,
            finishedAt: ctx.now,
          })
          .where(and(itemOf, eq(billingRunItems.state, 'pending')))
          .returning({ accountId: billingRunItems.accountId });
        if (marked.length > 0)
          await advanceBatch(tx, run, batch, { finished: 1, failed: 1, documents: 0 }, ctx.now);
        return true;
      });
    }
  }

  function contextOf(run: BillingRunRow, timeZone: string): RequestContext {
    return {
      tenantId: run.tenantId,
      actor: null,
      requestId: `billing-run-${run.id}`,
      ip: '',
      now: clock.now(),
      today: clock.today(timeZone),
    };
  }

  /**
   * A batch in one transaction (the fast path): its row locked (a batch another worker holds is
   * skipped: that worker finishes it), its pending accounts issued through the batch issue, the
   * refused ones' items marked failed (with the reason) and the batch's counts written — documents,
   * items and counts commit together. Returns false when the batch transaction failed as a whole.
   */
  async function processBatchAtOnce(run: BillingRunRow, timeZone: string, batch: number): Promise<boolean> {
    const ctx = contextOf(run, timeZone);
    try {
      await db.tenant(run.tenantId, async (tx) => {
        if (!(await lockBatch(tx, run, batch, true))) return;
        // Pending: not finished one by one before (a batch whose transaction failed once).
        const pending = rowsOf<{ accountId: string }>(
          await tx.execute(sql`
            select account_id as "accountId" from billing_run_items
            where tenant_id = ${run.tenantId} and run_id = ${run.id} and batch = ${batch} and state = 'pending'
            order by account_id`),
        );
        if (pending.length === 0) {
          await advanceBatch(tx, run, batch, { finished: 0, failed: 0, documents: 0 }, ctx.now);
          return;
        }
        // The outcome is written before the batch's numbers are taken (issuing calls back here
        // first): the counter row's lock, which the other workers' batches wait for, is then held
        // only while the documents are written.
        const recordOutcome = async (
          tx: Tx,
          results: Map<string, { documentIds: string[] } | { error: unknown }>,
        ) => {
          let documents = 0;
          const failed: { account_id: string; code: string; reason: string }[] = [];
          for (const { accountId } of pending) {
            const r = results.get(accountId);
            if (r && 'documentIds' in r) documents += r.documentIds.length;
            else {
              const f = failureOf(r?.error ?? new Error('not issued'));
              failed.push({ account_id: accountId, code: f.code, reason: f.reason });
            }
          }
          if (failed.length > 0)
            await tx.execute(sql`
              update billing_run_items i
                 set state = 'failed', failure_code = v.code, failure_reason = v.reason, finished_at = ${ctx.now}
                from jsonb_to_recordset(${JSON.stringify(failed)}::jsonb) as v(account_id uuid, code text, reason text)
               where i.tenant_id = ${run.tenantId} and i.run_id = ${run.id} and i.account_id = v.account_id`);
          await advanceBatch(
            tx,
            run,
            batch,
            { finished: pending.length, failed: failed.length, documents },
            ctx.now,
          );
        };
        await issueInvoicesForAccounts(
          tx,
          ctx,
          { accountIds: pending.map((r) => r.accountId), until: run.until },
          { ...(deps.onIssued ? { onIssued: deps.onIssued } : {}), beforeNumbers: recordOutcome },
        );
      });
      return true;
    } catch {
      return false;
    }
  }

  /** The batch job's handler: the batch at once, or account by account when that failed. */
  async function processBatch(data: { tenantId: string; runId: string; batch: number }) {
    const loaded = await db.tenant(data.tenantId, async (tx) => {
      const [run] = await tx
        .select()
        .from(billingRuns)
        .where(and(eq(billingRuns.tenantId, data.tenantId), eq(billingRuns.id, data.runId)))
        .limit(1);
      if (run?.state !== 'running') return null;
      const tenant = await billingRepository.tenant(tx, data.tenantId);
      return { run, timeZone: tenant?.timeZone ?? 'Europe/Amsterdam' };
    });
    if (!loaded) return;
    if (!(await processBatchAtOnce(loaded.run, loaded.timeZone, data.batch))) {
      // Account by account: one account's database error no longer holds up the others.
      const pending = await db.tenant(data.tenantId, (tx) =>
        tx
          .select({ accountId: billingRunItems.accountId })
          .from(billingRunItems)
          .where(
            and(
              eq(billingRunItems.tenantId, data.tenantId),
              eq(billingRunItems.runId, data.runId),
              eq(billingRunItems.batch, data.batch),
              eq(billingRunItems.state, 'pending'),
            ),
          )
          .orderBy(billingRunItems.accountId),
      );
      for (const { accountId } of pending)
        if (!(await processAccount(loaded.run, loaded.timeZone, data.batch, accountId))) break;
    }
    await completeIfDone(data.tenantId, data.runId);
  }

  async function present(tx: Tx, tenantId: string, rows: BillingRunRow[]): Promise<BillingRunDto[]> {
    const staffIds = [...new Set(rows.map((r) => r.startedById).filter((x): x is string => x !== null))];
    const names = staffIds.length
      ? await tx
          .select({ id: staffUsers.id, name: staffUsers.name })
          .from(staffUsers)
          .where(and(eq(staffUsers.tenantId, tenantId), inArray(staffUsers.id, staffIds)))
      : [];
    const out: BillingRunDto[] = [];
    for (const r of rows) {
      const c =
        r.state === 'running'
          ? await countsOf(tx, tenantId, r.id)
          : {
              done: r.doneAccounts - r.failedAccounts,
              failed: r.failedAccounts,
              documents: r.documentsIssued,
            };
      out.push({
        id: r.id,
        until: r.until,
        state: r.state,
        totalAccounts: r.totalAccounts,
        doneAccounts: c.done + c.failed,
        failedAccounts: c.failed,
        documentsIssued: c.documents,
        startedBy: {
          type: r.startedByType,
          name: names.find((n) => n.id === r.startedById)?.name ?? null,
        },
        createdAt: r.createdAt.toISOString(),
        finishedAt: r.finishedAt ? r.finishedAt.toISOString() : null,
      });
    }
    return out;
  }

  async function list(ctx: RequestContext): Promise<{ items: BillingRunDto[] }> {
    return db.tenant(ctx.tenantId, async (tx) => {
      const rows = await tx
        .select()
        .from(billingRuns)
        .where(eq(billingRuns.tenantId, ctx.tenantId))
        .orderBy(desc(billingRuns.createdAt), desc(billingRuns.id))
        .limit(20);
      return { items: await present(tx, ctx.tenantId, rows) };
    });
  }

  async function get(ctx: RequestContext, runId: string): Promise<BillingRunDetailDto> {
    return db.tenant(ctx.tenantId, async (tx) => {
      const [row] = await tx
        .select()
        .from(billingRuns)
        .where(and(eq(billingRuns.tenantId, ctx.tenantId), eq(billingRuns.id, runId)))
        .limit(1);
      if (!row) throw problems.notFound('Billing run');
      const [dto] = await present(tx, ctx.tenantId, [row]);
      if (!dto) throw new Error('billing run view missing');
      const failures = await tx
        .select({
          accountId: billingRunItems.accountId,
          accountName: accounts.name,
          customerNumber: accounts.customerNumber,
          code: billingRunItems.failureCode,
          reason: billingRunItems.failureReason,
        })
        .from(billingRunItems)
        .innerJoin(
          accounts,
          and(eq(accounts.tenantId, billingRunItems.tenantId), eq(accounts.id, billingRunItems.accountId)),
        )
        .where(
          and(
            eq(billingRunItems.tenantId, ctx.tenantId),
            eq(billingRunItems.runId, runId),
            eq(billingRunItems.state, 'failed'),
          ),
        )
        .orderBy(accounts.name)
        .limit(200);
      return {
        ...dto,
        failures: failures.map((f) => ({
          accountId: f.accountId,
          accountName: f.accountName,
          customerNumber: f.customerNumber ?? null,
          code: f.code ?? 'error',
          reason: f.reason ?? '',
        })),
      };
    });
  }

  return {
    start,
    resume,
    startOrResume,
    processBatch,
    list,
    get,
    /** Registers this process's batch workers (each takes one batch at a time). */
    registerWorker(concurrency = 1) {
      return jobs.work(billingRunBatchJob, (data) => processBatch(data), { concurrency });
    },
  };
}

export type BillingRunService = ReturnType<typeof createBillingRunService>;
