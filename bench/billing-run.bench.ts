/**
 * Billing run benchmark (not a test): `npm run bench:billing` (BENCH_ACCOUNTS, default 100,000;
 * BENCH_WORKERS batch workers in this process, default 2; BENCH_BATCH accounts per batch job).
 *
 * Starts a throwaway PostgreSQL, migrates it, seeds the demo operators and fills the demo operator
 * with accounts (bench/support/generate.ts): one booking each of the first tariff (base fee monthly
 * in advance, one-time setup fee, usage per call monthly in arrears), one or two options on every
 * third. The bookings are moved to start in the month before the run and get that month's usage,
 * so the run bills one month: setup fee, the prorated first month and the next one in advance,
 * the usage, the options. Then one billing run up to TODAY, without PDF rendering (the render jobs
 * are enqueued as in production; no render worker runs). Prints invoices per second, the whole
 * run's time and the peak RSS; `node --cpu-prof` on this script gives the profile
 * (`tsx bench/support/profile-summary.ts <dir>` summarises the profiles written to a directory).
 */
import pg from 'pg';
import pino from 'pino';
import { fixedClock } from '../src/server/clock';
import { openDatabase } from '../src/server/db/client';
import { createBillingRunService } from '../src/server/features/billing-run/billing-run.service';
import { createDocumentFilesService } from '../src/server/features/document-files/document-files.service';
import { jobDefinitions } from '../src/server/jobs/definitions';
import { createJobs } from '../src/server/jobs/jobs';
import { seedDemo } from '../src/server/seed/demo';
import { generateOperator } from './support/generate';
import { startThrowawayPostgres } from './support/postgres';

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 100_000);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const BATCH = Number(process.env.BENCH_BATCH ?? 200);
const PG_PORT = Number(process.env.BENCH_PG_PORT ?? 56_105);
const TODAY = '2026-12-01';

async function main() {
  const t0 = Date.now();
  const server = startThrowawayPostgres(PG_PORT);
  try {
    const db = await openDatabase({ kind: 'pg', url: server.url, max: WORKERS + 2 });
    await db.migrate();
    await seedDemo(db.system, new Date(`${TODAY}T09:00:00Z`));
    const pool = new pg.Pool({ connectionString: server.url, max: 2 });
    const { tenantId } = await generateOperator(pool, {
      tenantSlug: 'demo',
      accounts: ACCOUNTS,
      today: TODAY,
    });
    // One month to bill: every generated booking (and its options) starts in November; November's
    // usage. The options are taken off while their booking moves, then put back from its start.
    const c = await pool.connect();
    try {
      await c.query('begin');
      await c.query(
        `create temp table moved on commit drop as
           select b.id, ('2026-11-01'::date + (abs(hashtext(b.id::text)) % 28))::date as d
             from bookings b join accounts a on a.id = b.account_id
            where b.tenant_id = $1 and a.email like 'bench-%'`,
        [tenantId],
      );
      await c.query(
        `create temp table kept_options on commit drop as
           select o.* from booking_options o join moved m on m.id = o.booking_id`,
      );
      await c.query('delete from booking_options o using moved m where m.id = o.booking_id');
      await c.query('update bookings b set start_date = m.d from moved m where m.id = b.id');
      await c.query(
        'update booking_tariff_periods p set start_date = m.d from moved m where m.id = p.booking_id',
      );
      await c.query(
        `insert into booking_options (tenant_id, booking_id, item_id, quantity, start_date, created_at)
         select k.tenant_id, k.booking_id, k.item_id, k.quantity, m.d, k.created_at
           from kept_options k join moved m on m.id = k.booking_id`,
      );
      await c.query('commit');
    } finally {
      c.release();
    }
    await pool.query(
      `insert into usage_records (tenant_id, booking_id, item_id, month, quantity, source_record_id, imported_via, created_at)
       select b.tenant_id, b.id, i.id, '2026-11', 1 + abs(hashtext(b.id::text)) % 200, 'bench-' || b.id, 'api', now()
         from bookings b
         join booking_tariff_periods p on p.booking_id = b.id
         join tariff_items i on i.tariff_id = p.tariff_id and i.key = 'usage'
        where b.tenant_id = $1 and b.start_date >= '2026-11-01'`,
      [tenantId],
    );
    await pool.query('analyze');
    console.log(
      `data: ${ACCOUNTS.toLocaleString('en-GB')} accounts in ${((Date.now() - t0) / 1000).toFixed(1)} s; ${WORKERS} workers, batches of ${BATCH}`,
    );

    const clock = fixedClock(TODAY);
    const log = pino({ level: 'warn' });
    const jobs = createJobs({ db, log, definitions: jobDefinitions, maxConnections: 2 });
    const documentFiles = createDocumentFilesService({ db, jobs, clock });
    const runs = createBillingRunService({ db, jobs, clock, onIssued: documentFiles.onIssued });
    await runs.registerWorker(WORKERS);
    await jobs.start();

    const ctx = { tenantId, actor: null, requestId: 'bench', ip: '', now: clock.now(), today: TODAY };
    const started = Date.now();
    const run = await runs.start(ctx, TODAY, { batchSize: BATCH });
    const created = Date.now();
    let last = '';
    let lastAt = 0;
    for (;;) {
      const view = await runs.get(ctx, run.id);
      const line = `${view.doneAccounts}/${view.totalAccounts}`;
      if (
        line !== last &&
        (process.stdout.isTTY || view.state === 'completed' || Date.now() - lastAt > 5000)
      ) {
        lastAt = Date.now();
        const s = (Date.now() - started) / 1000;
        process.stdout.write(
          `${process.stdout.isTTY ? '\r' : ''}  ${line} accounts, ${view.documentsIssued} documents, ${s.toFixed(1)} s, RSS ${Math.round(process.memoryUsage().rss / 1048576)} MB${process.stdout.isTTY ? '   ' : '\n'}`,
        );
        last = line;
      }
      if (view.state === 'completed') {
        const seconds = (Date.now() - started) / 1000;
        process.stdout.write('\n');
        const lines = await pool.query<{ n: number }>(
          'select count(*)::int as n from document_lines where tenant_id = $1',
          [tenantId],
        );
        console.log(
          `billing run: ${view.totalAccounts.toLocaleString('en-GB')} accounts, ${view.documentsIssued.toLocaleString('en-GB')} documents (${lines.rows[0]?.n.toLocaleString('en-GB')} lines), ${view.failedAccounts} failed`,
        );
        console.log(
          `  run start (items + ${Math.ceil(view.totalAccounts / BATCH)} batch jobs): ${((created - started) / 1000).toFixed(1)} s`,
        );
        console.log(
          `  whole run ${seconds.toFixed(1)} s: ${Math.round(view.documentsIssued / seconds).toLocaleString('en-GB')} invoices/s`,
        );
        console.log(`  peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
        break;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    await jobs.stop();
    await pool.end();
    await db.close();
  } finally {
    server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
