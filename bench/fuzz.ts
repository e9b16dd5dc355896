/**
 * OpenAPI fuzz run (not a test): `npm run bench:fuzz [-- --count 20000 --seed 1 --db pglite|pg|both --concurrency 1]`.
 *
 * The fuzzer of test/fuzz.test.ts (test/support/fuzz.ts) with many more requests: every operation
 * of the OpenAPI document as every role, with malformed and random params, query strings,
 * headers and bodies. Runs against the embedded database and, when DATABASE_URL names a
 * PostgreSQL server, against a fresh database there (created and dropped again). Prints per
 * database: requests, answers per status class, 5xx, errors that are not problem+json, and the
 * first offending request of each kind (replayable). Exits with 1 if anything offended.
 * Ctrl-C (or SIGTERM) stops early and still prints the report of what was sent.
 * --concurrency N keeps N requests in flight (races; on PostgreSQL they really run at once).
 * FUZZ_COUNT and FUZZ_SEED work as well as the options.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { buildApp } from '../src/server/app';
import { manualClock } from '../src/server/clock';
import { type Database, openDatabase } from '../src/server/db/client';
import { buildFuzzWorld, formatReport, runFuzz } from '../test/support/fuzz';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: process.env.FUZZ_COUNT ?? '20000' },
    seed: { type: 'string', default: process.env.FUZZ_SEED ?? '1' },
    db: { type: 'string' },
    concurrency: { type: 'string', default: process.env.FUZZ_CONCURRENCY ?? '1' },
  },
});
const count = Number(values.count);
const seed = Number(values.seed);
if (!Number.isInteger(count) || count < 1 || !Number.isInteger(seed)) {
  console.error('--count and --seed must be whole numbers');
  process.exit(2);
}
const serverUrl = process.env.DATABASE_URL;
const which = values.db ?? (serverUrl ? 'both' : 'pglite');
if ((which === 'pg' || which === 'both') && !serverUrl) {
  console.error('--db pg needs DATABASE_URL');
  process.exit(2);
}

async function adminQuery(sql: string) {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function openFresh(kind: 'pglite' | 'pg'): Promise<Database> {
  if (kind === 'pglite') {
    const db = await openDatabase({ kind: 'pglite' });
    await db.migrate();
    return db;
  }
  const name = `kontor_fuzz_${randomBytes(5).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(serverUrl as string);
  url.pathname = `/${name}`;
  const db = await openDatabase({ kind: 'pg', url: url.toString(), max: 5 });
  await db.migrate();
  return {
    ...db,
    async close() {
      await db.close();
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}

async function fuzz(kind: 'pglite' | 'pg'): Promise<boolean> {
  const db = await openFresh(kind);
  const app = await buildApp({
    config: {
      defaultTenant: 'none',
      publicUrl: 'https://portal.example',
      smtpUrl: undefined,
      mailFrom: 'Kontor Fuzz <noreply@portal.example>',
      // Behind one trusted hop: X-Forwarded-* headers are read, so they are fuzzed too.
      trustProxy: 1,
      sessionIdleMinutes: 120,
      sessionAbsoluteHours: 24,
    },
    db,
    clock: manualClock('2026-11-26T09:00:00Z'),
    logger: false,
  });
  try {
    const world = await buildFuzzWorld(app, db);
    const report = await runFuzz({
      app,
      world,
      count,
      seed,
      concurrency: Number(values.concurrency),
      stop: () => stopping,
      onProgress: (r) =>
        process.stderr.write(
          `\r${kind}: ${r.requests} / ${count}, 5xx ${r.serverErrors}, non-problem ${r.notProblem}`,
        ),
    });
    process.stderr.write('\n');
    const label = kind === 'pg' ? 'PostgreSQL' : 'PGlite';
    const early = report.requests < count ? ` (stopped early: ${report.requests} of ${count})` : '';
    console.log(`\n${formatReport(report, `${label}${early}`)}\n`);
    return report.serverErrors === 0 && report.notProblem === 0;
  } finally {
    await app.close();
    await db.close();
  }
}

// SIGINT/SIGTERM end the run early; the report covers the requests sent until then.
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    stopping = true;
  });

// Warnings of the process (deprecations of the database driver, listeners leaking …) are findings too.
const warnings = new Set<string>();
process.on('warning', (w) => warnings.add(`${w.name}: ${w.message}`));

let ok = true;
if (which === 'pglite' || which === 'both') ok = (await fuzz('pglite')) && ok;
if ((which === 'pg' || which === 'both') && !stopping) ok = (await fuzz('pg')) && ok;
console.log(
  warnings.size === 0 ? 'process warnings: none' : `process warnings:\n  ${[...warnings].join('\n  ')}`,
);
process.exit(ok ? 0 : 1);
