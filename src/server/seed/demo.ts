import { eq, sql } from 'drizzle-orm';
import type { StaffLevel } from '../../shared/permissions';
import type { Db } from '../db/client';
import { accounts, clientUsers, staffUsers, tenantDomains, tenants } from '../db/schema';
import { hashPassword } from '../features/auth/password';

/** The password of every demo user. Demo data is for trying the portal, never for production. */
export const DEMO_PASSWORD = 'kontor-demo-2026';

export const demoLogins = {
  staff: [
    { email: 'employee@telefoonservice.example', level: 'employee' },
    { email: 'manager@telefoonservice.example', level: 'manager' },
    { email: 'supermanager@telefoonservice.example', level: 'supermanager' },
    { email: 'owner@telefoonservice.example', level: 'owner' },
  ] as { email: string; level: StaffLevel }[],
  client: [
    { email: 'jan@bakkerij-jansen.example', role: 'admin, account owner' },
    { email: 'piet@bakkerij-jansen.example', role: 'member' },
  ],
};

const moreAccounts: [string, string, string | null][] = [
  ['Advocatenkantoor De Vries', 'info@devries-advocaten.example', 'K-1002'],
  ['Huisartsenpraktijk Zuid', 'praktijk@hapzuid.example', 'K-1003'],
  ['Installatiebedrijf Bos', 'bos@installatie-bos.example', null],
  ['Schoonheidssalon Lotus', 'lotus@salon-lotus.example', 'K-1005'],
  ['Tandartspraktijk Smit', 'smit@tandarts-smit.example', 'K-1006'],
  ['Autobedrijf Mulder', 'verkoop@mulder-auto.example', 'K-1007'],
  ['Makelaardij Visser', 'info@visser-makelaars.example', 'K-1008'],
  ['Fysiotherapie Meijer', 'meijer@fysio-meijer.example', null],
  ['Loodgieter de Boer', 'deboer@loodgieter.example', 'K-1010'],
  ['Bloemenhandel Dekker', 'dekker@bloemen.example', 'K-1011'],
  ['Kapsalon Brouwer', 'brouwer@kapsalon.example', 'K-1012'],
  ['Dierenkliniek Jong', 'kliniek@dieren-jong.example', 'K-1013'],
  ['Accountantskantoor Peters', 'peters@accountants.example', 'K-1014'],
  ['Rijschool Hendriks', 'hendriks@rijschool.example', 'K-1015'],
  ['Schildersbedrijf Willems', 'willems@schilders.example', 'K-1016'],
  ['Hoveniersbedrijf Groen', 'groen@hovenier.example', 'K-1017'],
  ['Notariskantoor Kok', 'kok@notaris.example', 'K-1018'],
  ['Eetcafé De Hoek', 'dehoek@eetcafe.example', null],
  ['Testaccount Demo', 'test@telefoonservice.example', 'TEST-1'],
  ['Verhuisbedrijf Jacobs', 'jacobs@verhuizen.example', 'K-1020'],
  ['Drukkerij Vermeulen', 'vermeulen@drukkerij.example', 'K-1021'],
  ['IT-Service Bakker', 'service@it-bakker.example', 'K-1022'],
];

/** Whether the database holds any tenant yet (the first start seeds demo data). */
export async function hasTenants(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(tenants);
  return Number(row?.n ?? 0) > 0;
}

/** Creates the demo operators, staff, and client accounts. Runs once; does nothing when "demo" exists. */
export async function seedDemo(db: Db, now: Date): Promise<boolean> {
  const [existing] = await db.select().from(tenants).where(eq(tenants.slug, 'demo'));
  if (existing) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    const [demo] = await tx
      .insert(tenants)
      .values({
        slug: 'demo',
        name: 'Demo Telefoonservice',
        defaultLocale: 'nl',
        timeZone: 'Europe/Amsterdam',
        currency: 'EUR',
      })
      .returning();
    const [other] = await tx
      .insert(tenants)
      .values({
        slug: 'andere',
        name: 'Andere Dienst GmbH',
        defaultLocale: 'de',
        timeZone: 'Europe/Berlin',
        currency: 'EUR',
      })
      .returning();
    if (!demo || !other) throw new Error('seeding tenants failed');
    await tx.insert(tenantDomains).values([
      { host: 'demo.localhost', tenantId: demo.id },
      { host: 'andere.localhost', tenantId: other.id },
    ]);

    const names: Record<StaffLevel, string> = {
      employee: 'Eva Medewerker',
      manager: 'Mark Manager',
      supermanager: 'Sanne Supermanager',
      owner: 'Olaf Eigenaar',
    };
    await tx.insert(staffUsers).values(
      demoLogins.staff.map((s) => ({
        tenantId: demo.id,
        email: s.email,
        name: names[s.level],
        level: s.level,
        passwordHash,
      })),
    );
    const [jansen] = await tx
      .insert(accounts)
      .values({
        tenantId: demo.id,
        name: 'Bakkerij Jansen B.V.',
        email: 'jan@bakkerij-jansen.example',
        customerNumber: 'K-1001',
        createdAt: now,
      })
      .returning();
    if (!jansen) throw new Error('seeding accounts failed');
    await tx.insert(clientUsers).values([
      {
        tenantId: demo.id,
        accountId: jansen.id,
        email: 'jan@bakkerij-jansen.example',
        name: 'Jan Jansen',
        role: 'admin',
        isAccountOwner: true,
        passwordHash,
        emailVerifiedAt: now,
      },
      {
        tenantId: demo.id,
        accountId: jansen.id,
        email: 'piet@bakkerij-jansen.example',
        name: 'Piet Jansen',
        role: 'member',
        passwordHash,
        emailVerifiedAt: now,
      },
    ]);
    await tx.insert(accounts).values(
      moreAccounts.map(([name, email, customerNumber], i) => ({
        tenantId: demo.id,
        name,
        email,
        customerNumber,
        isTestAccount: customerNumber?.startsWith('TEST') ?? false,
        createdAt: new Date(now.getTime() - (i + 1) * 86_400_000 * 9),
      })),
    );

    await tx.insert(staffUsers).values({
      tenantId: other.id,
      email: 'owner@andere-dienst.example',
      name: 'Otto Inhaber',
      level: 'owner',
      passwordHash,
    });
    const [mueller] = await tx
      .insert(accounts)
      .values({
        tenantId: other.id,
        name: 'Müller Logistik GmbH',
        email: 'anna@mueller-logistik.example',
        customerNumber: 'K-1001',
        createdAt: now,
      })
      .returning();
    if (!mueller) throw new Error('seeding accounts failed');
    await tx.insert(clientUsers).values({
      tenantId: other.id,
      accountId: mueller.id,
      email: 'anna@mueller-logistik.example',
      name: 'Anna Müller',
      role: 'admin',
      isAccountOwner: true,
      passwordHash,
      emailVerifiedAt: now,
    });
  });
  return true;
}
