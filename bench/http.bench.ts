/**
 * HTTP benchmark (not a test): `npm run bench:http`.
 *
 * Starts a throwaway PostgreSQL, migrates it, seeds the demo operators, fills the demo operator with
 * BENCH_ACCOUNTS accounts (default 100,000; the second operator gets 5,000, so tenant filters
 * matter) and BENCH_CLIENT_SESSIONS logged-in clients (default 2,000), builds the server
 * (dist/server, what `npm start` runs), starts the portal and the floor server as processes, and
 * drives each scenario with autocannon (BENCH_CONNECTIONS, default 32, for BENCH_SECONDS, default
 * 8). Load generator and servers share this machine's cores; the 1-minute load average before each
 * scenario is printed with its figure. Every figure is also given as a ratio to the floor measured
 * in the same run: a bare Fastify route reading one row by primary key from the same database.
 *
 * Then, unless switched off: the read scenarios again with KONTOR_WORKERS=2 (BENCH_WORKERS2=0
 * skips), and the contract page on the embedded database (PGlite, its own floor;
 * BENCH_PGLITE_ACCOUNTS, default BENCH_ACCOUNTS; BENCH_PGLITE=0 skips).
 * BENCH_ONLY=name,name runs a subset of the scenarios; BENCH_PROFILE=dir writes a CPU profile of
 * the portal (first phase) there and prints its top self-time; BENCH_PLANS=0 skips the plans.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { openDatabase } from '../src/server/db/client';
import { csrfTokenOf } from '../src/server/plugins/auth';
import { seedDemo } from '../src/server/seed/demo';
import { generateOperator, type SqlClient, sessionToken } from './support/generate';
import { startThrowawayPostgres } from './support/postgres';
import { treeCpuMs } from './support/proc';
import { summariseProfiles } from './support/profile-summary';

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

/** The search scenarios' terms: broad, middle and rare, by what they match. */
const SEARCH_TERM_KINDS = {
  names: ['Bench A', 'Bench 1', 'Bench C2', 'Bench F'],
  emails: ['bench-42', 'bench-1234@', 'bench-77'],
  numbers: ['K00', 'K0012', 'K00345'],
} as const;
const SEARCH_TERMS = Object.values(SEARCH_TERM_KINDS).flat();

type Scenario = {
  name: string;
  what: string;
  base: 'portal' | 'floor';
  request: () => { method?: string; path: string; headers?: Record<string, string>; body?: string };
};

type Result = {
  name: string;
  what: string;
  phase: string;
  load: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  rss: number;
  /** CPU ms per request of the server (with its workers) and of PostgreSQL (all backends). */
  serverCpu: number;
  pgCpu: number;
};

async function drive(
  base: string,
  s: Scenario,
  pid: number | undefined,
  phase: string,
  pgPid: number | undefined,
): Promise<Result> {
  const load = loadavg()[0] ?? 0;
  // Warm-up (JIT, connection pools, caches), not counted.
  await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: 1,
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
  let peak = rssMb(pid);
  const cpu0 = { server: treeCpuMs(pid), pg: treeCpuMs(pgPid) };
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
  const requests = Math.max(1, result.requests.total);
  return {
    name: s.name,
    what: s.what,
    phase,
    load,
    serverCpu: (treeCpuMs(pid) - cpu0.server) / requests,
    pgCpu: (treeCpuMs(pgPid) - cpu0.pg) / requests,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx + result.errors + result.timeouts,
    rss: peak,
  };
}

/**
 * The account search at this volume (kontor_account_search_page, migration 0018): for each term
 * of the scenarios, how long one page takes in the database, how many matches it counted (capped
 * at 1,000 + 1), and the plans of its two steps — the walk along the ordered index and the
 * trigram statement for terms the walk does not satisfy.
 */
