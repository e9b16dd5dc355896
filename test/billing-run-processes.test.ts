import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, rmSync } from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase, rowsOf } from '../src/server/db/client';
import { tenants, usageRecords } from '../src/server/db/schema';
import { createBillingService } from '../src/server/features/billing/billing.service';
import { buildBilledAccount, buildBillingShop } from './support/billing-factories';
import { createEmptyPgDatabase } from './support/db';
import { buildTenant, type TestTenant } from './support/factories';
import { cleanUpProcesses, startServer } from './support/process';

/**
 * Real processes on one PostgreSQL database (ADR 0014). PostgreSQL only: the embedded database
 * lives inside its one process, so "another process" and "kill the worker but not the database"
 * do not exist there; the run's resumption logic is the same code on both (billing-run.test.ts
 * runs a whole run on PGlite).
 */
cleanUpProcesses();

const TODAY = '2026-11-30';
const ACCOUNTS = 24;

/** What the database holds after the runs: documents per account, number series, runs. */
async function ledger(db: Database, tenantId: string) {
  const perAccount = rowsOf<{ accountId: string; invoices: number }>(
    await db.system.execute(sql`
      select account_id as "accountId", count(*)::int as invoices from documents
      where tenant_id = ${tenantId} and kind = 'invoice' group by account_id`),
  );
  const series = rowsOf<{ series: string; scope: string; n: number; lo: number; hi: number; last: number }>(
    await db.system.execute(sql`
      select d.series, d.scope, count(*)::int as n, min(d.sequence)::int as lo, max(d.sequence)::int as hi,
             max(s.last_value)::int as last
      from documents d join number_series s
        on s.tenant_id = d.tenant_id and s.series = d.series and s.scope = d.scope
      where d.tenant_id = ${tenantId} group by d.series, d.scope`),
  );
  const duplicateCharges = rowsOf<{ key: string }>(
    await db.system.execute(sql`
      select charge_key as key from document_lines where tenant_id = ${tenantId}
      group by charge_key having count(*) > 1`),
  );
  return { perAccount, series, duplicateCharges };
}

/**
 * The CLI built to plain JavaScript once, as `npm run build:server` does (dependencies external):
 * a start then takes a fraction of the time tsx needs, so the kill points stay cheap.
 */
