import { isIP } from 'node:net';
import { z } from 'zod';

/** Configuration from the environment, checked once at start. */
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  KONTOR_DATA_DIR: z.string().default('./data'),
  KONTOR_TODAY: z
    .string()
    .regex(
      /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/,
      'must be YYYY-MM-DD or an ISO instant such as 2026-11-26T09:00:00Z',
    )
    .optional(),
  KONTOR_DEFAULT_TENANT: z.string().default('demo'),
  KONTOR_SEED_DEMO: z.enum(['auto', 'never']).default('auto'),
  PUBLIC_URL: z
    .url()
    .regex(/^https?:\/\//, 'must be an http:// or https:// URL')
    .optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().default('Kontor <no-reply@kontor.localhost>'),
  VIES_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: z
    .string()
    .default('false')
    .refine((v) => parseTrustProxy(v) !== null, {
      message:
        'must be false, a number of proxy hops (e.g. 1), or a comma-separated list of proxy addresses/CIDRs',
    }),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(120),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).default(24),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  KONTOR_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
});

export type Config = {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  today: string | undefined;
  defaultTenant: string;
  seedDemo: boolean;
  /** Base of links in e-mails when the tenant has no primary domain (default http://localhost:PORT). */
  publicUrl: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Base URL of the VIES REST API for VAT ID checks; unset: no checks (off by default). */
  viesUrl: string | undefined;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  /**
   * Which peers are trusted proxies for X-Forwarded-For/-Proto: false (none), a hop count, or a list
   * of addresses and CIDR ranges. `true` means 1 hop: only the nearest proxy's entry counts, so a
   * client cannot choose its address by sending the header itself.
   */
  trustProxy: TrustProxy;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  /** Bearer token for /metrics; without it /metrics does not exist. */
  metricsToken: string | undefined;
  /** Number of server processes (node:cluster) sharing the port. */
  workers: number;
};

export type TrustProxy = false | number | string[];

function isAddressOrCidr(s: string): boolean {
  const [addr, bits, ...rest] = s.split('/');
  if (rest.length > 0 || !addr) return false;
  const family = isIP(addr);
  if (family === 0) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d{1,3}$/.test(bits) && n >= 0 && n <= (family === 4 ? 32 : 128);
}

/** TRUST_PROXY as Fastify's trustProxy option; null when the value is not valid. */
export function parseTrustProxy(value: string): TrustProxy | null {
  const v = value.trim().toLowerCase();
  if (v === 'false' || v === '0') return false;
  if (v === 'true') return 1;
  if (/^\d{1,2}$/.test(v)) return Number(v);
  const list = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return list.length > 0 && list.every(isAddressOrCidr) ? list : null;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const relevant = Object.fromEntries(
    Object.entries(env).filter(([k, v]) => k in schema.shape && v !== undefined && v !== ''),
  );
  const parsed = schema.safeParse(relevant);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.KONTOR_DATA_DIR,
    today: e.KONTOR_TODAY,
    defaultTenant: e.KONTOR_DEFAULT_TENANT,
    seedDemo: e.KONTOR_SEED_DEMO === 'auto',
    publicUrl: e.PUBLIC_URL ?? `http://localhost:${e.PORT || 3000}`,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    viesUrl: e.VIES_URL,
    logLevel: e.LOG_LEVEL,
    trustProxy: parseTrustProxy(e.TRUST_PROXY) ?? false,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: e.SESSION_ABSOLUTE_HOURS,
    metricsToken: e.METRICS_TOKEN,
    workers: e.KONTOR_WORKERS,
  };
}
