import cluster from 'node:cluster';
import { buildApp } from './app';
import { type Config, ConfigError, loadConfig } from './env';
import { DEMO_OFFER_NUMBER, DEMO_PASSWORD, demoLogins, hasTenants, seedDemo } from './seed/demo';
import { createClock, createLogger, describeDatabase, openConfiguredDatabase } from './start';

function fail(message: string): never {
  process.stderr.write(`kontor: ${message}\n`);
  process.exit(1);
}

/** Opens the database, applies the migrations and seeds the demo data on a first start. */
async function prepareDatabase(config: Config, now: Date) {
  let db: Awaited<ReturnType<typeof openConfiguredDatabase>>;
  try {
    db = await openConfiguredDatabase(config);
    await db.migrate();
  } catch (error) {
    fail(`cannot open the database (${describeDatabase(config)}): ${(error as Error).message}`);
  }
  let seeded = false;
  if (config.seedDemo && !(await hasTenants(db.system))) seeded = await seedDemo(db.system, now);
  return { db, seeded };
}

function banner(config: Config, port: number, seeded: boolean): string {
  const lines = [
    `Kontor listening at http://localhost:${port}`,
    `  database: ${describeDatabase(config)}${config.today ? `, today fixed at ${config.today}` : ''}${
      config.workers > 1 ? `, ${config.workers} server processes` : ''
    }`,
    `  staff login: http://localhost:${port}/staff   client login: http://localhost:${port}/`,
    `  API docs: http://localhost:${port}/api/docs`,
  ];
  if (seeded || config.seedDemo) {
    lines.push(`  demo logins (password ${DEMO_PASSWORD}):`);
    for (const s of demoLogins.staff) lines.push(`    staff  ${s.level.padEnd(12)} ${s.email}`);
    for (const c of demoLogins.client) lines.push(`    client ${c.role.padEnd(12)} ${c.email}`);
    lines.push(`  demo offer number (Telefoonservice, tariff "Actie 2026"): ${DEMO_OFFER_NUMBER}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * One server process: the app on the configured port. In a cluster the primary has migrated and
 * seeded already, and the workers share the port (node:cluster hands connections to them).
 */
async function serve(config: Config, inCluster: boolean) {
  const logger = createLogger(config);
  const clock = createClock(config);
  let db: Awaited<ReturnType<typeof openConfiguredDatabase>>;
  let seeded = false;
  if (inCluster) {
    try {
      db = await openConfiguredDatabase(config);
    } catch (error) {
      fail(`cannot open the database (${describeDatabase(config)}): ${(error as Error).message}`);
    }
  } else {
    ({ db, seeded } = await prepareDatabase(config, clock.now()));
  }

  const app = await buildApp({ config, db, clock, logger });
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await app.close();
    await db.close();
    const code = (error as NodeJS.ErrnoException).code;
    fail(
      code === 'EADDRINUSE'
        ? `port ${config.port} is already in use (set PORT to another one)`
        : (error as Error).message,
    );
  }
  app.mail.start();

  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  if (!inCluster) process.stdout.write(banner(config, port, seeded));

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

/**
 * KONTOR_WORKERS > 1: the primary migrates and seeds once, then starts that many server
 * processes on the shared port, starts a new one when one dies, and stops them all on SIGTERM.
 * The processes share nothing but the database (sessions, rate limits, CSRF, outbox leases).
 */
async function runPrimary(config: Config) {
  if (!config.databaseUrl)
    fail('KONTOR_WORKERS > 1 needs DATABASE_URL (the embedded database serves one process)');
  const clock = createClock(config);
  const { db, seeded } = await prepareDatabase(config, clock.now());
  await db.close();

  let stopping = false;
  let listening = 0;
  cluster.on('listening', (_worker, address) => {
    listening += 1;
    if (listening === config.workers) process.stdout.write(banner(config, address.port, seeded));
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    process.stderr.write(
      `kontor: server process ${worker.process.pid} ended (${signal ?? code}); starting another\n`,
    );
    setTimeout(() => cluster.fork(), 1000);
  });
  for (let i = 0; i < config.workers; i++) cluster.fork();
  const stop = () => {
    if (stopping) return;
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    setTimeout(() => process.exit(1), 20_000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  if (config.workers > 1 && cluster.isPrimary) await runPrimary(config);
  else await serve(config, cluster.isWorker);
}

void main();
