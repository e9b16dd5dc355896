/** The PostgreSQL error behind a driver error (drizzle wraps it as the cause), on either driver. */
export type DatabaseError = { code: string; constraint: string | undefined; message: string };

export function databaseErrorOf(error: unknown): DatabaseError | undefined {
  let current = error as { code?: unknown; constraint?: unknown; message?: unknown; cause?: unknown };
  for (let depth = 0; current && depth < 6; depth++) {
    if (typeof current.code === 'string' && /^[0-9A-Z]{5}$/.test(current.code)) {
      const message = typeof current.message === 'string' ? current.message : '';
      const constraint =
        typeof current.constraint === 'string' && current.constraint
          ? current.constraint
          : /constraint "([^"]+)"/.exec(message)?.[1];
      return { code: current.code, constraint, message };
    }
    current = current.cause as typeof current;
  }
  return undefined;
}
