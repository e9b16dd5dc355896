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
 * run's time, CPU seconds of this process and of PostgreSQL (all backends) per 1,000 invoices — on
 * a shared machine the figure that is blurred least —, SQL statements per invoice and per batch
 * (pg_stat_statements, reset when the run starts: everything the run, pg-boss and the progress
 * poll sent), the statements the run spends most on, and the RSS over the run (peak and per
 * quarter: it should stay flat). `BENCH_PROFILE=dir` writes a CPU profile of the run
 * (`node --cpu-prof` equivalent via the inspector) and prints its summary. `BENCH_PG_SETTINGS` adds
 * server settings (e.g. auto_explain's), `BENCH_KEEP=1` leaves the PostgreSQL running and prints
 * its URL.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import pino from 'pino';
import { fixedClock } from '../src/server/clock';
import { openDatabase, rowsOf } from '../src/server/db/client';
import { createBillingRunService } from '../src/server/features/billing-run/billing-run.service';
import { createDocumentFilesService } from '../src/server/features/document-files/document-files.service';
import { jobDefinitions } from '../src/server/jobs/definitions';
import { createJobs } from '../src/server/jobs/jobs';
import { seedDemo } from '../src/server/seed/demo';
import { generateOperator } from './support/generate';
import { startThrowawayPostgres } from './support/postgres';
import { treeCpuMs } from './support/proc';
import { summariseProfiles } from './support/profile-summary';

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 100_000);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const BATCH = Number(process.env.BENCH_BATCH ?? 500);
const PG_PORT = Number(process.env.BENCH_PG_PORT ?? 56_105);
const PROFILE = process.env.BENCH_PROFILE;
const TODAY = '2026-12-01';

