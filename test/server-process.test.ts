import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEmptyPgDatabase } from './support/db';
import { cleanUpProcesses, startServer } from './support/process';

cleanUpProcesses();

const onPg = process.env.KONTOR_TEST_DB === 'pg';

describe(`the server process on ${onPg ? 'PostgreSQL' : 'embedded PGlite'}`, () => {
  it('starts, migrates, seeds demo data once, keeps data across restarts, stops on SIGTERM', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'kontor-start-')), 'data');
    const pgDb = onPg ? await createEmptyPgDatabase() : null;
    const env: Record<string, string> = { PORT: '0', KONTOR_DATA_DIR: dataDir, KONTOR_TODAY: '2026-11-26' };
    if (pgDb) env.DATABASE_URL = pgDb.url;
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
    await pgDb?.drop();
  });
});
