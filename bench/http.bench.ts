/**
 * HTTP benchmark (not a test): `npm run bench:http`.
 *
 * Starts a throwaway PostgreSQL, migrates it, seeds the demo operators, fills the demo operator with
 * BENCH_ACCOUNTS accounts (default 100,000; the second operator gets 5,000, so tenant filters
 * matter), starts the portal and the floor server as processes, and drives each scenario with
 * autocannon (BENCH_CONNECTIONS, default 32, for BENCH_SECONDS, default 8). Load generator and
 * servers share this machine's cores. Every figure is also given as a ratio to the floor measured
 * in the same run: a bare Fastify route reading one row by primary key from the same database.
 * BENCH_ONLY=name,name runs a subset of the scenarios.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import autocannon from 'autocannon';
import pg from 'pg';
import { openDatabase } from '../src/server/db/client';
import { seedDemo } from '../src/server/seed/demo';
import { generateOperator } from './support/generate';
import { startThrowawayPostgres } from './support/postgres';

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 100_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const ONLY = process.env.BENCH_ONLY?.split(',');
const TODAY = '2026-11-26';
const PASSWORD = 'kontor-demo-2026';
const PG_PORT = Number(process.env.BENCH_PG_PORT ?? 55690);

type Started = { child: ChildProcess; url: string; output: () => string };

function startProcess(args: string[], env: Record<string, string>, pattern: RegExp): Promise<Started> {
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d;
      const m = out.match(pattern);
      if (m?.[1]) resolve({ child, url: m[1], output: () => out });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (d) => {
      out += d;
    });
    child.on('exit', (code) => reject(new Error(`process exited with ${code}:\n${out.slice(-3000)}`)));
  });
}

function rssMb(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
    return m?.[1] ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** A logged-in session: cookies and the CSRF token for state-changing requests. */
type Session = { cookie: string; csrf: string };

function mergeCookies(jar: Map<string, string>, setCookie: string[]) {
  for (const c of setCookie) {
    const [pair] = c.split(';');
    const i = pair?.indexOf('=') ?? -1;
    if (!pair || i < 0) continue;
    jar.set(pair.slice(0, i).trim(), pair.slice(i + 1));
  }
}

async function logIn(base: string, realm: 'staff' | 'client', email: string): Promise<Session> {
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const first = await fetch(`${base}/api/v1/session`, { headers: { cookie: cookie() } });
  mergeCookies(jar, first.headers.getSetCookie());
  const res = await fetch(`${base}/api/v1/${realm}/login`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      cookie: cookie(),
      'x-csrf-token': jar.get('kontor_csrf') ?? '',
    },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
  mergeCookies(jar, res.headers.getSetCookie());
  const after = await fetch(`${base}/api/v1/session`, { headers: { cookie: cookie() } });
  mergeCookies(jar, after.headers.getSetCookie());
  return { cookie: cookie(), csrf: jar.get('kontor_csrf') ?? '' };
}

type Scenario = {
  name: string;
  what: string;
  base: 'portal' | 'floor';
  request: () => { method?: string; path: string; headers?: Record<string, string>; body?: string };
};

type Result = {
  name: string;
  what: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  rss: number;
};

async function drive(base: string, s: Scenario, pid: number | undefined): Promise<Result> {
  // Warm-up (JIT, connection pools, caches), not counted.
  await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: 1,
    requests: [
      {
        setupRequest: (req) => ({
          ...req,
          ...s.request(),
          headers: { ...req.headers, ...s.request().headers },
        }),
      },
    ],
  });
  let peak = rssMb(pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, rssMb(pid));
  }, 200);
  const result = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        setupRequest: (req) => {
          const r = s.request();
          return {
            ...req,
            method: r.method ?? 'GET',
            path: r.path,
            headers: { ...req.headers, ...r.headers },
            body: r.body,
          };
        },
      },
    ],
  });
  clearInterval(timer);
  return {
    name: s.name,
    what: s.what,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx + result.errors + result.timeouts,
    rss: peak,
  };
}

