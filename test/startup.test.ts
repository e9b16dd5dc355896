import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../src/server/clock';
import { ConfigError, loadConfig } from '../src/server/env';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

/** Starts the real server process and collects what it prints. */
function startServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const listening = async (timeoutMs = 90_000): Promise<string> => {
    const start = Date.now();
    while (Date.now() - start < timeoutMs) {
      const m = out.match(/listening at (http:\/\/localhost:\d+)/);
      if (m?.[1]) return m[1];
      if (child.exitCode !== null) throw new Error(`server exited: ${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`server did not start: ${out}`);
  };
  return { child, exited, listening, output: () => out };
}

function freePortHeld(): Promise<{ port: number; server: Server }> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '0.0.0.0', () => {
      const addr = server.address();
      resolve({ port: typeof addr === 'object' && addr ? addr.port : 0, server });
    });
  });
}

describe('configuration', () => {
  it('accepts the defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, dataDir: './data', databaseUrl: undefined, seedDemo: true });
  });

  it('names every invalid variable', () => {
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        KONTOR_TODAY: '26.11.2026',
        SMTP_URL: 'http://mail',
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const msg = (error as Error).message;
      for (const v of ['PORT', 'DATABASE_URL', 'KONTOR_TODAY', 'SMTP_URL']) expect(msg).toContain(v);
    }
  });

  it('KONTOR_TODAY freezes the date, or the instant', () => {
    expect(fixedClock('2026-02-28').today('Europe/Berlin')).toBe('2026-02-28');
    const late = fixedClock('2026-02-28T23:30:00Z');
    expect(late.today('Europe/Berlin')).toBe('2026-03-01');
    expect(late.today('UTC')).toBe('2026-02-28');
    expect(late.now().toISOString()).toBe('2026-02-28T23:30:00.000Z');
  });
});

describe.runIf(process.env.KONTOR_TEST_DB === 'pglite')('the server process', () => {
  it('starts on the embedded database, seeds demo data once, keeps data across restarts, stops on SIGTERM', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'kontor-start-')), 'data');
    const env = { PORT: '0', KONTOR_DATA_DIR: dataDir, KONTOR_TODAY: '2026-11-26' };
    const first = startServer(env);
    const url = await first.listening();
    expect(first.output()).toContain('owner@telefoonservice.example');
    expect((await fetch(`${url}/ready`)).status).toBe(200);
    const session = await (await fetch(`${url}/api/v1/session`)).json();
    expect(session).toMatchObject({ tenant: { name: 'Demo Telefoonservice' }, today: '2026-11-26' });
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const second = startServer(env);
    const url2 = await second.listening();
    const again = await (await fetch(`${url2}/api/v1/session`)).json();
    expect(again.tenant.id).toBe(session.tenant.id);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it('exits non-zero with a clear message on a bad DATABASE_URL', async () => {
    const s = startServer({ DATABASE_URL: 'mysql://localhost/x', PORT: '0' });
    expect(await s.exited).toBe(1);
    expect(s.output()).toMatch(/DATABASE_URL: must be a postgres/);
  });

  it('exits non-zero when the database is unreachable, without printing the password', async () => {
    const { port, server } = await freePortHeld();
    await new Promise((r) => server.close(r));
    const s = startServer({
      DATABASE_URL: `postgres://kontor:secret-pw@127.0.0.1:${port}/kontor`,
      PORT: '0',
    });
    expect(await s.exited).toBe(1);
    expect(s.output()).toMatch(/cannot open the database/);
    expect(s.output()).not.toContain('secret-pw');
  });

  it('exits non-zero when the port is in use', async () => {
    const { port, server } = await freePortHeld();
    try {
      const dataDir = join(mkdtempSync(join(tmpdir(), 'kontor-port-')), 'data');
      const s = startServer({ PORT: String(port), KONTOR_DATA_DIR: dataDir });
      expect(await s.exited).toBe(1);
      expect(s.output()).toMatch(new RegExp(`port ${port} is already in use`));
    } finally {
      server.close();
    }
  });
});
