import { afterAll, describe, expect, it } from 'vitest';
import { createEmptyPgDatabase } from './support/db';
import { startServer } from './support/process';
import { startSmtpServer } from './support/smtp';

/**
 * Several server processes on one PostgreSQL database share nothing but the database: a session
 * made on one is valid on the other, rate limits count across both, and the outbox dispatchers of
 * both deliver each e-mail exactly once. (PostgreSQL only: the embedded database is one process.)
 */
const PASSWORD = 'kontor-demo-2026';

type Jar = Map<string, string>;
const cookieHeader = (jar: Jar) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
function keep(jar: Jar, res: Response) {
  for (const c of res.headers.getSetCookie()) {
    const pair = c.split(';')[0] ?? '';
    const i = pair.indexOf('=');
    if (i > 0) jar.set(pair.slice(0, i), pair.slice(i + 1));
  }
}
async function call(base: string, jar: Jar, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      cookie: cookieHeader(jar),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(method === 'GET' ? {} : { 'x-csrf-token': jar.get('kontor_csrf') ?? '' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  keep(jar, res);
  return res;
}

describe('two server processes on one database', async () => {
  const smtp = await startSmtpServer();
  const database = await createEmptyPgDatabase();
  const env = { PORT: '0', DATABASE_URL: database.url, KONTOR_TODAY: '2026-11-26', SMTP_URL: smtp.url };
  const a = startServer(env);
  const urlA = await a.listening();
  const b = startServer(env);
  const urlB = await b.listening();
  afterAll(async () => {
    a.child.kill('SIGTERM');
    b.child.kill('SIGTERM');
    await Promise.all([a.exited, b.exited]);
    await smtp.close();
    await database.drop();
  });

  it('serves on two ports from one database (the second start neither migrates again nor seeds twice)', async () => {
    expect(urlA).not.toBe(urlB);
    expect(b.output()).not.toMatch(/error/i);
    const [sa, sb] = await Promise.all([fetch(`${urlA}/api/v1/session`), fetch(`${urlB}/api/v1/session`)]);
    expect((await sa.json()).tenant.id).toBe((await sb.json()).tenant.id);
  });

  it('a login on one process is a session on the other, and a change made there is seen on the first', async () => {
    const jar: Jar = new Map();
    await call(urlA, jar, 'GET', '/api/v1/session');
    const login = await call(urlA, jar, 'POST', '/api/v1/staff/login', {
      email: 'employee@telefoonservice.example',
      password: PASSWORD,
    });
    expect(login.status).toBe(200);
    const session = await (await call(urlB, jar, 'GET', '/api/v1/session')).json();
    expect(session).toMatchObject({ realm: 'staff', staff: { email: 'employee@telefoonservice.example' } });
    const list = await (await call(urlB, jar, 'GET', '/api/v1/staff/accounts?q=Jansen')).json();
    const jansen = list.items[0];
    expect(jansen).toBeDefined();
    const detail = await (await call(urlB, jar, 'GET', `/api/v1/staff/accounts/${jansen.id}`)).json();
    const changed = await call(
      urlB,
      jar,
      'PUT',
      `/api/v1/staff/accounts/${jansen.id}/contract/customer-number`,
      {
        customerNumber: 'MP-4711',
        version: detail.version,
      },
    );
    expect(changed.status).toBe(200);
    const seen = await (await call(urlA, jar, 'GET', `/api/v1/staff/accounts/${jansen.id}`)).json();
    expect(seen.customerNumber).toBe('MP-4711');
    // Logging out on B ends the session on A too.
    expect((await call(urlB, jar, 'POST', '/api/v1/logout', {})).status).toBeLessThan(300);
    expect((await call(urlA, jar, 'GET', `/api/v1/staff/accounts/${jansen.id}`)).status).toBe(401);
  });

  it('rate limits count across both processes, and each e-mail is sent exactly once', async () => {
    const jar: Jar = new Map();
    await call(urlA, jar, 'GET', '/api/v1/session');
    const addresses = [
      'employee@telefoonservice.example',
      'manager@telefoonservice.example',
      'supermanager@telefoonservice.example',
      'owner@telefoonservice.example',
    ];
    const statuses: number[] = [];
    // Ten requests from one address are allowed per hour, alternating between the processes.
    for (let i = 0; i < 12; i++) {
      const base = i % 2 === 0 ? urlA : urlB;
      const res = await call(base, jar, 'POST', '/api/v1/password-reset/request', {
        realm: 'staff',
        email: addresses[i % addresses.length],
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 10).every((s) => s < 300)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);

    // Three e-mails per address and hour at most: 10 accepted requests → 4 addresses × ≤ 3 = 10 mails.
    const deadline = Date.now() + 30_000;
    while (smtp.messages.length < 10 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    // Both dispatchers keep polling; nothing more arrives.
    await new Promise((r) => setTimeout(r, 3000));
    const perRecipient = new Map<string, number>();
    for (const m of smtp.messages)
      for (const to of m.to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
    expect(smtp.messages).toHaveLength(10);
    expect([...perRecipient.values()].sort()).toEqual([2, 2, 3, 3]);
    const ids = smtp.messages.map((m) => m.raw.match(/^Message-ID: (.+)$/im)?.[1]);
    expect(new Set(ids).size).toBe(10);
  });
});

describe('KONTOR_WORKERS=2', async () => {
  const database = await createEmptyPgDatabase();
  afterAll(() => database.drop());

  it('starts two server processes on one port that serve requests and stop together on SIGTERM', async () => {
    const server = startServer({
      PORT: '0',
      DATABASE_URL: database.url,
      KONTOR_TODAY: '2026-11-26',
      KONTOR_WORKERS: '2',
    });
    try {
      const url = await server.listening();
      expect(server.output()).toContain('2 server processes');
      const answers = await Promise.all(Array.from({ length: 20 }, () => fetch(`${url}/ready`)));
      expect(answers.every((r) => r.status === 200)).toBe(true);
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await server.exited).toBe(0);
  });

  it('refuses several processes on the embedded database with a clear message', async () => {
    const server = startServer({ PORT: '0', KONTOR_WORKERS: '2', KONTOR_DATA_DIR: '/tmp/kontor-never-used' });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('KONTOR_WORKERS > 1 needs DATABASE_URL');
  });
});