async function printSearchPlans(pool: pg.Pool, terms: readonly string[]) {
  const c = await pool.connect();
  try {
    const tenant = await c.query<{ id: string }>("select id from tenants where slug = 'demo'");
    const tid = tenant.rows[0]?.id ?? '';
    await c.query('begin');
    await c.query(`select set_config('app.tenant_id', $1, true)`, [tid]);
    for (const term of terms) {
      const pattern = `%${term}%`;
      const t0 = performance.now();
      const page = await c.query<{ total: number }>(
        'select total from kontor_account_search_page($1, null, 20, 0, 1000)',
        [pattern],
      );
      const ms = performance.now() - t0;
      const walk = await c.query<{ 'QUERY PLAN': string }>(
        `explain (analyze, costs off, summary on)
         select f.account_id from (select s.account_id, s.sort_key, s.search_text from account_search s
           where s.tenant_id = $1 order by s.sort_key, s.account_id limit 2000) f
          where f.search_text ilike $2 order by f.sort_key, f.account_id limit 20`,
        [tid, pattern],
      );
      const trigram = await c.query<{ 'QUERY PLAN': string }>(
        `explain (analyze, costs off, summary on)
         select s.account_id from account_search s where s.tenant_id = $1 and s.search_text ilike $2
          order by s.sort_key || '', s.account_id limit 20`,
        [tid, pattern],
      );
      const lines = [...walk.rows, ...trigram.rows].map((r) => r['QUERY PLAN']);
      console.log(
        `search "${term}": ${ms.toFixed(1)} ms for a page, ${page.rows[0]?.total ?? 0} matches counted (cap 1,000 + 1)${lines.some((l) => /Seq Scan/.test(l)) ? ', a step has a sequential scan' : ''}`,
      );
      for (const l of lines) console.log(`    ${l}`);
    }
    await c.query('rollback');
  } finally {
    c.release();
  }
}

const CLIENT_SESSIONS = Number(process.env.BENCH_CLIENT_SESSIONS ?? 2_000);
const NOW = `${TODAY}T12:00:00Z`; // the instant KONTOR_TODAY freezes (src/server/clock.ts)

/** A generated client's session: cookie with its session-bound CSRF token. */
function generatedClient(n: number): Session {
  const token = sessionToken('demo', n);
  const csrf = csrfTokenOf(token);
  return { cookie: `kontor_session=${token}; kontor_csrf=${csrf}`, csrf };
}

type Sample = { id: string; n: number; booking: string };

/** Each account's version as the writes have left it (all phases write to the same database). */
const versions = new Map<string, number>();

async function sampleOf(c: SqlClient): Promise<Sample[]> {
  const rows = await c.query<{ id: string; n: string; booking: string }>(
    `select a.id, substring(a.customer_number from 2)::int as n, b.id as booking from accounts a
       join tenants t on t.id = a.tenant_id join bookings b on b.account_id = a.id
      where t.slug = 'demo' and a.email like 'bench-%' order by md5(a.id::text) limit 50000`,
  );
  return rows.rows.map((r) => ({ id: r.id, n: Number(r.n), booking: r.booking }));
}

