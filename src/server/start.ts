import pino, { type Logger } from 'pino';
import { type Clock, fixedClock, systemClock } from './clock';
import { type Database, openDatabase, redactUrl } from './db/client';
import type { Config } from './env';

export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({
    level: config.logLevel,
    redact: {
      paths: ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'],
      remove: true,
    },
  });
}

export function createClock(config: Pick<Config, 'today'>): Clock {
  return config.today ? fixedClock(config.today) : systemClock();
}

/** Opens the configured database: PostgreSQL when DATABASE_URL is set, else embedded PGlite on disk. */
export async function openConfiguredDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
): Promise<Database> {
  if (config.databaseUrl) return openDatabase({ kind: 'pg', url: config.databaseUrl });
  return openDatabase({ kind: 'pglite', dataDir: config.dataDir });
}

export function describeDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>): string {
  return config.databaseUrl
    ? `PostgreSQL at ${redactUrl(config.databaseUrl)}`
    : `embedded PGlite in ${config.dataDir}`;
}
