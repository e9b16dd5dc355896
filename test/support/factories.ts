import { randomBytes } from 'node:crypto';
import type { Database } from '../../src/server/db/client';
import { accounts, clientUsers, staffUsers, tenantDomains, tenants } from '../../src/server/db/schema';
import { hashPassword } from '../../src/server/features/auth/password';
import type { StaffLevel } from '../../src/shared/permissions';

export const TEST_PASSWORD = 'correct horse battery staple';
let passwordHash: Promise<string> | undefined;
const testHash = () => {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  return passwordHash;
};

const unique = () => randomBytes(4).toString('hex');

export type TestTenant = typeof tenants.$inferSelect & { host: string };

/** A tenant with its own host name; each test builds its own, so tests share nothing. */
export async function buildTenant(
  db: Database,
  over: Partial<typeof tenants.$inferInsert> = {},
): Promise<TestTenant> {
  const slug = over.slug ?? `t-${unique()}`;
  const [tenant] = await db.system
    .insert(tenants)
    .values({
      name: `Operator ${slug}`,
      defaultLocale: 'nl',
      timeZone: 'Europe/Berlin',
      currency: 'EUR',
      ...over,
      slug,
    })
    .returning();
  if (!tenant) throw new Error('tenant not created');
  const host = `${slug}.portal.test`;
  await db.system.insert(tenantDomains).values({ host, tenantId: tenant.id });
  return { ...tenant, host };
}

export async function buildStaff(
  db: Database,
  tenant: TestTenant,
  level: StaffLevel,
  over: { email?: string; name?: string } = {},
) {
  const [user] = await db.system
    .insert(staffUsers)
    .values({
      tenantId: tenant.id,
      email: over.email ?? `${level}-${unique()}@staff.example`,
      name: over.name ?? `${level} ${unique()}`,
      level,
      passwordHash: await testHash(),
    })
    .returning();
  if (!user) throw new Error('staff not created');
  return user;
}

/** A client account with an owner (admin) and a member, or a tenant built for it when none is given. */
export async function buildAccount(
  db: Database,
  tenant: TestTenant,
  over: Partial<typeof accounts.$inferInsert> = {},
) {
  const u = unique();
  const [account] = await db.system
    .insert(accounts)
    .values({ tenantId: tenant.id, name: `Client ${u}`, email: `client-${u}@client.example`, ...over })
    .returning();
  if (!account) throw new Error('account not created');
  const hash = await testHash();
  const [owner, member] = await db.system
    .insert(clientUsers)
    .values([
      {
        tenantId: tenant.id,
        accountId: account.id,
        email: `owner-${u}@client.example`,
        name: `Owner ${u}`,
        role: 'admin',
        isAccountOwner: true,
        passwordHash: hash,
      },
      {
        tenantId: tenant.id,
        accountId: account.id,
        email: `member-${u}@client.example`,
        name: `Member ${u}`,
        role: 'member',
        passwordHash: hash,
      },
    ])
    .returning();
  if (!owner || !member) throw new Error('client users not created');
  return { account, owner, member };
}
