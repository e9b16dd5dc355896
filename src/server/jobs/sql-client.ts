import type PgBoss from 'pg-boss';
import type { Queryable } from '../db/client';

/** The driver-level client under a Drizzle database or transaction: a PGlite (transaction) or pg client/pool. */
type DriverClient = {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  /** PGlite only: runs a multi-statement script. */
  exec?(text: string): Promise<{ rows: unknown[] }[]>;
};

function isDriverClient(value: unknown): value is DriverClient {
  return typeof (value as DriverClient | undefined)?.query === 'function';
}

/**
 * pg-boss's `db` interface over a driver client. A query without parameters may hold several
 * statements (pg-boss's schema scripts); PGlite runs those through exec().
 */
export function bossDbOver(client: DriverClient): PgBoss.Db {
  return {
    async executeSql(text: string, values?: unknown[]) {
      if ((values && values.length > 0) || !client.exec) return client.query(text, values);
      const results = await client.exec(text);
      return results.length === 1 ? results[0]! : { rows: results.flatMap((r) => r.rows) };
    },
  };
}

/**
 * The driver client of a Drizzle handle. For a transaction it is the connection (pg) or the
 * transaction object (PGlite) the transaction runs on, so statements sent through it are part of
 * the transaction — pg-boss's `send(…, { db })` then enqueues atomically with the caller's changes.
 */
export function driverClientOf(q: Queryable): DriverClient {
  const session = (q as unknown as { session?: { client?: unknown } }).session;
  const client = session?.client ?? (q as unknown as { $client?: unknown }).$client;
  if (!isDriverClient(client)) throw new Error('no SQL client under this database handle');
  return client;
}
