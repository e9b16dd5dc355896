import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { startTestApp } from '../../../../test/support/app';
import {
  buildBilledAccount,
  buildBillingShop,
  endBooking,
  setAccount,
} from '../../../../test/support/billing-factories';
import { loginStaff } from '../../../../test/support/clients';
import { buildTenant } from '../../../../test/support/factories';
import { rowsOf } from '../../db/client';
import { billingRuns, documents } from '../../db/schema';
import { createBillingRunService } from './billing-run.service';

const TOKEN = 'metrics-token-for-billing-runs-0123456789';

async function until<T>(check: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('billing run', async () => {
  // Workers start only when a test asks for them, so a run can be watched before it moves.
  const t = await startTestApp({ metricsToken: TOKEN });
  t.clock.set('2026-11-26T09:00:00Z');

  async function operator(accounts: number) {
    const tenant = await buildTenant(t.db);
    const shop = await buildBillingShop(t.db, tenant);
    const built = [];
    for (let i = 0; i < accounts; i++) built.push(await buildBilledAccount(t.db, tenant, shop));
    const sm = await loginStaff(t, tenant, 'supermanager');
    return { tenant, shop, built, sm };
  }

  /** Runs `fn` while the database refuses to store any line of `accountId` (a real failure). */
  async function withLinesRefused<T>(accountId: string, fn: () => Promise<T>): Promise<T> {
    await t.db.system.execute(
      sql.raw(`create or replace function kontor_test_fail_lines() returns trigger language plpgsql as $$
        begin
          if new.account_id = '${accountId}'::uuid then raise exception 'test: this line cannot be stored'; end if;
          return new;
        end $$`),
    );
    await t.db.system.execute(
      sql.raw(`create trigger kontor_test_fail_lines before insert on document_lines
        for each row execute function kontor_test_fail_lines()`),
    );
    try {
      return await fn();
    } finally {
      await t.db.system.execute(sql.raw('drop trigger kontor_test_fail_lines on document_lines'));
      await t.db.system.execute(sql.raw('drop function kontor_test_fail_lines()'));
    }
  }

  it('issues every account up to the date as batch jobs; progress while it runs; a failed account is recorded and does not stop the run; a second run issues nothing new', async () => {
    const o = await operator(5);
    // No recipient: neither billing address nor contract partner.
    const broken = o.built[2]!.account;
    await setAccount(t.db, broken.id, { contractPartner: null, billingAddress: null });

    const started = await o.sm.post('/api/v1/staff/billing-runs', { until: '2026-11-26' });
    expect(started.status).toBe(201);
    const run = started.json();
    expect(run).toMatchObject({
      until: '2026-11-26',
      state: 'running',
      totalAccounts: 5,
      doneAccounts: 0,
      documentsIssued: 0,
      failures: [],
      startedBy: { type: 'staff' },
    });
    expect(run.startedBy.name).toBeTruthy();

    // Before any worker took a batch: the gauges show what is pending and queued.
    const metrics = await t.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(metrics.body).toMatch(/kontor_billing_run_accounts\{state="pending"\} [1-9]\d*/);
    expect(metrics.body).toMatch(/kontor_billing_runs_running [1-9]/);
    expect(metrics.body).toMatch(/kontor_job_queue_jobs\{queue="billing-run-batch",state="created"\} [1-9]/);

    // A second start while it runs is refused.
    const again = await o.sm.post('/api/v1/staff/billing-runs', { until: '2026-11-26' });
    expect(again.status).toBe(409);
    expect(again.json()).toMatchObject({ code: 'run_in_progress', current: { id: run.id } });

    await t.app.jobs.start();
    const done = await until(async () => {
      const res = (await o.sm.get(`/api/v1/staff/billing-runs/${run.id}`)).json();
      return res.state === 'completed' ? res : null;
    });
    expect(done).toMatchObject({
      totalAccounts: 5,
      doneAccounts: 5,
      failedAccounts: 1,
      documentsIssued: 4,
      failures: [
        { accountId: broken.id, code: 'no_recipient', reason: expect.stringMatching(/billing address/) },
      ],
    });
    expect(done.finishedAt).not.toBeNull();
    // The batches carry the outcome: each done, their sums the run's counts; the items of a batch
    // issued at once stay as they were but for the refused one.
    const batches = rowsOf<{
      state: string;
      accounts: number;
      done: number;
      failed: number;
      documents: number;
    }>(
      await t.db.system.execute(
        sql`select state, accounts, done_accounts as done, failed_accounts as failed, documents_issued as documents
              from billing_run_batches where run_id = ${run.id}`,
      ),
    );
    expect(batches.every((b) => b.state === 'done' && b.done === b.accounts)).toBe(true);
    expect(batches.reduce((n, b) => n + Number(b.accounts), 0)).toBe(5);
    expect(batches.reduce((n, b) => n + Number(b.failed), 0)).toBe(1);
    expect(batches.reduce((n, b) => n + Number(b.documents), 0)).toBe(4);
    const itemStates = rowsOf<{ state: string; n: number }>(
      await t.db.system.execute(
        sql`select state, count(*)::int as n from billing_run_items where run_id = ${run.id} group by state order by state`,
      ),
    );
    expect(itemStates.map((r) => [r.state, Number(r.n)])).toEqual([
      ['failed', 1],
      ['pending', 4],
    ]);
    const issued = await t.db.system.select().from(documents).where(eq(documents.tenantId, o.tenant.id));
    expect(issued).toHaveLength(4);
    expect(issued.map((d) => d.sequence).sort((a, b) => a - b)).toEqual([1, 2, 3, 4]);
    expect(new Set(issued.map((d) => d.accountId)).has(broken.id)).toBe(false);

    const list = (await o.sm.get('/api/v1/staff/billing-runs')).json();
    expect(list.items.map((r: { id: string }) => r.id)).toEqual([run.id]);

    // The same date again: the run completes and issues nothing new.
    await setAccount(t.db, broken.id, { contractPartner: o.built[0]!.account.contractPartner });
    const second = (await o.sm.post('/api/v1/staff/billing-runs', { until: '2026-11-26' })).json();
    const secondDone = await until(async () => {
      const res = (await o.sm.get(`/api/v1/staff/billing-runs/${second.id}`)).json();
      return res.state === 'completed' ? res : null;
    });
    // Only the account that failed before has something due now.
    expect(secondDone).toMatchObject({ doneAccounts: 5, failedAccounts: 0, documentsIssued: 1 });
    const third = (await o.sm.post('/api/v1/staff/billing-runs', { until: '2026-11-26' })).json();
    const thirdDone = await until(async () => {
      const res = (await o.sm.get(`/api/v1/staff/billing-runs/${third.id}`)).json();
      return res.state === 'completed' ? res : null;
    });
    expect(thirdDone).toMatchObject({ doneAccounts: 5, documentsIssued: 0 });
    const after = await t.db.system.select().from(documents).where(eq(documents.tenantId, o.tenant.id));
    expect(after).toHaveLength(5);
  });

  it('the batch issue of a run writes the same documents as issuing each account, corrections included', async () => {
    const one = await operator(3);
    const run = await operator(3);
    if (!t.app.jobs.isStarted) await t.app.jobs.start();
    const runOnce = async () => {
      const started = (await run.sm.post('/api/v1/staff/billing-runs', { until: '2026-11-26' })).json();
      return until(async () => {
        const res = (await run.sm.get(`/api/v1/staff/billing-runs/${started.id}`)).json();
        return res.state === 'completed' ? res : null;
      });
    };
    for (const b of one.built)
      expect(
        (await one.sm.post(`/api/v1/staff/accounts/${b.account.id}/invoices`, { until: '2026-11-26' }))
          .status,
      ).toBe(201);
    expect(await runOnce()).toMatchObject({ documentsIssued: 3, failedAccounts: 0 });
    // An end inside the invoiced November: the next run issues the correction.
    await endBooking(t.db, one.built[1]!.booking.id, '2026-11-15');
    await endBooking(t.db, run.built[1]!.booking.id, '2026-11-15');
    expect((await one.sm.post(`/api/v1/staff/accounts/${one.built[1]!.account.id}/corrections`)).status).toBe(
      201,
    );
    expect(await runOnce()).toMatchObject({ documentsIssued: 1, failedAccounts: 0 });

    const docsOf = async (tenantId: string, accounts: string[]) => {
      const rows = await t.db.system
        .select()
        .from(documents)
        .where(eq(documents.tenantId, tenantId))
        .orderBy(documents.series, documents.sequence);
      return rows.map((d) => ({
        account: accounts.indexOf(d.accountId),
        kind: d.kind,
        series: d.series,
        sequence: d.sequence,
        number: d.number,
        totals: [d.netMinor, d.vatMinor, d.grossMinor],
        data: { ...d.data, customerNumber: null, recipient: null },
      }));
    };
    const a = await docsOf(
      one.tenant.id,
      one.built.map((b) => b.account.id),
    );
    const b = await docsOf(
      run.tenant.id,
      run.built.map((x) => x.account.id),
    );
    expect(a.map((d) => d.kind).sort()).toEqual(['correction', 'invoice', 'invoice', 'invoice']);
    // Same lines, totals, numbers (the run issues in account-id order, so compare per account).
    const byAccount = (docs: typeof a) =>
      [...docs]
        .sort((x, y) => x.kind.localeCompare(y.kind) || x.account - y.account)
        .map((d) => ({
          ...d,
          sequence: undefined,
          number: undefined,
          data: {
            ...d.data,
            number: null,
            corrects: d.data.corrects ? { ...d.data.corrects, number: null } : null,
            // Charge keys name each operator's own booking and item ids.
            lines: d.data.lines.map((l) => ({ ...l, chargeKey: null })),
          },
        }));
    expect(byAccount(b)).toEqual(byAccount(a));
    expect(b.find((d) => d.kind === 'correction')?.data.lines[0]?.net).toBeLessThan(0);
  });

  it('a batch whose write fails in the database is rolled back whole (item states, numbers) and issued account by account: the failing account is recorded, the others issued without a number gap', async () => {
    const o = await operator(4);
    if (!t.app.jobs.isStarted) await t.app.jobs.start();
    const failing = o.built[1]!.account;
    // A real database failure for one account's lines only, which the batch cannot foresee.
    await withLinesRefused(failing.id, async () => {
      const started = (await o.sm.post('/api/v1/staff/billing-runs', { until: '2026-11-26' })).json();
      const done = await until(async () => {
        const res = (await o.sm.get(`/api/v1/staff/billing-runs/${started.id}`)).json();
        return res.state === 'completed' ? res : null;
      });
      expect(done).toMatchObject({
        totalAccounts: 4,
        doneAccounts: 4,
        failedAccounts: 1,
        documentsIssued: 3,
        failures: [
          { accountId: failing.id, code: 'error', reason: expect.stringMatching(/cannot be stored/) },
        ],
      });
    });
    const issued = await t.db.system.select().from(documents).where(eq(documents.tenantId, o.tenant.id));
    expect(issued.map((d) => d.sequence).sort((a, b) => a - b)).toEqual([1, 2, 3]);
    expect(issued.some((d) => d.accountId === failing.id)).toBe(false);
    const [counter] = rowsOf<{ last: number }>(
      await t.db.system.execute(
        sql`select last_value as last from number_series where tenant_id = ${o.tenant.id} and series = 'invoice'`,
      ),
    );
    expect(Number(counter?.last)).toBe(3);
    // One render job per issued document, none for the rolled-back batch's documents.
    const [jobs] = rowsOf<{ n: number }>(
      await t.db.system.execute(
        sql`select count(*)::int as n from pgboss.job where name = 'document-pdf'
             and data->>'tenantId' = ${o.tenant.id}`,
      ),
    );
    expect(Number(jobs?.n)).toBe(3);
  });

  it('workers racing for the same batch — at once, and account by account after the batch failed — issue each account once and count it once', async () => {
    if (!t.app.jobs.isStarted) await t.app.jobs.start();
    // Three more processors of the same batches beside the app's worker (on PostgreSQL they run
    // truly at once: the batch row's lock decides who issues).
    const racers = [0, 1, 2].map(() =>
      createBillingRunService({ db: t.db, jobs: t.app.jobs, clock: t.clock }),
    );
    const raceRun = async (o: Awaited<ReturnType<typeof operator>>, batchSize: number) => {
      const ctx = {
        tenantId: o.tenant.id,
        actor: null,
        requestId: 'race',
        ip: '',
        now: t.clock.now(),
        today: t.clock.today('Europe/Amsterdam'),
      };
      const run = await racers[0]!.start(ctx, '2026-11-26', { batchSize });
      const batches = Math.ceil(run.totalAccounts / batchSize);
      await Promise.all(
        racers.flatMap((r) =>
          Array.from({ length: batches }, (_, batch) =>
            r.processBatch({ tenantId: o.tenant.id, runId: run.id, batch }),
          ),
        ),
      );
      const done = await until(async () => {
        const res = (await o.sm.get(`/api/v1/staff/billing-runs/${run.id}`)).json();
        return res.state === 'completed' ? res : null;
      });
      const issued = await t.db.system.select().from(documents).where(eq(documents.tenantId, o.tenant.id));
      const batchRows = rowsOf<{ state: string; accounts: number; done: number; failed: number }>(
        await t.db.system.execute(
          sql`select state, accounts, done_accounts as done, failed_accounts as failed
                from billing_run_batches where run_id = ${run.id}`,
        ),
      );
      return { done, issued, batchRows };
    };

    const clean = await operator(6);
    const a = await raceRun(clean, 2);
    expect(a.done).toMatchObject({
      totalAccounts: 6,
      doneAccounts: 6,
      failedAccounts: 0,
      documentsIssued: 6,
    });
    expect(a.issued.map((d) => d.sequence).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(new Set(a.issued.map((d) => d.accountId)).size).toBe(6);
    expect(a.batchRows.every((b) => b.state === 'done' && b.done === b.accounts)).toBe(true);

    // One account's lines cannot be stored: every batch of it fails as a whole and its accounts
    // are issued one by one, by whichever racer locks the batch first.
    const failingOp = await operator(5);
    const failing = failingOp.built[3]!.account;
    await withLinesRefused(failing.id, async () => {
      const b = await raceRun(failingOp, 5);
      expect(b.done).toMatchObject({
        totalAccounts: 5,
        doneAccounts: 5,
        failedAccounts: 1,
        documentsIssued: 4,
        failures: [{ accountId: failing.id, code: 'error' }],
      });
      expect(b.issued.map((d) => d.sequence).sort((x, y) => x - y)).toEqual([1, 2, 3, 4]);
      expect(new Set(b.issued.map((d) => d.accountId)).size).toBe(4);
      expect(b.batchRows).toEqual([{ state: 'done', accounts: 5, done: 5, failed: 1 }]);
    });
  });

  it('refuses a date after today, a run without invoice settings, an employee and a manager', async () => {
    const o = await operator(1);
    const future = await o.sm.post('/api/v1/staff/billing-runs', { until: '2026-11-27' });
    expect(future.status).toBe(400);
    expect(future.json()).toMatchObject({ code: 'future_date', errors: [{ field: 'until' }] });
    const bad = await o.sm.post('/api/v1/staff/billing-runs', { until: '26-11-2026' });
    expect(bad.status).toBe(400);
    for (const level of ['employee', 'manager'] as const) {
      const c = await loginStaff(t, o.tenant, level);
      expect((await c.post('/api/v1/staff/billing-runs', { until: '2026-11-26' })).status).toBe(403);
      expect((await c.get('/api/v1/staff/billing-runs')).status).toBe(403);
    }
    const bare = await buildTenant(t.db);
    const sm = await loginStaff(t, bare, 'supermanager');
    const noSettings = await sm.post('/api/v1/staff/billing-runs', { until: '2026-11-26' });
    expect(noSettings.status).toBe(409);
    expect(noSettings.json().code).toBe('no_invoice_settings');
    const runs = await t.db.system.select().from(billingRuns).where(eq(billingRuns.tenantId, o.tenant.id));
    expect(runs).toHaveLength(0);
  });

  it("another operator's run is not found, and the database allows one running run per operator", async () => {
    const o = await operator(1);
    const other = await operator(1);
    const started = (await o.sm.post('/api/v1/staff/billing-runs', { until: '2026-11-26' })).json();
    expect((await other.sm.get(`/api/v1/staff/billing-runs/${started.id}`)).status).toBe(404);
    expect((await other.sm.get('/api/v1/staff/billing-runs')).json().items).toEqual([]);
    const direct = () =>
      t.db.system
        .insert(billingRuns)
        .values({
          tenantId: other.tenant.id,
          until: '2026-11-20',
          state: 'running',
          totalAccounts: 0,
          batchSize: 1,
          startedByType: 'system',
          createdAt: new Date(),
        })
        .then(
          () => 'inserted',
          (e: Error & { cause?: Error }) => `${e.cause?.message ?? ''} ${e.message}`,
        );
    expect(await direct()).toBe('inserted');
    expect(await direct()).toMatch(/billing_runs_one_running_idx/);
    // The application role keeps runs as their record: it cannot delete them.
    const deleted = await t.db
      .tenant(o.tenant.id, (tx) =>
        tx.execute(sql`delete from billing_runs where tenant_id = ${o.tenant.id} and id = ${started.id}`),
      )
      .then(
        () => 'deleted',
        (e: Error & { cause?: Error }) => `${e.cause?.message ?? ''} ${e.message}`,
      );
    expect(deleted).toMatch(/permission denied/);
    const [still] = rowsOf<{ n: number }>(
      await t.db.system.execute(
        sql`select count(*)::int as n from billing_run_items where run_id = ${started.id}`,
      ),
    );
    expect(still?.n).toBe(1);
  });
});
