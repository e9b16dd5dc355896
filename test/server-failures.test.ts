import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanUpProcesses, freePortHeld, startServer } from './support/process';

cleanUpProcesses();

describe('the server process refuses to start', () => {
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
