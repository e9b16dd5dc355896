import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../src/server/db/client';
import { loginAttempts, staffUsers } from '../src/server/db/schema';
import { authRepository } from '../src/server/features/auth/auth.repository';
import { startTestApp, type TestContext } from './support/app';
import { TestClient as Client, type TestClient } from './support/client';
import { loginClient, loginStaff } from './support/clients';
import { buildAccount, buildStaff, buildTenant, TEST_PASSWORD, type TestTenant } from './support/factories';
import { buildBooking, buildShop, verifyEmailOf } from './support/order-factories';

/**
 * The request path (ADR 0016): one transaction per request, tenant and role in one statement, the
 * session and its user in one statement, the route's work in the same transaction.
 */
let t: TestContext;
let tenant: TestTenant;
let staff: TestClient;
let client: TestClient;
let accountId: string;
let bookingId: string;

beforeAll(async () => {
  t = await startTestApp();
  tenant = await buildTenant(t.db);
  const shop = await buildShop(t.db, tenant);
  const built = await buildAccount(t.db, tenant);
  accountId = built.account.id;
  await verifyEmailOf(t.db, built.owner.id);
  const booking = await buildBooking(t.db, tenant, built.account, shop.module, [
    { tariffId: shop.publicTariff.id, startDate: '2026-01-01' },
  ]);
  bookingId = booking.id;
  staff = await loginStaff(t, tenant, 'manager');
  client = await loginClient(t, tenant, built.owner);
});

async function statementsOf(c: TestClient, method: 'GET', url: string) {
  // The first call warms whatever the route reads once (tenant cache); the second is counted.
  expect((await c.request(method, url)).status).toBe(200);
  const statements: string[] = [];
  const stop = t.db.onQuery((q) => statements.push(q));
  const res = await c.request(method, url);
  stop();
  expect(res.status, res.body).toBe(200);
  return statements;
}

/**
 * Transaction control. On PostgreSQL BEGIN travels with tenant and role in one round trip
 * ("begin; select set_config(…)", ADR 0017) and COMMIT is logged; PGlite's driver runs BEGIN and
 * COMMIT unlogged and sets tenant and role in a statement of its own.
 */
const END = /^(commit|rollback)\b/i;
const TENANT_AND_ROLE =
  /^(begin; )?select set_config\('app\.tenant_id', (\$1|'[0-9a-f-]{36}'), true\), set_config\('role', 'kontor_app', true\)$/;

describe('statements per authenticated request', () => {
  // Counted without COMMIT: tenant and role (1, with BEGIN on PostgreSQL), the session with its
  // user (1), then the route's own statements, all in the one transaction.
  for (const [who, url, expected] of [
    ['staff', '/api/v1/session', 2],
    ['client', '/api/v1/session', 2],
    ['staff', 'staff-contract', 3],
    ['client', '/api/v1/client/account/contract', 3],
    // The account with its bookings, their modules and periods (one statement), the orderable
    // modules, the account's current bookings.
    ['staff', 'staff-bookings', 5],
    ['client', '/api/v1/client/bookings', 5],
    // A booking's module block: the booking with its periods, options, declarations, the module's
    // tariffs and items in one statement (the same read every lifecycle write starts with).
    ['staff', 'staff-lifecycle', 3],
    ['client', 'client-lifecycle', 3],
  ] as const) {
    it(`${who} GET ${url}: ${expected} statements in one transaction`, async () => {
      const path =
        url === 'staff-contract'
          ? `/api/v1/staff/accounts/${accountId}/contract`
          : url === 'staff-bookings'
            ? `/api/v1/staff/accounts/${accountId}/bookings`
            : url.endsWith('-lifecycle')
              ? `/api/v1/${who}/bookings/${bookingId}/lifecycle`
              : url;
      const statements = await statementsOf(who === 'staff' ? staff : client, 'GET', path);
      const work = statements.filter((q) => !END.test(q));
      expect(work, work.join('\n')).toHaveLength(expected);
      expect(work[0]).toMatch(TENANT_AND_ROLE);
      expect(work[1]).toMatch(/from "sessions" left join "staff_users".* left join "client_users"/);
      expect(statements.filter((q) => /set_config|set local role/i.test(q))).toHaveLength(1);
      if (t.db.kind === 'pg') {
        // One round trip opens the transaction, one ends it: nothing else is transaction control.
        expect(statements[0]).toMatch(/^begin; select set_config/);
        expect(statements.at(-1)).toMatch(/^commit$/i);
        expect(statements.filter((q) => /^(begin|commit|rollback)\b/i.test(q))).toHaveLength(2);
      }
    });
  }

  it('a write: one transaction, the same two statements before the route’s own', async () => {
    const statements: string[] = [];
    const stop = t.db.onQuery((q) => statements.push(q));
    const res = await staff.put(`/api/v1/staff/accounts/${accountId}/contract/test-account`, {
      isTestAccount: true,
      version: 1,
    });
    stop();
    expect(res.status, res.body).toBe(200);
    expect(statements.filter((q) => /set_config/.test(q))).toHaveLength(1);
    if (t.db.kind === 'pg') expect(statements.filter((q) => /^begin/i.test(q))).toHaveLength(1);
  });
});

