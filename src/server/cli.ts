import { parseArgs } from 'node:util';
import { type StaffLevel, staffLevels } from '../shared/permissions';
import { email as emailSchema, newPassword } from '../shared/schemas';
import { ConfigError, loadConfig } from './env';
import { seedDemo } from './seed/demo';
import { createStaffUser } from './seed/staff';
import { createClock, describeDatabase, openConfiguredDatabase } from './start';

const usage = `Usage: npm run kontor -- <command> [options]

Commands:
  migrate                         apply database migrations
  seed                            create the demo data (once)
  create-staff-user --tenant <slug> --email <e-mail> --name <name> --level <${staffLevels.join('|')}>
                                  create a staff user; the password is read from KONTOR_PASSWORD
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
      `kontor: ${error instanceof ConfigError ? error.message : (error as Error).message}\n`,
    );
    process.exit(1);
  },
);