/** The account search's plans at this volume (the repository's SQL, as the application role). */
async function printSearchPlans(pool: pg.Pool) {
  const c = await pool.connect();
  try {
    const tenant = await c.query<{ id: string }>("select id from tenants where slug = 'demo'");
    const tid = tenant.rows[0]?.id ?? '';
    for (const term of ['Bench 1234', 'bench-4711@', 'K00123', 'ab']) {
      await c.query('begin');
      await c.query("select set_config('app.tenant_id', $1, true)", [tid]);
      await c.query('set local role kontor_app');
      const plan = await c.query<{ 'QUERY PLAN': string }>(
        `explain (analyze, costs off, summary on)
         select * from accounts where tenant_id = $1 and id in (
           select a.id from accounts a where a.tenant_id = $1 and (a.name ilike $2 or a.email ilike $2 or a.customer_number ilike $2)
           union select cu.account_id from client_users cu where cu.tenant_id = $1 and (cu.email ilike $2 or cu.name ilike $2))
         order by lower(name), id limit 20`,
        [tid, `%${term}%`],
      );
      await c.query('rollback');
      const lines = plan.rows.map((r) => r['QUERY PLAN']);
      console.log(
        `plan for "${term}" (${lines.some((l) => /Seq Scan/.test(l)) ? 'has a sequential scan' : 'no sequential scan'}):`,
      );
      for (const l of lines) console.log(`    ${l}`);
    }
  } finally {
    c.release();
  }
}

