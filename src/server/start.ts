import pino, { type Logger } from 'pino';
import { type Clock, fixedClock, systemClock } from './clock';
import { type Database, openDatabase, redactUrl } from './db/client';
import type { Config } from './env';

/** Query parameters that carry secrets (reset and verification links) and never reach the log. */
const SECRET_PARAMS = /([?&](?:token|password)=)[^&#]*/gi;

/** A request URL as it may be logged: secret query values replaced by "***". */
export function loggableUrl(url: string): string {
  return url.replace(SECRET_PARAMS, '$1***');
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
