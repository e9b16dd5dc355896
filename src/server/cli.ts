import { parseArgs } from 'node:util';
import { type StaffLevel, staffLevels } from '../shared/permissions';
import { email as emailSchema, newPassword } from '../shared/schemas';
import { ConfigError, loadConfig } from './env';
import { billingRunCommand } from './features/billing-run/billing-run.cli';
import { seedDemo } from './seed/demo';
import { createStaffUser } from './seed/staff';
import { createClock, describeDatabase, openConfiguredDatabase } from './start';

const usage = `Usage: npm run kontor -- <command> [options]

Commands:
  migrate                         apply database migrations
  seed                            create the demo data (once)
  create-staff-user --tenant <slug> --email <e-mail> --name <name> --level <${staffLevels.join('|')}>
                                  create a staff user; the password is read from KONTOR_PASSWORD
  billing-run --tenant <slug> --until <YYYY-MM-DD> [--batch-size <n>] [--concurrency <n>]
                                  invoice every account of the operator up to the date (resumes the
                                  operator's running run for that date); exit 3 when accounts failed
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    process.stdout.write(usage);
    return command ? 0 : 1;
  }
  const config = loadConfig();
  const clock = createClock(config);
  const db = await openConfiguredDatabase(config);
  try {
    switch (command) {
      case 'migrate':
        await db.migrate();
        process.stdout.write(`migrations applied (${describeDatabase(config)})\n`);
        return 0;
      case 'seed':
        await db.migrate();
        process.stdout.write(
          (await seedDemo(db.system, clock.now())) ? 'demo data created\n' : 'demo data already present\n',
        );
        return 0;
      case 'create-staff-user': {
        const { values } = parseArgs({
          args: rest,
          options: {
            tenant: { type: 'string' },
            email: { type: 'string' },
            name: { type: 'string' },
            level: { type: 'string' },
          },
        });
        const problems: string[] = [];
        if (!values.tenant) problems.push('--tenant is required');
        if (!values.email || !emailSchema.safeParse(values.email).success)
          problems.push('--email must be an e-mail address');
        if (!values.name) problems.push('--name is required');
        if (!values.level || !(staffLevels as readonly string[]).includes(values.level))
          problems.push(`--level must be one of ${staffLevels.join(', ')}`);
        const password = process.env.KONTOR_PASSWORD ?? '';
        const pw = newPassword.safeParse(password);
        if (!pw.success) problems.push(`KONTOR_PASSWORD: ${pw.error.issues[0]?.message ?? 'invalid'}`);
        if (problems.length) {
          process.stderr.write(`${problems.join('\n')}\n\n${usage}`);
          return 2;
        }
        await db.migrate();
        const id = await createStaffUser(
          db.system,
          {
            tenantSlug: values.tenant!,
            email: values.email!,
            name: values.name!,
            level: values.level as StaffLevel,
            password,
          },
          clock.now(),
        );
        process.stdout.write(`staff user created: ${id}\n`);
        return 0;
      }
      case 'billing-run': {
        const { values } = parseArgs({
          args: rest,
          options: {
            tenant: { type: 'string' },
            until: { type: 'string' },
            'batch-size': { type: 'string' },
            concurrency: { type: 'string' },
          },
        });
        const problems: string[] = [];
        if (!values.tenant) problems.push('--tenant is required');
        if (!values.until || !/^\d{4}-\d{2}-\d{2}$/.test(values.until))
          problems.push('--until must be a date such as 2026-11-30');
        const positive = (v: string | undefined, name: string) => {
          if (v === undefined) return undefined;
          const n = Number(v);
          if (!Number.isInteger(n) || n < 1 || n > 10_000)
            problems.push(`${name} must be a whole number from 1`);
          return n;
        };
        const batchSize = positive(values['batch-size'], '--batch-size');
        const concurrency = positive(values.concurrency, '--concurrency');
        if (problems.length) {
          process.stderr.write(`${problems.join('\n')}\n\n${usage}`);
          return 2;
        }
        await db.migrate();
        return await billingRunCommand(
          db,
          clock,
          {
            tenant: values.tenant!,
            until: values.until!,
            ...(batchSize ? { batchSize } : {}),
            ...(concurrency ? { concurrency } : {}),
          },
          process.stdout,
          process.stderr,
        );
      }
      default:
        process.stderr.write(`unknown command "${command}"\n\n${usage}`);
        return 2;
    }
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(
      `kontor: ${error instanceof ConfigError ? error.message : [(error as Error).message, ((error as Error).cause as Error | undefined)?.message].filter(Boolean).join(': ')}\n`,
    );
    process.exit(1);
  },
);
