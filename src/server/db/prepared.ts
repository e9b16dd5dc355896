import type { Queryable } from './client';

/** What a drizzle query builder turns into with `.prepare(name)`. */
type Preparable<R> = { prepare(name: string): { execute(values?: Record<string, unknown>): Promise<R> } };

/** The driver-side object drizzle's `.prepare()` returns: SQL text, parameter slots, row mapping. */
type Built = { client: unknown; logger: unknown; cache: unknown };
type SessionOf = { session: { client: unknown; logger: unknown; cache: unknown } };

/**
 * A statement of the request path built once and run on any transaction (ADR 0017).
 *
 * Drizzle builds every query from scratch: walking the builder, the column objects and the
 * entity checks cost more CPU than the database spends answering a lookup by key (the HTTP
 * benchmark's profile, docs/performance.md). A prepared statement is built on first use with
 * `sql.placeholder(…)` for its inputs and kept for the process; each run borrows the built
 * statement with the transaction's own connection, logger and cache, so it runs inside the
 * request's transaction (row-level security, tenant setting) like any other query. On PostgreSQL the
 * statement is also prepared by name once per connection: the server skips parsing and planning.
 *
 * Only values are parameters — the text never contains input. Names are unique per statement
 * (`kontor_` + feature + purpose); the same name must never carry two texts.
 */
export function preparedStatement<A extends Record<string, unknown>, R>(
  name: string,
  build: (db: Queryable) => Preparable<R>,
): { run(tx: Queryable, values: A): Promise<R> } {
  // One built statement per driver (node-postgres and PGlite prepare different classes).
  const built = new Map<unknown, Built>();
  return {
    run(tx, values) {
      const session = (tx as unknown as SessionOf).session;
      const driver = session.constructor;
      let base = built.get(driver);
      if (!base) {
        base = build(tx).prepare(name) as unknown as Built;
        built.set(driver, base);
      }
      const bound = Object.create(base as object) as Built & {
        execute(values: Record<string, unknown>): Promise<R>;
      };
      bound.client = session.client;
      bound.logger = session.logger;
      bound.cache = session.cache;
      return bound.execute(values);
    },
  };
}