async function main() {
  const t0 = Date.now();
  const server = startThrowawayPostgres(PG_PORT);
  const children: ChildProcess[] = [];
  try {
    const db = await openDatabase({ kind: 'pg', url: server.url, max: 2 });
    await db.migrate();
    await seedDemo(db.system, new Date(`${TODAY}T09:00:00Z`));
    await db.close();
    const pool = new pg.Pool({ connectionString: server.url, max: 2 });
    await generateOperator(pool, { tenantSlug: 'demo', accounts: ACCOUNTS, today: TODAY });
    await generateOperator(pool, { tenantSlug: 'andere', accounts: Math.min(5_000, ACCOUNTS), today: TODAY });
    const sample = await pool.query<{ id: string; email: string; n: string }>(
      `select a.id, a.email, substring(a.customer_number from 2)::int::text as n from accounts a
         join tenants t on t.id = a.tenant_id where t.slug = 'demo' and a.customer_number like 'K%'
        order by md5(a.id::text) limit 20000`,
    );
    if (process.env.BENCH_PLANS !== '0') await printSearchPlans(pool);
    await pool.end();
    console.log(
      `data: ${ACCOUNTS.toLocaleString('en-GB')} accounts (+ a second operator) in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );

    const entry = process.env.BENCH_SERVER_ENTRY ?? 'src/server/main.ts';
    const serverArgs = entry.endsWith('.ts') ? ['--import', 'tsx', entry] : [entry];
    const portal = await startProcess(
      serverArgs,
      {
        DATABASE_URL: server.url,
        PORT: '0',
        KONTOR_TODAY: TODAY,
        LOG_LEVEL: 'warn',
        KONTOR_SEED_DEMO: 'never',
        ...(process.env.KONTOR_WORKERS ? { KONTOR_WORKERS: process.env.KONTOR_WORKERS } : {}),
      },
      /listening at (http:\/\/localhost:\d+)/,
    );
    children.push(portal.child);
    const floor = await startProcess(
      ['--import', 'tsx', 'bench/support/floor-server.ts'],
      { DATABASE_URL: server.url, PORT: '0' },
      /floor listening at (http:\/\/[\d.:]+)/,
    );
    children.push(floor.child);

    const staff = await logIn(portal.url, 'staff', 'employee@telefoonservice.example');
    const clients: Session[] = [];
    for (const row of sample.rows.slice(0, 64)) clients.push(await logIn(portal.url, 'client', row.email));
    const ids = sample.rows.map((r) => r.id);
    let i = 0;
    const nextId = () => ids[i++ % ids.length] as string;
    let c = 0;
    const nextClient = () => clients[c++ % clients.length] as Session;
    let w = 0;
    const prefixes = ['K00', 'K0012', 'K00345', 'Bench A', 'Bench 1', 'bench-42', 'bench-1234@'];

    const scenarios: Scenario[] = [
      {
        name: 'floor',
        what: 'bare route, one row by primary key',
        base: 'floor',
        request: () => ({ path: `/floor/${nextId()}` }),
      },
      {
        name: 'ready',
        what: '/ready (one query, no session)',
        base: 'portal',
        request: () => ({ path: '/ready' }),
      },
      {
        name: 'session',
        what: 'GET /api/v1/session (staff)',
        base: 'portal',
        request: () => ({ path: '/api/v1/session', headers: { cookie: staff.cookie } }),
      },
      {
        name: 'staff-account',
        what: 'GET /staff/accounts/:id (random)',
        base: 'portal',
        request: () => ({ path: `/api/v1/staff/accounts/${nextId()}`, headers: { cookie: staff.cookie } }),
      },
      {
        name: 'staff-bookings',
        what: 'GET /staff/accounts/:id/bookings (random)',
        base: 'portal',
        request: () => ({
          path: `/api/v1/staff/accounts/${nextId()}/bookings`,
          headers: { cookie: staff.cookie },
        }),
      },
      {
        name: 'search',
        what: 'GET /staff/accounts?q= (name, e-mail, customer number)',
        base: 'portal',
        request: () => ({
          path: `/api/v1/staff/accounts?q=${encodeURIComponent(prefixes[i++ % prefixes.length] as string)}`,
          headers: { cookie: staff.cookie },
        }),
      },
      {
        name: 'client-account',
        what: 'GET /client/account (64 clients)',
        base: 'portal',
        request: () => ({ path: '/api/v1/client/account', headers: { cookie: nextClient().cookie } }),
      },
      {
        name: 'write-customer-number',
        what: 'PUT customer number section (each account once)',
        base: 'portal',
        request: () => {
          const row = sample.rows[w++ % sample.rows.length];
          return {
            method: 'PUT',
            path: `/api/v1/staff/accounts/${row?.id}/contract/customer-number`,
            headers: { cookie: staff.cookie, 'x-csrf-token': staff.csrf, 'content-type': 'application/json' },
            body: JSON.stringify({
              customerNumber: `W${row?.n}-${w}`,
              version: 1 + Math.floor((w - 1) / sample.rows.length),
            }),
          };
        },
      },
    ];
    const results: Result[] = [];
    for (const s of scenarios) {
      if (ONLY && s.name !== 'floor' && !ONLY.includes(s.name)) continue;
      const base = s.base === 'floor' ? floor.url : portal.url;
      const pid = s.base === 'floor' ? floor.child.pid : portal.child.pid;
      const probe = s.request();
      const answer = await fetch(`${base}${probe.path}`, {
        method: probe.method ?? 'GET',
        headers: probe.headers,
        body: probe.body,
      });
      if (answer.status >= 300)
        console.log(`  ${s.name}: probe answered ${answer.status} ${(await answer.text()).slice(0, 300)}`);
      const r = await drive(base, s, pid);
      results.push(r);
      console.log(`  ${r.name}: ${Math.round(r.rps)} req/s`);
      if (r.rps === 0 || r.non2xx > 0) console.log(portal.output().slice(-2000));
    }
    const floorRps = results.find((r) => r.name === 'floor')?.rps ?? 1;
    const cpu = cpus();
    console.log(
      `\nmachine: ${cpu.length} × ${cpu[0]?.model ?? '?'}, Node ${process.version}; ${CONNECTIONS} connections, ${SECONDS} s each; load generator on the same cores\n`,
    );
    console.log('| scenario | request | req/s | × floor | p50 ms | p99 ms | non-2xx | server RSS MB |');
    console.log('|---|---|---:|---:|---:|---:|---:|---:|');
    for (const r of results)
      console.log(
        `| ${r.name} | ${r.what} | ${Math.round(r.rps)} | ${(r.rps / floorRps).toFixed(2)} | ${r.p50} | ${r.p99} | ${r.non2xx} | ${Math.round(r.rss)} |`,
      );
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    server.stop();
  }
}

await main();
