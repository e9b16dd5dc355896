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
    expect(loggableUrl('/verify-email?x=1&token=abc')).toBe('/verify-email?x=***&token=***');
  });

  it('redacts personal data in query strings (searches, e-mail, names, customer numbers)', () => {
    expect(loggableUrl('/api/v1/staff/accounts?q=jan%40bakkerij.example&page=2&pageSize=20')).toBe(
      '/api/v1/staff/accounts?q=***&page=2&pageSize=20',
    );
    expect(loggableUrl('/x?email=a@b.example&name=Jan&customerNumber=K-1')).toBe(
      '/x?email=***&name=***&customerNumber=***',
    );
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
    await app.inject({
      method: 'GET',
      url: '/api/v1/staff/accounts?q=jan.jansen%40bakkerij.example&page=1',
      headers: { host: 'localhost' },
    });
    const log = lines.join('');
    expect(log).toContain('/api/v1/staff/accounts?q=***&page=1');
    expect(log).not.toContain('bakkerij');
    expect(log).toContain('/reset-password?token=***');
    expect(log).not.toContain('SECRET-TOKEN-VALUE');
    expect(log).not.toContain('SECRET-SESSION');
  });
});