/** The scenarios, over one data set; writes keep track of each account's version. */
function scenariosFor(sample: Sample[], staff: Session) {
  const ids = sample.map((r) => r.id);
  let i = 0;
  const nextId = () => ids[i++ % ids.length] as string;
  const withSession = sample.filter((r) => r.n <= CLIENT_SESSIONS);
  let c = 0;
  const nextClient = () => generatedClient((withSession[c++ % Math.max(1, withSession.length)] as Sample).n);
  const nextVersion = (id: string) => {
    const v = (versions.get(id) ?? 0) + 1;
    versions.set(id, v);
    return v;
  };
  let w = 0;
  const write = (path: string, body: unknown, method = 'PUT') => ({
    method,
    path,
    headers: { cookie: staff.cookie, 'x-csrf-token': staff.csrf, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  // Cancel a booking, withdraw that cancellation 64 requests later (long done by then).
  let b = 0;
  const cancelled: string[] = [];
  const { names, emails, numbers } = SEARCH_TERM_KINDS;
  const staffGet = (path: string) => ({ path, headers: { cookie: staff.cookie } });
  const scenarios: Scenario[] = [
    {
      name: 'ready',
      what: '/ready (one query, no session)',
      base: 'portal',
      request: () => ({ path: '/ready' }),
    },
    {
      name: 'session',
      what: 'GET /session (staff)',
      base: 'portal',
      request: () => staffGet('/api/v1/session'),
    },
    {
      name: 'staff-contract',
      what: 'contract page, staff (random accounts)',
      base: 'portal',
      request: () => staffGet(`/api/v1/staff/accounts/${nextId()}/contract`),
    },
    {
      name: 'client-contract',
      what: `contract page, client (${withSession.length} clients)`,
      base: 'portal',
      request: () => ({ path: '/api/v1/client/account/contract', headers: { cookie: nextClient().cookie } }),
    },
    {
      name: 'staff-account',
      what: 'GET /staff/accounts/:id (random)',
      base: 'portal',
      request: () => staffGet(`/api/v1/staff/accounts/${nextId()}`),
    },
    {
      name: 'staff-bookings',
      what: 'GET /staff/accounts/:id/bookings (random)',
      base: 'portal',
      request: () => staffGet(`/api/v1/staff/accounts/${nextId()}/bookings`),
    },
    ...(
      [
        ['search-name', 'account search by name', names],
        ['search-email', 'account search by e-mail', emails],
        ['search-number', 'account search by customer-number prefix', numbers],
      ] as const
    ).map(
      ([name, what, terms]): Scenario => ({
        name,
        what,
        base: 'portal',
        request: () =>
          staffGet(`/api/v1/staff/accounts?q=${encodeURIComponent(terms[i++ % terms.length] as string)}`),
      }),
    ),
    {
      name: 'client-account',
      what: 'GET /client/account (generated clients)',
      base: 'portal',
      request: () => ({ path: '/api/v1/client/account', headers: { cookie: nextClient().cookie } }),
    },
    {
      name: 'write-cancel-withdraw',
      what: 'POST cancellation / withdraw (alternating)',
      base: 'portal',
      request: () => {
        if (w++ % 2 === 1 && cancelled.length > 64) {
          const id = cancelled.shift() as string;
          return write(`/api/v1/staff/bookings/${id}/cancellation/withdraw`, {}, 'POST');
        }
        const row = sample[b++ % sample.length] as Sample;
        cancelled.push(row.booking);
        return write(`/api/v1/staff/bookings/${row.booking}/cancellation`, {}, 'POST');
      },
    },
    {
      name: 'write-billing-address',
      what: 'PUT contract billing address',
      base: 'portal',
      request: () => {
        const row = sample[w++ % sample.length] as Sample;
        return write(`/api/v1/staff/accounts/${row.id}/contract/billing-address`, {
          billingAddress: {
            company: null,
            name: `Billing ${w}`,
            street: `Kade ${w}`,
            postalCode: '1000 AB',
            city: 'Amsterdam',
            country: 'NL',
          },
          version: nextVersion(row.id),
        });
      },
    },
    {
      name: 'write-customer-number',
      what: 'PUT contract customer number',
      base: 'portal',
      request: () => {
        const row = sample[w++ % sample.length] as Sample;
        return write(`/api/v1/staff/accounts/${row.id}/contract/customer-number`, {
          customerNumber: `W${row.n}-${w}`,
          reason: 'bench',
          version: nextVersion(row.id),
        });
      },
    },
  ];
  return { scenarios, nextId };
}

async function runScenarios(
  phase: string,
  scenarios: Scenario[],
  portal: Started,
  floor: Started | undefined,
  names: string[] | undefined,
  nextId: () => string,
  pgPid?: number,
): Promise<Result[]> {
  const results: Result[] = [];
  const all: Scenario[] = [
    ...(floor
      ? [
          {
            name: 'floor',
            what: 'bare route, one row by primary key',
            base: 'floor',
            request: () => ({ path: `/floor/${nextId()}` }),
          } satisfies Scenario,
        ]
      : []),
    ...scenarios,
  ];
  for (const s of all) {
    if (s.name !== 'floor' && names && !names.includes(s.name)) continue;
    if (s.name !== 'floor' && ONLY && !ONLY.includes(s.name)) continue;
    const target = s.base === 'floor' && floor ? floor : portal;
    const probe = s.request();
    const answer = await fetch(`${target.url}${probe.path}`, {
      method: probe.method ?? 'GET',
      headers: probe.headers,
      body: probe.body,
    });
    if (answer.status >= 300)
      console.log(`  ${s.name}: probe answered ${answer.status} ${(await answer.text()).slice(0, 300)}`);
    const r = await drive(target.url, s, target.child.pid, phase, pgPid);
    results.push(r);
    console.log(`  [${phase}] ${r.name}: ${Math.round(r.rps)} req/s (load ${r.load.toFixed(2)})`);
    if (r.rps === 0 || r.non2xx > 0) console.log(portal.output().slice(-1500));
  }
  return results;
}

async function stopProcess(p: Started) {
  if (p.child.exitCode !== null) return;
  const exited = new Promise((r) => p.child.once('exit', r));
  p.child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
}

function serverCommand(profileDir?: string): string[] {
  const entry = process.env.BENCH_SERVER_ENTRY ?? 'dist/server/main.js';
  const prof = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  return entry.endsWith('.ts') ? [...prof, '--import', 'tsx', entry] : [...prof, entry];
}

async function startPortal(env: Record<string, string>, profileDir?: string) {
  return startProcess(
    serverCommand(profileDir),
    { PORT: '0', KONTOR_TODAY: TODAY, LOG_LEVEL: 'warn', KONTOR_SEED_DEMO: 'never', ...env },
    /listening at (http:\/\/localhost:\d+)/,
  );
}

function printTable(title: string, results: Result[], floorRps: number, floorName: string) {
  const floor = results.find((r) => r.name === 'floor');
  const floorCpu = floor ? floor.serverCpu + floor.pgCpu : 0;
  console.log(`\n${title} (× floor = ratio to ${floorName}, ${Math.round(floorRps)} req/s, same run)`);
  console.log(
    'CPU columns: CPU ms per request of the server process(es) and of PostgreSQL (all backends). "CPU × floor" is\n' +
      "the floor's CPU per request (server + database) divided by the scenario's: the load generator's share and the\n" +
      "other work on the machine are left out, so it moves much less with the machine's load than req/s does.\n",
  );
  console.log(
    '| phase | scenario | request | req/s | × floor | p50 ms | p99 ms | non-2xx | server CPU ms/req | PG CPU ms/req | CPU × floor | server RSS MB | load (1 min) |',
  );
  console.log('|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    const cpu = r.serverCpu + r.pgCpu;
    console.log(
      `| ${r.phase} | ${r.name} | ${r.what} | ${Math.round(r.rps)} | ${(r.rps / floorRps).toFixed(2)} | ${r.p50} | ${r.p99} | ${r.non2xx} | ${r.serverCpu.toFixed(2)} | ${r.pgCpu.toFixed(2)} | ${cpu > 0 && floorCpu > 0 ? (floorCpu / cpu).toFixed(2) : '–'} | ${Math.round(r.rss)} | ${r.load.toFixed(2)} |`,
    );
  }
}

async function main() {
  const t0 = Date.now();
  if (!process.env.BENCH_SERVER_ENTRY)
    execFileSync(process.execPath, ['scripts/build-server.mjs'], { stdio: 'inherit' });
  const server = startThrowawayPostgres(PG_PORT);
  const started: Started[] = [];
  const profileDir = process.env.BENCH_PROFILE;
  const pgliteDir = mkdtempSync(join(tmpdir(), 'kontor-bench-pglite-'));
  try {
    const db = await openDatabase({ kind: 'pg', url: server.url, max: 2 });
    await db.migrate();
    await seedDemo(db.system, new Date(`${TODAY}T09:00:00Z`));
    await db.close();
    const pool = new pg.Pool({ connectionString: server.url, max: 2 });
    const gen = await pool.connect();
    await generateOperator(gen, {
      tenantSlug: 'demo',
      accounts: ACCOUNTS,
      today: TODAY,
      sessions: CLIENT_SESSIONS,
      now: NOW,
    });
    await generateOperator(gen, { tenantSlug: 'andere', accounts: Math.min(5_000, ACCOUNTS), today: TODAY });
    const sample = await sampleOf(gen);
    gen.release();
    if (process.env.BENCH_PLANS !== '0') await printSearchPlans(pool, SEARCH_TERMS);
    await pool.end();
    console.log(
      `data: ${ACCOUNTS.toLocaleString('en-GB')} accounts (+ a second operator) in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );

    const floor = await startProcess(
      ['--import', 'tsx', 'bench/support/floor-server.ts'],
      { DATABASE_URL: server.url, PORT: '0' },
      /floor listening at (http:\/\/[\d.:]+)/,
    );
    started.push(floor);
    const portal = await startPortal({ DATABASE_URL: server.url }, profileDir);
    started.push(portal);
    const staff = await logIn(portal.url, 'staff', 'employee@telefoonservice.example');
    const { scenarios, nextId } = scenariosFor(sample, staff);
    const results = await runScenarios(
      'pg, 1 process',
      scenarios,
      portal,
      floor,
      undefined,
      nextId,
      server.pid(),
    );
    await stopProcess(portal);
    if (profileDir) summariseProfiles(profileDir, 25);

    if (process.env.BENCH_WORKERS2 !== '0') {
      const two = await startPortal({ DATABASE_URL: server.url, KONTOR_WORKERS: '2' });
      started.push(two);
      const staff2 = await logIn(two.url, 'staff', 'employee@telefoonservice.example');
      const s2 = scenariosFor(sample.slice().reverse(), staff2);
      results.push(
        ...(await runScenarios(
          'pg, KONTOR_WORKERS=2',
          s2.scenarios,
          two,
          undefined,
          ['session', 'staff-contract', 'client-contract', 'search-name', 'write-billing-address'],
          nextId,
          server.pid(),
        )),
      );
      await stopProcess(two);
    }
    await stopProcess(floor);
    const floorRps = results.find((r) => r.name === 'floor')?.rps ?? 1;
    const cpu = cpus();
    console.log(
      `\nmachine: ${cpu.length} × ${cpu[0]?.model ?? '?'}, Node ${process.version}; ${CONNECTIONS} connections, ${SECONDS} s each; load generator on the same cores`,
    );
    printTable('PostgreSQL', results, floorRps, 'the floor on PostgreSQL');

    if (process.env.BENCH_PGLITE !== '0') {
      const n = Number(process.env.BENCH_PGLITE_ACCOUNTS ?? ACCOUNTS);
      const t1 = Date.now();
      const lite = await openDatabase({ kind: 'pglite', dataDir: pgliteDir });
      await lite.migrate();
      await seedDemo(lite.system, new Date(`${TODAY}T09:00:00Z`));
      const client = (lite.system as unknown as { $client: SqlClient }).$client;
      await generateOperator(client, {
        tenantSlug: 'demo',
        accounts: n,
        today: TODAY,
        sessions: CLIENT_SESSIONS,
        now: NOW,
      });
      const liteSample = await sampleOf(client);
      await lite.close();
      console.log(
        `\nembedded data: ${n.toLocaleString('en-GB')} accounts in ${((Date.now() - t1) / 1000).toFixed(1)} s`,
      );
      // The embedded database serves one process: the floor first, then the portal on the same files.
      const liteFloor = await startProcess(
        ['--import', 'tsx', 'bench/support/floor-server.ts'],
        { KONTOR_DATA_DIR: pgliteDir, PORT: '0' },
        /floor listening at (http:\/\/[\d.:]+)/,
      );
      started.push(liteFloor);
      const ids = liteSample.map((r) => r.id);
      let k = 0;
      const liteNext = () => ids[k++ % ids.length] as string;
      const liteResults = await runScenarios('PGlite', [], liteFloor, liteFloor, [], liteNext);
      await stopProcess(liteFloor);
      const litePortal = await startPortal({ KONTOR_DATA_DIR: pgliteDir });
      started.push(litePortal);
      const liteStaff = await logIn(litePortal.url, 'staff', 'employee@telefoonservice.example');
      const ls = scenariosFor(liteSample, liteStaff);
      liteResults.push(
        ...(await runScenarios(
          'PGlite',
          ls.scenarios,
          litePortal,
          undefined,
          ['session', 'staff-contract', 'client-contract'],
          liteNext,
        )),
      );
      await stopProcess(litePortal);
      printTable('Embedded database (PGlite)', liteResults, liteResults[0]?.rps ?? 1, 'the floor on PGlite');
      console.log(
        `\n(the PGlite figures against the PostgreSQL floor: ${liteResults
          .map((r) => `${r.name} ${(r.rps / floorRps).toFixed(2)}`)
          .join(', ')})`,
      );
    }
  } finally {
    for (const p of started) if (p.child.exitCode === null) p.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    server.stop();
    rmSync(pgliteDir, { recursive: true, force: true });
  }
}

await main();
