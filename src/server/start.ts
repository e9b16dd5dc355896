import pino, { type Logger } from 'pino';
import { type Clock, fixedClock, systemClock } from './clock';
import { type Database, openDatabase, redactUrl } from './db/client';
import type { Config } from './env';

/** Query parameters whose values are neither secret nor personal; every other value is redacted. */
const PLAIN_PARAMS = new Set(['page', 'pagesize', 'sort', 'order', 'realm', 'status', 'kind', 'locale']);

/**
 * A request URL as it may be logged: query values replaced by "***" unless the parameter is known
 * to be harmless (tokens, searches, e-mail addresses, names and customer numbers never reach the log).
 */
export function loggableUrl(url: string): string {
  return url.replace(/([?&])([^=&#]*)=([^&#]*)/g, (whole, sep: string, key: string) =>
    PLAIN_PARAMS.has(key.toLowerCase()) ? whole : `${sep}${key}=***`,
  );
}

type LoggedRequest = { method?: string; url?: string; host?: string; ip?: string; id?: string };

export function createLogger(config: Pick<Config, 'logLevel'>, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level: config.logLevel,
    serializers: {
      req: (req: LoggedRequest) => ({
        method: req.method,
        url: loggableUrl(req.url ?? ''),
        host: req.host,
        remoteAddress: req.ip,
      }),
    },
    redact: {
      paths: ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'],
      remove: true,
    },
  };
  return destination ? pino(options, destination) : pino(options);
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
