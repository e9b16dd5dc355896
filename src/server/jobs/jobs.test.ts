import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestDatabase } from '../../../test/support/db';
import { buildTenant } from '../../../test/support/factories';
import { type Database, rowsOf } from '../db/client';
import { renderDocumentPdfJob } from './definitions';
import { defineJob } from './job';
import { createJobs, type Jobs } from './jobs';

const log = pino({ level: 'silent' });

const noteJob = defineJob('test-note', z.object({ tenantId: z.uuid(), text: z.string().min(1) }).strict(), {
  retryLimit: 2,
  retryDelay: 0,
  retryBackoff: false,
  pollingIntervalSeconds: 0.5,
});
const flakyJob = defineJob('test-flaky', z.object({ key: z.string() }).strict(), {
  retryLimit: 3,
  retryDelay: 0,
  retryBackoff: false,
  pollingIntervalSeconds: 0.5,
});
const shareJob = defineJob('test-share', z.object({ n: z.number().int() }).strict(), {
  retryLimit: 0,
  pollingIntervalSeconds: 0.5,
});
const definitions = [noteJob, flakyJob, shareJob, renderDocumentPdfJob];

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 20_000) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

let db: Database;
let jobs: Jobs;
beforeAll(async () => {
  db = await createTestDatabase();
  jobs = createJobs({ db, log, definitions });
});
afterAll(async () => {
  await jobs.stop();
  await db.close();
});

async function jobStates(name: string) {
  return rowsOf<{ state: string; n: number }>(
    await db.system.execute(
      sql`select state::text as state, count(*)::int as n from pgboss.job where name = ${name} group by state`,
    ),
  );
}

describe('job system', () => {
  it('the migrations created the application queues, so a tenant transaction enqueues before any worker runs', async () => {
    const tenant = await buildTenant(db);
    const documentId = '00000000-0000-4000-8000-000000000001';
    const id = await db.tenant(tenant.id, (tx) =>
      jobs.send(renderDocumentPdfJob, { tenantId: tenant.id, documentId }, { tx }),
    );
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const rows = rowsOf<{ data: unknown }>(
      await db.system.execute(sql`select data from pgboss.job where id = ${id}`),
    );
    expect(rows[0]?.data).toEqual({ tenantId: tenant.id, documentId });
  });

  it('as the application role a tenant transaction may insert jobs but not read their data', async () => {
    const tenant = await buildTenant(db);
    const refused = await db
      .tenant(tenant.id, (tx) => tx.execute(sql`select data from pgboss.job limit 1`))
      .then(
        () => 'read',
        (e: Error & { cause?: Error }) => `${e.cause?.message ?? ''} ${e.message}`,
      );
    expect(refused).toMatch(/permission denied/);
  });

  it('a job enqueued in a transaction that rolls back does not exist; one that commits runs once', async () => {
    const tenant = await buildTenant(db);
    await jobs.start();
    const seen: string[] = [];
    await jobs.work(noteJob, async (data) => {
      seen.push(data.text);
    });
    await db
      .tenant(tenant.id, async (tx) => {
        await jobs.send(noteJob, { tenantId: tenant.id, text: 'rolled back' }, { tx });
        throw new Error('abort');
      })
      .catch(() => undefined);
    await db.tenant(tenant.id, (tx) =>
      jobs.send(noteJob, { tenantId: tenant.id, text: 'committed' }, { tx }),
    );
    jobs.wake(noteJob);
    await until(() => seen.length >= 1);
    await new Promise((r) => setTimeout(r, 700));
    expect(seen).toEqual(['committed']);
    await until(async () => (await jobStates(noteJob.name)).some((s) => s.state === 'completed'));
    expect(await jobStates(noteJob.name)).toEqual([{ state: 'completed', n: 1 }]);
  });

  it('refuses data that does not fit the definition, and definitions it does not know', async () => {
    const tenant = await buildTenant(db);
    await expect(jobs.send(noteJob, { tenantId: tenant.id, text: '' })).rejects.toThrow();
    await expect(
      jobs.send(noteJob, { tenantId: 'not-a-uuid', text: 'x' } as { tenantId: string; text: string }),
    ).rejects.toThrow();
    const stranger = defineJob('test-stranger', z.object({}));
    await expect(jobs.send(stranger, {})).rejects.toThrow(/not one of this job system's definitions/);
  });

  it('a failing job is retried until it succeeds', async () => {
    const attempts: number[] = [];
    await jobs.work(flakyJob, async (_data, job) => {
      attempts.push(job.retryCount);
      if (job.retryCount < 2) throw new Error('not yet');
    });
    await jobs.send(flakyJob, { key: 'a' });
    jobs.wake(flakyJob);
    await until(async () => (await jobStates(flakyJob.name)).some((s) => s.state === 'completed'));
    expect(attempts).toEqual([0, 1, 2]);
  });

  it('two job systems on one database share the jobs of a queue, each job done once', async () => {
    const other = createJobs({ db, log, definitions });
    await other.start();
    const doneBy = new Map<number, string[]>();
    const handler = (who: string) => async (data: { n: number }) => {
      await new Promise((r) => setTimeout(r, 40));
      doneBy.set(data.n, [...(doneBy.get(data.n) ?? []), who]);
    };
    await jobs.work(shareJob, handler('a'), { concurrency: 2 });
    await other.work(shareJob, handler('b'), { concurrency: 2 });
    for (let n = 0; n < 30; n++) await jobs.send(shareJob, { n });
    await until(() => doneBy.size === 30, 30_000);
    await other.stop();
    expect([...doneBy.values()].every((who) => who.length === 1)).toBe(true);
    const byA = [...doneBy.values()].filter(([w]) => w === 'a').length;
    expect(byA).toBeGreaterThan(0);
    expect(byA).toBeLessThan(30);
  });

  it('stop waits for a running job to finish', async () => {
    const own = createJobs({ db, log, definitions });
    let finished = false;
    let began = false;
    await own.work(noteJob, async () => {
      began = true;
      await new Promise((r) => setTimeout(r, 800));
      finished = true;
    });
    await jobs.stop();
    await own.start();
    const tenant = await buildTenant(db);
    await own.send(noteJob, { tenantId: tenant.id, text: 'slow' });
    own.wake(noteJob);
    await until(() => began);
    await own.stop();
    expect(finished).toBe(true);
  });
});