describe('no session is trusted beyond the database', () => {
  it('a logged-out session is refused on the next request', async () => {
    const c = await loginStaff(t, tenant, 'employee');
    const saved = new Map(c.cookies);
    expect((await c.post('/api/v1/logout', {})).status).toBe(204);
    const again = new Client(t.app, tenant.host);
    for (const [k, v] of saved) again.cookies.set(k, v);
    expect((await again.get(`/api/v1/staff/accounts/${accountId}`)).status).toBe(401);
  });

  it('a disabled user is refused on the very next request', async () => {
    const user = await buildStaff(t.db, tenant, 'manager');
    const c = new Client(t.app, tenant.host);
    expect((await c.login('staff', user.email, TEST_PASSWORD)).status).toBe(200);
    expect((await c.get(`/api/v1/staff/accounts/${accountId}`)).status).toBe(200);
    await t.db.system.update(staffUsers).set({ disabledAt: new Date() }).where(eq(staffUsers.id, user.id));
    expect((await c.get(`/api/v1/staff/accounts/${accountId}`)).status).toBe(401);
  });
});

describe('Database: the request transaction', () => {
  const whoAmI = sql`select current_user as role, current_setting('app.tenant_id', true) as tenant`;
  const attempt = (email: string) => ({
    tenantId: tenant.id,
    realm: 'staff' as const,
    email,
    ip: '192.0.2.9',
    succeeded: false,
    at: new Date('2026-11-26T09:00:00Z'),
  });
  const attemptsOf = async (email: string) =>
    (await t.db.system.select().from(loginAttempts).where(eq(loginAttempts.email, email))).length;

  it('the first unit runs in it as kontor_app under the tenant, and commits it', async () => {
    const rt = await t.db.openRequest(tenant.id);
    const seen = await t.db.inRequest(rt, () =>
      t.db.tenant(tenant.id, async (tx) => {
        await authRepository.recordAttempt(tx, attempt('first-unit@x.example'));
        return rowsOf<{ role: string; tenant: string }>(await tx.execute(whoAmI))[0];
      }),
    );
    expect(seen).toEqual({ role: 'kontor_app', tenant: tenant.id });
    expect(rt.state).toBe('done');
    expect(await attemptsOf('first-unit@x.example')).toBe(1);
  });

  it('a failing first unit is rolled back; later units run in their own transactions', async () => {
    const rt = await t.db.openRequest(tenant.id);
    await t.db.inRequest(rt, async () => {
      await expect(
        t.db.tenant(tenant.id, async (tx) => {
          await authRepository.recordAttempt(tx, attempt('failed-unit@x.example'));
          throw new Error('refused');
        }),
      ).rejects.toThrow('refused');
      await t.db.tenant(tenant.id, (tx) => authRepository.recordAttempt(tx, attempt('later-unit@x.example')));
    });
    expect(await attemptsOf('failed-unit@x.example')).toBe(0);
    expect(await attemptsOf('later-unit@x.example')).toBe(1);
  });

  it('owner access or another tenant while it is open commits it first (no self-wait on PGlite)', async () => {
    const other = await buildTenant(t.db);
    const rt = await t.db.openRequest(tenant.id);
    await t.db.inRequest(rt, async () => {
      await t.db.system.select().from(staffUsers).limit(1);
      expect(rt.state).toBe('done');
    });
    const rt2 = await t.db.openRequest(tenant.id);
    const seen = await t.db.inRequest(rt2, () =>
      t.db.tenant(other.id, async (tx) => rowsOf<{ tenant: string }>(await tx.execute(whoAmI))[0]),
    );
    expect(rt2.state).toBe('done');
    expect(seen?.tenant).toBe(other.id);
  });
});
