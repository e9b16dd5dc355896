import PgBoss from 'pg-boss';
import type { Db } from '../db/client';
import type { JobDefinition } from './job';
import { bossDbOver, driverClientOf } from './sql-client';

/** The database schema holding pg-boss's tables. */
export const JOB_SCHEMA = 'pgboss';

/**
 * Installs the job tables (pg-boss's own schema script for its version) when they are missing,
 * lets the application role enqueue, and creates the queues. Runs with the database migrations,
 * so every database — including each test database — can enqueue before any worker started.
 *
 * kontor_app (the role of every tenant transaction) may read the queue list and insert jobs; it
 * reads no job data (only the id that an insert returns). Job data carries ids, never secrets.
 */
export async function installJobTables(db: Db, definitions: readonly JobDefinition[]): Promise<void> {
  const bossDb = bossDbOver(driverClientOf(db));
  const { rows } = await bossDb.executeSql(
    `select to_regclass('${JOB_SCHEMA}.version') is not null as installed`,
    [],
  );
  const installed = (rows[0] as { installed: boolean } | undefined)?.installed === true;
  if (!installed) await bossDb.executeSql(PgBoss.getConstructionPlans(JOB_SCHEMA), []);
  await bossDb.executeSql(
    [
      `GRANT USAGE ON SCHEMA ${JOB_SCHEMA} TO kontor_app`,
      `GRANT SELECT ON ${JOB_SCHEMA}.queue TO kontor_app`,
      `GRANT INSERT ON ${JOB_SCHEMA}.job TO kontor_app`,
      `GRANT SELECT (id) ON ${JOB_SCHEMA}.job TO kontor_app`,
    ].join(';\n'),
    [],
  );
  await createQueues(new PgBoss({ db: bossDb, schema: JOB_SCHEMA }), definitions);
}

/** Creates each definition's queue if missing and brings its options up to date. */
export async function createQueues(boss: PgBoss, definitions: readonly JobDefinition[]): Promise<void> {
  for (const def of definitions) {
    await boss.createQueue(def.name, { name: def.name, policy: 'standard', ...def.queue });
    await boss.updateQueue(def.name, { name: def.name, policy: 'standard', ...def.queue });
  }
}
