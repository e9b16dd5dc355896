import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg, NodePgSession, NodePgTransaction } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { jobDefinitions } from '../jobs/definitions';
import { installJobTables } from '../jobs/install';
import * as schema from './schema';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Queryable = Db | Tx;

export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

export interface Database {
  readonly kind: 'pglite' | 'pg';
  /**
   * Runs fn in one transaction as the role kontor_app with app.tenant_id set: row-level security
   * restricts every statement to this tenant.
   */
  tenant<T>(tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * The request path (src/server/plugins/request-transaction.ts, ADR 0016): opens the request's
   * transaction for tenantId (BEGIN, then tenant and role in one statement). The session is read in
   * it; the first tenant() call made inside `inRequest` for the same tenant then runs in it too and
   * commits it when its fn returns, exactly as its own transaction would.
   */
  openRequest(tenantId: string): Promise<RequestTransaction>;
  /** Runs fn (a route handler) with the request's transaction in scope for tenant(). */
  inRequest<T>(rt: RequestTransaction, fn: () => T): T;
  /** Owner access without tenant restriction: tenant resolution, migrations, seeding, the CLI. */
  readonly system: Db;
  /** Applies the SQL migrations, then installs the job tables and queues (src/server/jobs). */
  migrate(): Promise<void>;
  /**
   * Calls listener with every SQL statement the application issues until the returned function is
   * called (tests count statements per request; benchmarks may too).
   */
  onQuery(listener: (sql: string) => void): () => void;
  /** True when the database answers and every migration is applied. */
  isReady(): Promise<boolean>;
  close(): Promise<void>;
  /** Connections of the PostgreSQL pool; null on the embedded database (one in-process session). */
  poolStats(): { total: number; idle: number; waiting: number } | null;
}

export type DatabaseOptions =
  | { kind: 'pglite'; dataDir?: string; loadDataDir?: Blob | File }
  | { kind: 'pg'; url: string; max?: number };

/** Tenant and role in one statement: set_config('role', …, true) is SET LOCAL ROLE. */
async function enterTenant(tx: Tx, tenantId: string): Promise<void> {
  await tx.execute(
    sql`select set_config('app.tenant_id', ${tenantId}, true), set_config('role', 'kontor_app', true)`,
  );
}

/** Runs fn(tx) in a transaction; how it begins and ends depends on the driver. */
type TenantTransaction = <T>(tenantId: string, fn: (tx: Tx) => Promise<T>) => Promise<T>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * PostgreSQL: BEGIN, tenant and role in one round trip (ADR 0017). A parameterless simple query
 * may carry several statements, so the tenant id is written into the text: it is the id of a
 * resolved tenant, and anything but a UUID is refused before it gets there. The transaction object
 * is drizzle's own, on the connection taken here, so features see no difference.
 */
function pgTenantTransaction(pool: pg.Pool, db: Db): TenantTransaction {
  const base = db._.session as unknown as NodePgSession<Record<string, unknown>, never>;
  const internals = base as unknown as {
    dialect: ConstructorParameters<typeof NodePgSession>[1];
    schema: ConstructorParameters<typeof NodePgSession>[2];
    options: ConstructorParameters<typeof NodePgSession>[3];
    logger: { logQuery(query: string, params: unknown[]): void };
  };
  return async (tenantId, fn) => {
    if (!UUID.test(tenantId)) throw new Error('A tenant id must be a UUID');
    const client = await pool.connect();
    // The same for the connection while this transaction holds it: the failing query rejects.
    const ignore = () => {};
    client.on('error', ignore);
    const release = (error?: Error) => {
      client.off('error', ignore);
      client.release(error);
    };
    const session = new NodePgSession(client, internals.dialect, internals.schema, internals.options);
    const tx = new NodePgTransaction(internals.dialect, session, internals.schema) as unknown as Tx;
    // A connection that failed to begin, roll back or commit is in an unknown state: it is
    // destroyed (release with the error), not given back to the pool.
    const begin = `begin; select set_config('app.tenant_id', '${tenantId}', true), set_config('role', 'kontor_app', true)`;
    try {
      internals.logger.logQuery(begin, []);
      await client.query(begin);
    } catch (error) {
      release(error as Error);
      throw error;
    }
    let result: Awaited<ReturnType<typeof fn>>;
    try {
      result = await fn(tx);
    } catch (error) {
      try {
        internals.logger.logQuery('rollback', []);
        await client.query('rollback');
        release();
      } catch (rollbackError) {
        release(rollbackError as Error);
      }
      throw error;
    }
    try {
      internals.logger.logQuery('commit', []);
      await client.query('commit');
      release();
    } catch (error) {
      release(error as Error);
      throw error;
    }
    return result;
  };
}

/** PGlite (one in-process session): drizzle's transaction, then tenant and role. */
function drizzleTenantTransaction(db: Db): TenantTransaction {
  return (tenantId, fn) =>
    db.transaction(async (tx) => {
      await enterTenant(tx, tenantId);
      return fn(tx);
    });
}

/**
 * A request's transaction. `open`: begun, tenant and role set, the session read in it, no unit of
 * work adopted yet; `adopted`: the request's first tenant() call runs in it; `done`: committed or
 * rolled back. Anything else that needs the database while it is still open (another tenant(),
 * `system`, a slow step: releaseRequestTransaction) commits it first, so a request never holds two
 * connections (pg pool) and never waits for itself (PGlite's single session).
 */
export type RequestTransaction = {
  readonly tenantId: string;
  readonly tx: Tx;
  readonly state: 'open' | 'adopted' | 'done';
  /** Commits (or rolls back) unless done already; rejects when the commit fails. */
  finish(commit: boolean): Promise<void>;
};

const ROLLBACK = Symbol('rollback');

class PendingTransaction implements RequestTransaction {
  state: 'open' | 'adopted' | 'done' = 'open';
  tx!: Tx;
  private settle!: (commit: boolean) => void;
  private done!: Promise<void>;
  private finishing: Promise<void> | undefined;

