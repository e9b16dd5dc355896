import { afterAll } from 'vitest';
import { type App, buildApp } from '../../src/server/app';
import { manualClock } from '../../src/server/clock';
import type { Database } from '../../src/server/db/client';
import type { TrustProxy } from '../../src/server/env';
import { createTestDatabase } from './db';

export type TestContext = { app: App; db: Database; clock: ReturnType<typeof manualClock> };

/**
 * One app and one database for a test file, closed after it. The clock is manual and starts at
 * 2026-11-26T09:00:00Z; tests move it. With `jobs`, the job system's workers run too.
 */
export async function startTestApp(
  opts: {
    smtpUrl?: string;
    trustProxy?: TrustProxy;
    metricsToken?: string;
    viesUrl?: string;
    logger?: import('pino').Logger;
    jobs?: boolean;
  } = {},
): Promise<TestContext> {
  const db = await createTestDatabase();
  const clock = manualClock('2026-11-26T09:00:00Z');
  const app = await buildApp({
    config: {
      defaultTenant: 'none',
      publicUrl: 'https://portal.example',
      smtpUrl: opts.smtpUrl,
      mailFrom: 'Kontor Test <noreply@portal.example>',
      trustProxy: opts.trustProxy ?? false,
      sessionIdleMinutes: 120,
      sessionAbsoluteHours: 24,
      metricsToken: opts.metricsToken,
      viesUrl: opts.viesUrl,
    },
    db,
    clock,
    logger: opts.logger ?? false,
  });
  // Jobs can always be enqueued; workers run only in tests that ask for them.
  if (opts.jobs) await app.jobs.start();
  afterAll(async () => {
    await app.close();
    await db.close();
  });
  return { app, db, clock };
}
