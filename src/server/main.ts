import { buildApp } from './app';
import { ConfigError, loadConfig } from './env';
import { DEMO_OFFER_NUMBER, DEMO_PASSWORD, demoLogins, hasTenants, seedDemo } from './seed/demo';
import { createClock, createLogger, describeDatabase, openConfiguredDatabase } from './start';

function fail(message: string): never {
  process.stderr.write(`kontor: ${message}\n`);
  process.exit(1);
}

async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  const logger = createLogger(config);
  const clock = createClock(config);

  let db: Awaited<ReturnType<typeof openConfiguredDatabase>>;
  try {
    db = await openConfiguredDatabase(config);
    await db.migrate();
  } catch (error) {
    fail(`cannot open the database (${describeDatabase(config)}): ${(error as Error).message}`);
  }
  let seeded = false;
  if (config.seedDemo && !(await hasTenants(db.system))) seeded = await seedDemo(db.system, clock.now());

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
  try {
    await app.jobs.start();
  } catch (error) {
    await app.close();
    await db.close();
    fail(`cannot start the job system: ${(error as Error).message}`);
  }

  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const lines = [
    `Kontor listening at http://localhost:${port}`,
    `  database: ${describeDatabase(config)}${config.today ? `, today fixed at ${config.today}` : ''}`,
    `  staff login: http://localhost:${port}/staff   client login: http://localhost:${port}/`,
    `  API docs: http://localhost:${port}/api/docs`,
  ];
  if (seeded || config.seedDemo) {
    lines.push(`  demo logins (password ${DEMO_PASSWORD}):`);
    for (const s of demoLogins.staff) lines.push(`    staff  ${s.level.padEnd(12)} ${s.email}`);
    for (const c of demoLogins.client) lines.push(`    client ${c.role.padEnd(12)} ${c.email}`);
    lines.push(`  demo offer number (Telefoonservice, tariff "Actie 2026"): ${DEMO_OFFER_NUMBER}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);

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

void main();
