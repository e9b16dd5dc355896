import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Database, Queryable } from '../db/client';
import { createQueues, JOB_SCHEMA } from './install';
import type { JobData, JobDefinition } from './job';
import { bossDbOver, driverClientOf } from './sql-client';

export type JobInfo = { id: string; retryCount: number };
export type JobHandler<D extends JobDefinition> = (data: JobData<D>, job: JobInfo) => Promise<void>;

export type SendOptions = {
  /** Enqueue in this transaction: the job exists only if the transaction commits. */
  tx?: Queryable;
  /** At most one queued job with this key (pg-boss singletonKey). */
  singletonKey?: string;
  /** Not before this instant. */
  startAfter?: Date;
};

export type Jobs = {
  readonly definitions: readonly JobDefinition[];
  /**
   * Registers the handler of a job kind. Workers poll once the job system is started (or at once
   * when it already is); `concurrency` workers of this process take jobs of the kind in parallel.
   */
  work<D extends JobDefinition>(
    def: D,
    handler: JobHandler<D>,
    options?: { concurrency?: number },
  ): Promise<void>;
  /**
   * Enqueues a job, in the caller's transaction when `tx` is given (on PGlite a send outside the
   * open transaction would wait for it to end: always pass the transaction you are in).
   * Returns the job id, or null when a job with the same singleton key is already queued.
   */
  send<D extends JobDefinition>(def: D, data: JobData<D>, options?: SendOptions): Promise<string | null>;
  /**
   * Enqueues many jobs of a kind in one statement (pg-boss insert), in the caller's transaction
   * when `tx` is given. Each entry may carry its singleton key.
   */
  sendMany<D extends JobDefinition>(
    def: D,
    jobs: { data: JobData<D>; singletonKey?: string }[],
    options?: { tx?: Queryable },
  ): Promise<void>;
  /** Asks this process's idle workers of a kind to poll now (after a commit that enqueued work). */
  wake(def: JobDefinition): void;
  /** Starts pg-boss (maintenance, expiry of jobs whose worker died) and the registered workers. */
  start(): Promise<void>;
  /** Stops taking jobs, waits up to `timeoutMs` for running ones, then stops. */
  stop(timeoutMs?: number): Promise<void>;
  readonly isStarted: boolean;
};

type Registration = { def: JobDefinition; handler: JobHandler<JobDefinition>; concurrency: number };

/**
 * The process's job system: one pg-boss instance in the application's database. On PGlite it runs
 * over the embedded database's single connection (pg-boss's `db` option); on PostgreSQL pg-boss
 * has its own small connection pool. Several processes on one PostgreSQL database share the work:
 * pg-boss hands each job to one worker (SELECT … FOR UPDATE SKIP LOCKED).
 */
export function createJobs(opts: {
  db: Database;
  log: Logger;
  definitions: readonly JobDefinition[];
  /** pg-boss's own connections on PostgreSQL. */
  maxConnections?: number;
  /** How often expired jobs (worker died) are retried and old jobs removed. */
  maintenanceIntervalSeconds?: number;
}): Jobs {
  const { db, log, definitions } = opts;
  const known = new Set(definitions.map((d) => d.name));
  const common = {
    schema: JOB_SCHEMA,
    schedule: false,
    supervise: true,
    migrate: true,
    maintenanceIntervalSeconds: opts.maintenanceIntervalSeconds ?? 30,
  } as const;
  const boss =
    db.kind === 'pglite'
      ? new PgBoss({ ...common, db: bossDbOver(driverClientOf(db.system)) })
      : new PgBoss({
          ...common,
          connectionString: connectionStringOf(db),
          max: opts.maxConnections ?? 4,
          application_name: 'kontor-jobs',
        });
  boss.on('error', (error: Error & { queue?: string }) => {
    log.error({ err: error.message, queue: error.queue }, 'job system error');
  });

  const registrations: Registration[] = [];
  const workerIds = new Map<string, string[]>();
  let started = false;
  let starting: Promise<void> | null = null;

  function assertKnown(def: JobDefinition) {
    if (!known.has(def.name))
      throw new Error(`job "${def.name}" is not one of this job system's definitions`);
  }

  async function startWorkers(reg: Registration) {
    const ids: string[] = workerIds.get(reg.def.name) ?? [];
    for (let i = 0; i < reg.concurrency; i++) {
      let workerId: string | undefined;
      workerId = await boss.work(
        reg.def.name,
        { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: reg.def.pollingIntervalSeconds },
        async (batch: PgBoss.JobWithMetadata[]) => {
          for (const job of batch) await runOne(reg, job);
          // A worker that just did a job asks for the next one at once; only an idle worker waits
          // for its polling interval.
          if (workerId) boss.notifyWorker(workerId);
        },
      );
      ids.push(workerId);
    }
    workerIds.set(reg.def.name, ids);
  }

  async function runOne(reg: Registration, job: PgBoss.JobWithMetadata) {
    const parsed = reg.def.data.safeParse(job.data);
    if (!parsed.success) {
      log.error({ queue: reg.def.name, jobId: job.id, issues: parsed.error.issues }, 'job data is invalid');
      throw new Error(`invalid data for job ${reg.def.name}`);
    }
    try {
      await reg.handler(parsed.data, { id: job.id, retryCount: job.retryCount });
    } catch (error) {
      log.warn(
        { queue: reg.def.name, jobId: job.id, retryCount: job.retryCount, err: (error as Error).message },
        'job failed',
      );
      throw error;
    }
  }

  return {
    definitions,
    get isStarted() {
      return started;
    },
    async work(def, handler, options = {}) {
      assertKnown(def);
      const reg: Registration = {
        def,
        handler: handler as JobHandler<JobDefinition>,
        concurrency: Math.max(1, options.concurrency ?? 1),
      };
      registrations.push(reg);
      if (started) await startWorkers(reg);
    },
    async send(def, data, options = {}) {
      assertKnown(def);
      const checked = def.data.parse(data);
      const id = await boss.send(def.name, checked as object, {
        db: bossDbOver(driverClientOf(options.tx ?? db.system)),
        ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
        ...(options.startAfter ? { startAfter: options.startAfter } : {}),
      });
      if (id === null && !options.singletonKey) {
        throw new Error(
          `job "${def.name}" was not enqueued: its queue does not exist (migrations not applied?)`,
        );
      }
      return id;
    },
    async sendMany(def, list, options = {}) {
      assertKnown(def);
      if (list.length === 0) return;
      const rows = list.map((j) => ({
        name: def.name,
        data: def.data.parse(j.data) as object,
        ...(j.singletonKey ? { singletonKey: j.singletonKey } : {}),
      }));
      await boss.insert(rows, { db: bossDbOver(driverClientOf(options.tx ?? db.system)) });
    },
    wake(def) {
      for (const id of workerIds.get(def.name) ?? []) boss.notifyWorker(id);
    },
    async start() {
      if (started) return;
      if (!starting) {
        starting = (async () => {
          await boss.start();
          await createQueues(boss, definitions);
          for (const reg of registrations) await startWorkers(reg);
          started = true;
        })();
      }
      await starting;
    },
    async stop(timeoutMs = 10_000) {
      if (starting) await starting.catch(() => undefined);
      if (!started) return;
      started = false;
      starting = null;
      await boss.stop({ graceful: true, wait: true, timeout: timeoutMs });
      workerIds.clear();
    },
  };
}

function connectionStringOf(db: Database): string {
  const url = (db.system as unknown as { $client?: { options?: { connectionString?: string } } }).$client
    ?.options?.connectionString;
  if (!url) throw new Error('the PostgreSQL pool has no connection string for the job system');
  return url;
}