async function buildCli(): Promise<{ entry: string; remove(): void }> {
  const dir = `dist/test-cli-${randomBytes(4).toString('hex')}`;
  await build({
    entryPoints: ['src/server/cli.ts'],
    outdir: dir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  cpSync('src/server/db/migrations', `${dir}/migrations`, { recursive: true });
  return { entry: `${dir}/cli.js`, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

let cliEntry = '';

function runCli(url: string, slug: string) {
  const child: ChildProcess = spawn(
    process.execPath,
    [cliEntry, 'billing-run', '--tenant', slug, '--until', TODAY, '--batch-size', '3'],
    {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        LOG_LEVEL: 'warn',
        DATABASE_URL: url,
        KONTOR_TODAY: TODAY,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => out };
}

async function waitFor(check: () => boolean, timeoutMs: number) {
  const end = Date.now() + timeoutMs;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
}

describe('billing run worker killed (SIGKILL) at random points, then resumed', async () => {
  const database = await createEmptyPgDatabase();
  const db = await openDatabase({ kind: 'pg', url: database.url, max: 3 });
  await db.migrate();
  const cli = await buildCli();
  cliEntry = cli.entry;
  afterAll(async () => {
    cli.remove();
    await db.close();
    await database.drop();
  });

  it('completes with no account invoiced twice, no number gap and every due charge invoiced; later runs issue nothing new', async () => {
    const tenant: TestTenant = await buildTenant(db);
    const shop = await buildBillingShop(db, tenant);
    const accounts = [];
    for (let i = 0; i < ACCOUNTS; i++) {
      const a = await buildBilledAccount(db, tenant, shop, { isTestAccount: i % 8 === 7 });
      // Usage of October on every other account (monthly in arrears: due on 1 November).
      if (i % 2 === 0)
        await db.system.insert(usageRecords).values({
          tenantId: tenant.id,
          bookingId: a.booking.id,
          itemId: shop.calls.id,
          month: '2026-10',
          quantity: String(10 + i),
          sourceRecordId: `calls-${i}`,
          importedVia: 'api',
          createdAt: new Date('2026-11-02T08:00:00Z'),
        });
      accounts.push(a);
    }

    // Two worker processes share the run; each is killed at its own random point: some while it
    // starts or creates (or joins) the run, most while it issues.
    let kills = 0;
    let rnd = Date.now() % 2147483647 || 1;
    const random = () => {
      rnd = (rnd * 48271) % 2147483647;
      return rnd / 2147483647;
    };
    const killAtRandom = async (p: ReturnType<typeof runCli>) => {
      if (random() < 0.2) {
        await waitFor(() => p.child.exitCode !== null, random() * 1500);
      } else {
        await waitFor(
          () => /billing run \S+ (started|resumed)/.test(p.output()) || p.child.exitCode !== null,
          60_000,
        );
        await waitFor(() => p.child.exitCode !== null, random() * 500);
      }
      if (p.child.exitCode === null) {
        p.child.kill('SIGKILL');
        kills += 1;
      }
      await p.exited;
      expect(p.output()).not.toMatch(/kontor: |refused/);
    };
    for (let round = 0; kills < 20 && round < 30; round++) {
      await Promise.all([
        killAtRandom(runCli(database.url, tenant.slug)),
        killAtRandom(runCli(database.url, tenant.slug)),
      ]);
    }
    expect(kills).toBeGreaterThanOrEqual(20);

    // The last start runs to the end.
    const last = runCli(database.url, tenant.slug);
    const code = await last.exited;
    expect(last.output(), last.output()).toMatch(/billing run \S+ completed: 24 accounts/);
    expect(code).toBe(0);

    const l = await ledger(db, tenant.id);
    expect(l.duplicateCharges).toEqual([]);
    // Every account invoiced exactly once (all its charges were due on one date).
    expect(l.perAccount).toHaveLength(ACCOUNTS);
    expect(l.perAccount.every((a) => a.invoices === 1)).toBe(true);
    // Gap-free: each series holds 1..n and its counter stands at n (no number lost to a kill).
    expect(l.series.map((s) => s.series).sort()).toEqual(['invoice', 'test']);
    for (const s of l.series) expect(s, JSON.stringify(s)).toMatchObject({ lo: 1, hi: s.n, last: s.n });
    expect(l.series.reduce((sum, s) => sum + s.n, 0)).toBe(ACCOUNTS);

    // Every due charge is invoiced: the billing data of each account shows nothing due.
    const billing = createBillingService(db);
    for (const a of accounts) {
      const data = await billing.billingData(
        {
          tenantId: tenant.id,
          actor: { realm: 'staff', userId: a.owner.id, level: 'supermanager' },
          requestId: 'test',
          ip: '127.0.0.1',
          now: new Date(`${TODAY}T12:00:00Z`),
          today: TODAY,
        },
        a.account.id,
        TODAY,
      );
      expect(data.charges.filter((c) => c.status === 'due')).toEqual([]);
      expect(data.charges.filter((c) => c.status === 'invoiced').length).toBeGreaterThanOrEqual(3);
    }

    // Every run is completed; all documents issued are counted by exactly one run.
    const runs = rowsOf<{ state: string; documents: number; total: number; done: number }>(
      await db.system.execute(sql`
        select state, documents_issued as documents, total_accounts as total, done_accounts as done
        from billing_runs where tenant_id = ${tenant.id} order by created_at`),
    );
    expect(runs.every((r) => r.state === 'completed' && r.done === r.total && r.total === ACCOUNTS)).toBe(
      true,
    );
    expect(runs.reduce((s, r) => s + r.documents, 0)).toBe(ACCOUNTS);

    // Once more for the same date: a new run that issues nothing.
    const again = runCli(database.url, tenant.slug);
    await again.exited;
    expect(again.output()).toMatch(/completed: 24 accounts, 0 documents issued, 0 failed/);
    expect((await ledger(db, tenant.id)).series.reduce((sum, s) => sum + s.n, 0)).toBe(ACCOUNTS);
  }, 600_000);
});

describe('two server processes issuing 50 invoices each at the same time', async () => {
  const database = await createEmptyPgDatabase();
  const db = await openDatabase({ kind: 'pg', url: database.url, max: 3 });
  afterAll(async () => {
    await db.close();
    await database.drop();
  });

  async function login(base: string) {
    const jar = new Map<string, string>();
    const keep = (res: Response) => {
      for (const c of res.headers.getSetCookie()) {
        const pair = c.split(';')[0] ?? '';
        const i = pair.indexOf('=');
        if (i > 0) jar.set(pair.slice(0, i), pair.slice(i + 1));
      }
    };
    const headers = () => ({
      cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
      'content-type': 'application/json',
      'x-csrf-token': jar.get('kontor_csrf') ?? '',
    });
    keep(await fetch(`${base}/api/v1/session`));
    const res = await fetch(`${base}/api/v1/staff/login`, {
      method: 'POST',
      headers: headers(),
      body: JSON.stringify({ email: 'supermanager@telefoonservice.example', password: 'kontor-demo-2026' }),
    });
    expect(res.status).toBe(200);
    keep(res);
    return (path: string, body: unknown) =>
      fetch(`${base}${path}`, { method: 'POST', headers: headers(), body: JSON.stringify(body) });
  }

  it('numbers are unique and without gaps', async () => {
    // Started here: the processes left running after a test are killed (cleanUpProcesses).
    const env = { PORT: '0', DATABASE_URL: database.url, KONTOR_TODAY: TODAY };
    const a = startServer(env);
    const urlA = await a.listening();
    const b = startServer(env);
    const urlB = await b.listening();
    const [demo] = await db.system.select().from(tenants).where(eq(tenants.slug, 'demo'));
    if (!demo) throw new Error('demo operator missing');
    const tenant: TestTenant = { ...demo, host: 'localhost' };
    const shop = await buildBillingShop(db, tenant, { withSettings: false });
    const ids: string[] = [];
    for (let i = 0; i < 100; i++) ids.push((await buildBilledAccount(db, tenant, shop)).account.id);
    const before = rowsOf<{ n: number }>(
      await db.system.execute(
        sql`select count(*)::int as n from documents where tenant_id = ${demo.id} and series = 'invoice'`,
      ),
    )[0]?.n;
    const [postA, postB] = await Promise.all([login(urlA), login(urlB)]);
    const answers = await Promise.all(
      ids.map((id, i) =>
        (i % 2 === 0 ? postA : postB)(`/api/v1/staff/accounts/${id}/invoices`, { until: TODAY }),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual(ids.map(() => 201));
    const numbers = rowsOf<{ sequence: number; number: string }>(
      await db.system.execute(sql`
        select sequence, number from documents
        where tenant_id = ${demo.id} and series = 'invoice' order by sequence`),
    );
    expect(numbers).toHaveLength(Number(before) + 100);
    expect(new Set(numbers.map((n) => n.number)).size).toBe(numbers.length);
    expect(numbers.map((n) => n.sequence)).toEqual(numbers.map((_, i) => i + 1));
    a.child.kill('SIGTERM');
    b.child.kill('SIGTERM');
    await Promise.all([a.exited, b.exited]);
  }, 300_000);
});
