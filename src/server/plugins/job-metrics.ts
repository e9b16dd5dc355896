import { sql } from 'drizzle-orm';
import { Gauge, type Registry } from 'prom-client';
import type { Database } from '../db/client';
import { rowsOf } from '../db/client';
import { jobDefinitions } from '../jobs/definitions';
import { JOB_SCHEMA } from '../jobs/install';

/** Job states that make a queue's depth (completed and cancelled jobs are history). */
const STATES = ['created', 'retry', 'active', 'failed'] as const;

/**
 * Job queue depth (pg-boss), all operators: jobs per queue and state — created and retry are
 * waiting, active are running, failed have given up — and the age of each queue's oldest waiting
 * job. Read from pg-boss's tables at scrape time, so every process reports the same shared queues.
 */
export function registerJobQueueMetrics(registry: Registry, db: Database) {
  const queues = jobDefinitions.map((d) => d.name);
  new Gauge({
    name: 'kontor_job_queue_jobs',
    help: 'Jobs per queue and state (created and retry = waiting, active = running, failed = given up)',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      const rows = rowsOf<{ name: string; state: string; n: number }>(
        await db.system.execute(
          sql`select name, state::text as state, count(*)::int as n from ${sql.raw(JOB_SCHEMA)}.job
               where state in ('created', 'retry', 'active', 'failed') group by name, state`,
        ),
      );
      this.reset();
      for (const q of queues) for (const s of STATES) this.set({ queue: q, state: s }, 0);
      for (const r of rows) this.set({ queue: r.name, state: r.state }, Number(r.n));
    },
  });
  new Gauge({
    name: 'kontor_job_queue_oldest_waiting_seconds',
    help: "Age of each queue's oldest waiting job (created or retry, due now); 0 when none waits",
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      const rows = rowsOf<{ name: string; age: number }>(
        await db.system.execute(
          sql`select name, extract(epoch from now() - min(created_on))::float8 as age from ${sql.raw(JOB_SCHEMA)}.job
               where state in ('created', 'retry') and start_after <= now() group by name`,
        ),
      );
      this.reset();
      for (const q of queues) this.set({ queue: q }, 0);
      for (const r of rows) this.set({ queue: r.name }, Math.max(0, Number(r.age)));
    },
  });
}
