import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/server/app';
import { manualClock } from '../src/server/clock';
import { createLogger, loggableUrl } from '../src/server/start';
import { createTestDatabase } from './support/db';

describe('logs keep secrets out', () => {
  it('replaces token and password query values', () => {
    expect(loggableUrl('/reset-password?token=abc123&realm=staff')).toBe(
      '/reset-password?token=***&realm=staff',
    );
    expect(loggableUrl('/verify-email?x=1&token=abc')).toBe('/verify-email?x=1&token=***');
    expect(loggableUrl('/staff?q=token')).toBe('/staff?q=token');
  });

  it('a request for a reset link page is logged without its token, and cookies are not logged', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const db = await createTestDatabase();
    const app = await buildApp({
      config: {
        defaultTenant: 'none',
        publicUrl: 'https://portal.example',
        smtpUrl: undefined,
        mailFrom: 'x@example.com',
        trustProxy: false,
        sessionIdleMinutes: 10,
        sessionAbsoluteHours: 1,
      },
      db,
      clock: manualClock('2026-11-26T09:00:00Z'),
      logger: createLogger({ logLevel: 'info' }, sink),
    });
    afterAll(async () => {
      await app.close();
      await db.close();
    });
    await app.inject({
      method: 'GET',
      url: '/reset-password?token=SECRET-TOKEN-VALUE&realm=client',
      headers: { cookie: 'kontor_session=SECRET-SESSION' },
    });
    const log = lines.join('');
    expect(log).toContain('/reset-password?token=***');
    expect(log).not.toContain('SECRET-TOKEN-VALUE');
    expect(log).not.toContain('SECRET-SESSION');
  });
});
