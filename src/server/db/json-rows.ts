import { getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';

/**
 * Rows of a table as JSON inside one statement, read back as the rows drizzle would return.
 *
 * A view that needs a row and its related rows is one statement whatever it holds (ADR 0017): the
 * related rows travel as `json_agg(json_build_object(…))` beside the main row. This builds the
 * object with the table's own property names and turns the JSON back into the table's select type:
 * numerics travel as text (as the driver gives them; a JSON number would lose digits), timestamps
 * as ISO text and become Dates, JSON columns as themselves. `alias` is the table's alias in the
 * surrounding SQL; it must be a plain identifier written in code, never input.
 */
export function jsonRowOf(table: PgTable, alias: string): SQL {
  if (!/^[a-z_][a-z0-9_]*$/.test(alias)) throw new Error(`bad alias ${alias}`);
  const pairs = Object.entries(getTableColumns(table)).map(([key, column]) => {
    const value = `${alias}."${column.name}"`;
    return `'${key}', ${column.columnType === 'PgNumeric' ? `${value}::text` : value}`;
  });
  return sql.raw(`json_build_object(${pairs.join(', ')})`);
}

/** The JSON of `jsonRowOf` as the row drizzle's select would give. */
export function rowFromJson<T extends PgTable>(table: T, json: Record<string, unknown>): T['$inferSelect'] {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = json[key];
    row[key] =
      value === null || value === undefined
        ? null
        : column.columnType === 'PgTimestamp'
          ? new Date(value as string)
          : value;
  }
  return row as T['$inferSelect'];
}