  private constructor(readonly tenantId: string) {}

  static open(transaction: TenantTransaction, tenantId: string): Promise<PendingTransaction> {
    const p = new PendingTransaction(tenantId);
    return new Promise((resolve, reject) => {
      let opened = false;
      p.done = transaction(tenantId, async (tx) => {
        p.tx = tx;
        const commit = await new Promise<boolean>((settle) => {
          p.settle = settle;
          opened = true;
          resolve(p);
        });
        if (!commit) throw ROLLBACK;
      });
      p.done.catch((error) => {
        if (!opened) reject(error);
      });
    });
  }

  finish(commit: boolean): Promise<void> {
    this.finishing ??= (async () => {
      this.state = 'done';
      this.settle(commit);
      try {
        await this.done;
      } catch (error) {
        if (error !== ROLLBACK) throw error;
      }
    })();
    return this.finishing;
  }
}

type RequestScope = { rt: PendingTransaction };
const requestScope = new AsyncLocalStorage<RequestScope>();

function openInScope(): PendingTransaction | undefined {
  const rt = requestScope.getStore()?.rt;
  return rt?.state === 'open' ? rt : undefined;
}

/**
 * Commits the current request's transaction if no unit of work has adopted it yet. Slow steps that
 * need no database (password hashing, remote calls) call it first so they never hold a
 * connection — on the embedded database, the only one.
 */
export async function releaseRequestTransaction(): Promise<void> {
  await openInScope()?.finish(true);
}

/** Makes calls outside a transaction (and new transactions) commit an open request transaction first. */
function guardClient(client: object, methods: string[]) {
  const c = client as Record<string, (...args: unknown[]) => unknown>;
  for (const m of methods) {
    const original = c[m]!.bind(client);
    c[m] = (...args: unknown[]) => {
      const rt = openInScope();
      if (!rt) return original(...args);
      return rt.finish(true).then(
        () => original(...args),
        () => original(...args),
      );
    };
  }
}

/** Statement listeners, fed by the driver's logger. */
function queryListeners() {
  const listeners = new Set<(sql: string) => void>();
  return {
    logger: {
      logQuery(query: string) {
        for (const l of listeners) l(query);
      },
    },
    add(listener: (sql: string) => void) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

function wrap(
  kind: 'pglite' | 'pg',
  db: Db,
  transaction: TenantTransaction,
  doMigrate: () => Promise<void>,
  close: () => Promise<void>,
  queries: ReturnType<typeof queryListeners>,
  pool?: pg.Pool,
): Database {
  return {
    kind,
    onQuery: (listener) => queries.add(listener),
    system: db,
    async tenant(tenantId, fn) {
      const rt = openInScope();
      if (rt?.tenantId === tenantId) {
        rt.state = 'adopted';
        let result: Awaited<ReturnType<typeof fn>>;
        try {
          result = await fn(rt.tx);
        } catch (error) {
          await rt.finish(false).catch(() => {});
          throw error;
        }
        await rt.finish(true);
        return result;
      }
      if (rt) await rt.finish(true);
      return transaction(tenantId, fn);
    },
    openRequest: (tenantId) => PendingTransaction.open(transaction, tenantId),
    inRequest: (rt, fn) => requestScope.run({ rt: rt as PendingTransaction }, fn),
    migrate: doMigrate,
    async isReady() {
      try {
        const rows = await db.execute<{ n: number }>(
          sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
        );
        const applied = Number((rows as unknown as { rows: { n: number }[] }).rows[0]?.n ?? 0);
        return applied >= (await expectedMigrationCount());
      } catch {
        return false;
      }
    },
    close,
    poolStats: () =>
      pool ? { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount } : null,
  };
}

let migrationCount: number | undefined;
async function expectedMigrationCount(): Promise<number> {
  if (migrationCount === undefined) {
    const { readFile } = await import('node:fs/promises');
    const journal = JSON.parse(await readFile(`${migrationsFolder}/meta/_journal.json`, 'utf8')) as {
      entries: unknown[];
    };
    migrationCount = journal.entries.length;
  }
  return migrationCount;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.kind === 'pglite') {
    if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
    const client = await PGlite.create({
      // Extensions the migrations create (PostgreSQL servers ship them as contrib).
      extensions: { pg_trgm, btree_gist },
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    });
    guardClient(client, ['query', 'exec', 'transaction']);
    const queries = queryListeners();
    const db = drizzlePglite(client, { schema, logger: queries.logger }) as unknown as Db;
    return wrap(
      'pglite',
      db,
      drizzleTenantTransaction(db),
      async () => {
        await migratePglite(db as never, { migrationsFolder });
        await installJobTables(db, jobDefinitions);
      },
      () => client.close(),
      queries,
    );
  }
  const pool = new pg.Pool({ connectionString: options.url, max: options.max ?? 10 });
  // An idle connection the server ends (restart, a dropped database, an administrator) is an
  // 'error' on the pool: without a listener it would end the process. The pool replaces it.
  pool.on('error', () => {});
  try {
    const c = await pool.connect();
    c.release();
  } catch (error) {
    await pool.end();
    throw new Error(`Cannot reach the database at ${redactUrl(options.url)}: ${(error as Error).message}`);
  }
  guardClient(pool, ['query', 'connect']);
  const queries = queryListeners();
  const db = drizzlePg(pool, { schema, logger: queries.logger }) as unknown as Db;
  return wrap(
    'pg',
    db,
    pgTenantTransaction(pool, db),
    async () => {
      // Several processes may start at once (KONTOR_WORKERS, billing-run workers): their
      // "create … if not exists" and grants would race ("tuple concurrently updated"). One
      // session-level advisory lock, held on its own connection, lets one process migrate at a time.
      const lock = new pg.Client({ connectionString: options.url });
      await lock.connect();
      try {
        await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        await migratePg(db as never, { migrationsFolder });
        await installJobTables(db, jobDefinitions);
      } finally {
        await lock.end();
      }
    },
    () => pool.end(),
    queries,
    pool,
  );
}

/** The advisory lock that serialises migrations across processes (any constant; 'kontor' in ASCII). */
const MIGRATION_LOCK_KEY = 0x6b6f6e746f72;

/** Removes the password from a connection URL, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<invalid url>';
  }
}

/** Rows of a raw execute() on either driver. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
