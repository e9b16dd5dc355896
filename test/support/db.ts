import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { type Database, openDatabase } from '../../src/server/db/client';

/**
 * A fresh, migrated database for one test file: a copy of the run's template, on PGlite or on the
 * real PostgreSQL server, as the test project says.
 */
export async function createTestDatabase(): Promise<Database> {
  const pgTemplate = inject('pgTemplate');
  if (process.env.KONTOR_TEST_DB === 'pg') {
    if (!pgTemplate) throw new Error('no PostgreSQL template was prepared');
    const name = `kontor_t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: pgTemplate.serverUrl });
    await admin.connect();
    await admin.query(`create database ${name} template ${pgTemplate.name}`);
    await admin.end();
    const url = new URL(pgTemplate.serverUrl);
    url.pathname = `/${name}`;
    const db = await openDatabase({ kind: 'pg', url: url.toString(), max: 5 });
    return {
      ...db,
      async close() {
        await db.close();
        const c = new pg.Client({ connectionString: pgTemplate.serverUrl });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      },
    };
  }
  const file = inject('pgliteTemplate');
  const dump = new Blob([readFileSync(file)]);
  return openDatabase({ kind: 'pglite', loadDataDir: dump });
}

/** The database's own message of a failed query (drizzle wraps it as the cause). */
export async function dbErrorOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    const e = error as Error & { cause?: Error };
    return `${e.cause?.message ?? ''} ${e.message}`;
  }
  throw new Error('expected the database to refuse, but it accepted');
}

/** An empty database on the real PostgreSQL server (for the server process to migrate itself). */
export async function createEmptyPgDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const pgTemplate = inject('pgTemplate');
  if (!pgTemplate) throw new Error('no PostgreSQL server configured');
  const name = `kontor_t_${randomBytes(6).toString('hex')}`;
  const run = async (sql: string) => {
    const c = new pg.Client({ connectionString: pgTemplate.serverUrl });
    await c.connect();
    await c.query(sql);
    await c.end();
  };
  await run(`create database ${name}`);
  const url = new URL(pgTemplate.serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`drop database if exists ${name} with (force)`) };
}