async function main() {
  const t0 = Date.now();
  const server = startThrowawayPostgres(PG_PORT, {
    settings: [
      'shared_preload_libraries=pg_stat_statements',
      'pg_stat_statements.max=5000',
      'pg_stat_statements.track=all',
      // BENCH_PG_SETTINGS: more server settings, e.g. auto_explain's, separated by spaces.
      ...(process.env.BENCH_PG_SETTINGS ?? '').split(' ').filter(Boolean),
    ],
  });
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
    await pool.query('create extension if not exists pg_stat_statements');
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
    let profiler: Session | undefined;
    if (PROFILE) {
      profiler = new Session();
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
    }
    await pool.query('select pg_stat_statements_reset()');
    const cpu0 = { node: process.cpuUsage(), pg: treeCpuMs(server.pid()) };
    const load0 = loadavg()[0] ?? 0;
    const rss: number[] = [];
    const started = Date.now();
    const run = await runs.start(ctx, TODAY, { batchSize: BATCH });
    const created = Date.now();
    let last = '';
    let lastAt = 0;
    for (;;) {
      const view = await runs.get(ctx, run.id);
      rss.push(process.memoryUsage().rss / 1048576);
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
        const nodeCpu = process.cpuUsage(cpu0.node);
        const nodeMs = (nodeCpu.user + nodeCpu.system) / 1000;
        const pgMs = treeCpuMs(server.pid()) - cpu0.pg;
        const load1 = loadavg()[0] ?? 0;
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
        const docs = Math.max(1, view.documentsIssued);
        console.log(
          `  CPU per 1,000 invoices: Node ${(nodeMs / docs).toFixed(2)} s, PostgreSQL ${(pgMs / docs).toFixed(2)} s (whole run: Node ${(nodeMs / 1000).toFixed(1)} s, PostgreSQL ${(pgMs / 1000).toFixed(1)} s of ${seconds.toFixed(1)} s × 2 cores; load ${load0.toFixed(1)} → ${load1.toFixed(1)})`,
        );
        // Statements sent by a client (top level); the foreign-key checks PostgreSQL runs inside
        // them are counted apart.
        const stats = await pool.query<{ query: string; calls: string; ms: number; rows: string }>(
          `select query, calls::bigint as calls, total_exec_time as ms, rows::bigint as rows
             from pg_stat_statements
            where toplevel and query not like '%pg_stat_statements%' and query not like '%FOR KEY SHARE OF x%'
            order by total_exec_time desc`,
        );
        const nested = await pool.query<{ calls: string }>(
          `select coalesce(sum(calls), 0)::bigint as calls from pg_stat_statements
            where not toplevel or query like '%FOR KEY SHARE OF x%'`,
        );
        const calls = stats.rows.reduce((n, r) => n + Number(r.calls), 0);
        const batches = Math.ceil(view.totalAccounts / BATCH);
        console.log(
          `  SQL statements sent (pg_stat_statements, all sessions: run, pg-boss, progress poll): ${calls.toLocaleString('en-GB')}, ${(calls / docs).toFixed(3)} per invoice, ${(calls / batches).toFixed(1)} per batch of ${BATCH}; nested (foreign-key checks and the like) ${(Number(nested.rows[0]?.calls ?? 0) / docs).toFixed(2)} per invoice`,
        );
        console.log('  statements by execution time (calls, ms total, text):');
        for (const r of stats.rows.slice(0, 12))
          console.log(
            `    ${String(r.calls).padStart(8)} ${r.ms.toFixed(0).padStart(8)}  ${r.query.replace(/\s+/g, ' ').slice(0, 110)}`,
          );
        console.log('  statements by calls:');
        for (const r of [...stats.rows].sort((a, b) => Number(b.calls) - Number(a.calls)).slice(0, 6))
          console.log(
            `    ${String(r.calls).padStart(8)} ${r.ms.toFixed(0).padStart(8)}  ${r.query.replace(/\s+/g, ' ').slice(0, 110)}`,
          );
        const q = (f: number) => Math.round(rss[Math.min(rss.length - 1, Math.floor(f * rss.length))] ?? 0);
        console.log(
          `  peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB; RSS over the run at 25/50/75/100 %: ${q(0.25)}/${q(0.5)}/${q(0.75)}/${q(1)} MB, max ${Math.round(Math.max(...rss))} MB`,
        );
        // What one invoice writes: the frozen document data and a line's charge (stored size and
        // the text PostgreSQL parses), and why accounts failed.
        const sizes = await pool.query<{
          data: number;
          dataText: number;
          charge: number;
          chargeText: number;
        }>(
          `select (select avg(pg_column_size(data))::int from documents where tenant_id = $1) as data,
                  (select avg(length(data::text))::int from documents where tenant_id = $1) as "dataText",
                  (select avg(pg_column_size(charge))::int from document_lines where tenant_id = $1) as charge,
                  (select avg(length(charge::text))::int from document_lines where tenant_id = $1) as "chargeText"`,
          [tenantId],
        );
        const z = sizes.rows[0];
        console.log(
          `  bytes per document's data ${z?.data} stored (${z?.dataText} as text), per line's charge ${z?.charge} (${z?.chargeText})`,
        );
        const failures = await pool.query<{ code: string; reason: string; n: number }>(
          `select failure_code as code, failure_reason as reason, count(*)::int as n from billing_run_items
            where tenant_id = $1 and state = 'failed' group by 1, 2 order by 3 desc limit 3`,
          [tenantId],
        );
        for (const f of failures.rows) console.log(`  failed: ${f.n} × ${f.code}: ${f.reason.slice(0, 160)}`);
        if (process.env.BENCH_EXPLAIN) {
          // The plan of a batch's read of issued lines (billingRepository.accountsLines), as the
          // run's role sees it (row-level security applies).
          const sample = await pool.query<{ id: string }>(
            'select id from accounts where tenant_id = $1 order by id limit $2',
            [tenantId, BATCH],
          );
          const plan = await db.tenant(tenantId, async (tx) =>
            rowsOf<{ 'QUERY PLAN': string }>(
              await tx.execute(
                sql.raw(`explain (analyze, costs off)
                  select l.*, d.kind, d.number, d.issue_date
                    from unnest('{${sample.rows.map((r) => r.id).join(',')}}'::uuid[]) as a(id),
                         lateral (select d.id, d.kind, d.number, d.issue_date, d.created_at from documents d
                                   where d.tenant_id = '${tenantId}' and d.account_id = a.id offset 0) d,
                         lateral (select * from document_lines l
                                   where l.tenant_id = '${tenantId}' and l.document_id = d.id offset 0) l
                   order by d.created_at, l.position`),
              ),
            ),
          );
          console.log('  plan of the issued-lines read of one batch:');
          for (const r of plan) console.log(`    ${r['QUERY PLAN']}`);
        }
        if (profiler) {
          const { profile } = await profiler.post('Profiler.stop');
          mkdirSync(PROFILE as string, { recursive: true });
          writeFileSync(
            join(PROFILE as string, `billing-run-${Date.now()}.cpuprofile`),
            JSON.stringify(profile),
          );
          profiler.disconnect();
          summariseProfiles(PROFILE as string);
        }
        break;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
    await jobs.stop();
    await pool.end();
    await db.close();
  } finally {
    if (process.env.BENCH_KEEP) console.log(`kept: ${server.url}`);
    else server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
