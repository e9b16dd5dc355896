import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../../test/support/app';
import { TestClient } from '../../../../test/support/client';
import { loginClient, loginStaff } from '../../../../test/support/clients';
import { buildAccount, buildStaff, buildTenant, type TestTenant } from '../../../../test/support/factories';
import { rowsOf } from '../../db/client';
import { accounts, clientUsers } from '../../db/schema';

let t: TestContext;
let tenant: TestTenant;

beforeAll(async () => {
  t = await startTestApp();
  tenant = await buildTenant(t.db);
});

describe('account list', () => {
  it('lists only the tenant’s accounts, searchable by name, e-mail and customer number, paginated', async () => {
    const own = await buildTenant(t.db);
    const other = await buildTenant(t.db);
    await buildAccount(t.db, own, { name: 'Bakkerij Jansen', customerNumber: 'K-77' });
    await buildAccount(t.db, own, { name: 'Garage Pietersen', email: 'garage@pietersen.example' });
    for (let i = 0; i < 3; i++) await buildAccount(t.db, own, { name: `Filler ${i}` });
    await buildAccount(t.db, other, { name: 'Bakkerij Elders', customerNumber: 'K-77' });

    const c = await loginStaff(t, own, 'employee');
    const all = (await c.get('/api/v1/staff/accounts?pageSize=2')).json();
    expect(all.total).toBe(5);
    expect(all.items).toHaveLength(2);
    const page3 = (await c.get('/api/v1/staff/accounts?pageSize=2&page=3')).json();
    expect(page3.items).toHaveLength(1);

    const byName = (await c.get('/api/v1/staff/accounts?q=bakkerij')).json();
    expect(byName.items.map((a: { name: string }) => a.name)).toEqual(['Bakkerij Jansen']);
    const byEmail = (await c.get('/api/v1/staff/accounts?q=garage%40pietersen')).json();
    expect(byEmail.items.map((a: { name: string }) => a.name)).toEqual(['Garage Pietersen']);
    const byNumber = (await c.get('/api/v1/staff/accounts?q=K-77')).json();
    expect(byNumber.items).toHaveLength(1);
    expect(byNumber.items[0].abilities).toMatchObject({
      'contract.view': true,
      'contract.editCustomerNumber': true,
    });
    const wildcard = (await c.get('/api/v1/staff/accounts?q=%25')).json();
    expect(wildcard.total).toBe(0);
  });

  it('finds an account by its users’ names and e-mails, and follows their changes', async () => {
    const own = await buildTenant(t.db);
    const { account, owner } = await buildAccount(t.db, own, { name: 'Kapsalon Anna' });
    const c = await loginStaff(t, own, 'employee');
    const names = async (q: string) =>
      (await c.get(`/api/v1/staff/accounts?q=${encodeURIComponent(q)}`))
        .json()
        .items.map((a: { name: string }) => a.name);
    expect(await names(owner.email)).toEqual(['Kapsalon Anna']);
    // The search text is kept by triggers (migration 0018): a renamed user, a new one, a removed one.
    await t.db.system
      .update(clientUsers)
      .set({ name: 'Anna de Kapper', email: 'anna@kapsalon.example' })
      .where(eq(clientUsers.id, owner.id));
    expect(await names('de kapper')).toEqual(['Kapsalon Anna']);
    expect(await names(owner.email)).toEqual([]);
    const [added] = await t.db.system
      .insert(clientUsers)
      .values({
        tenantId: own.id,
        accountId: account.id,
        email: 'piet@kapsalon.example',
        name: 'Piet Schaar',
        role: 'member',
        passwordHash: 'x',
      })
      .returning();
    expect(await names('piet schaar')).toEqual(['Kapsalon Anna']);
    await t.db.system.delete(clientUsers).where(eq(clientUsers.id, added!.id));
    expect(await names('piet schaar')).toEqual([]);
    // The account's own fields too.
    await t.db.system.update(accounts).set({ customerNumber: 'KA-100' }).where(eq(accounts.id, account.id));
    expect(await names('KA-10')).toEqual(['Kapsalon Anna']);
  });

  it('counts the matches of a search up to a cap and says when there are more', async () => {
    const own = await buildTenant(t.db);
    for (let i = 0; i < 4; i++) await buildAccount(t.db, own, { name: `Zeta ${i}` });
    const c = await loginStaff(t, own, 'employee');
    const list = (await c.get('/api/v1/staff/accounts?q=zeta&pageSize=3')).json();
    expect(list).toMatchObject({ total: 4, totalCapped: false });
    expect(list.items.map((a: { name: string }) => a.name)).toEqual(['Zeta 0', 'Zeta 1', 'Zeta 2']);
    const page2 = (await c.get('/api/v1/staff/accounts?q=zeta&pageSize=3&page=2')).json();
    expect(page2.items.map((a: { name: string }) => a.name)).toEqual(['Zeta 3']);
    expect((await c.get('/api/v1/staff/accounts')).json()).toMatchObject({ total: 4, totalCapped: false });
    // The function behind the list with a cap of 2: it counts one beyond the cap, no further.
    const counted = await t.db.tenant(own.id, (tx) =>
      tx.execute(sql`select id, ord, total from kontor_account_search_page('%zeta%', null, 2, 0, 2)`),
    );
    const rows = rowsOf<{ id: string; ord: number; total: number }>(counted);
    expect(rows.map((r) => [r.ord, r.total])).toEqual([
      [1, 3],
      [2, 3],
    ]);
  });

  it('refuses bad paging with field messages', async () => {
    const c = await loginStaff(t, tenant, 'employee');
    const res = await c.get('/api/v1/staff/accounts?pageSize=1000&page=0');
    expect(res.status).toBe(400);
    expect(
      res
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['page', 'pageSize']);
    expect((await c.get('/api/v1/staff/accounts?sort=name')).status).toBe(400);
  });

  it('needs a staff login', async () => {
    const res = await new TestClient(t.app, tenant.host).get('/api/v1/staff/accounts');
    expect(res.status).toBe(401);
  });
});

describe('one account', () => {
  it('answers 404 for another tenant’s account id', async () => {
    const other = await buildTenant(t.db);
    const { account } = await buildAccount(t.db, other);
    const c = await loginStaff(t, tenant, 'owner');
    expect((await c.get(`/api/v1/staff/accounts/${account.id}`)).status).toBe(404);
    expect((await c.get(`/api/v1/staff/accounts/${account.id}/audit`)).status).toBe(404);
    const edit = await c.put(`/api/v1/staff/accounts/${account.id}/contract/customer-number`, {
      customerNumber: 'X',
      version: 1,
    });
    expect(edit.status).toBe(404);
  });

  it('shows the users of the account, the owner first', async () => {
    const { account, owner } = await buildAccount(t.db, tenant);
    const c = await loginStaff(t, tenant, 'employee');
    const res = (await c.get(`/api/v1/staff/accounts/${account.id}`)).json();
    expect(res.users[0]).toMatchObject({ id: owner.id, isAccountOwner: true, role: 'admin' });
    expect(res.users).toHaveLength(2);
  });

  it('a client sees their own account and nothing of the staff side', async () => {
    const { account, member } = await buildAccount(t.db, tenant);
    const c = await loginClient(t, tenant, member);
    const own = await c.get('/api/v1/client/account');
    expect(own.status).toBe(200);
    expect(own.json()).toMatchObject({
      id: account.id,
      abilities: { 'contract.view': true, 'contract.editCustomerNumber': false },
    });
    expect((await c.get(`/api/v1/staff/accounts/${account.id}`)).status).toBe(401);
  });
});

describe('customer number', () => {
  it('an employee sets it; the change is in the audit history with before, after, actor and reason', async () => {
    const { account } = await buildAccount(t.db, tenant);
    const c = await loginStaff(t, tenant, 'employee');
    const res = await c.put(`/api/v1/staff/accounts/${account.id}/contract/customer-number`, {
      customerNumber: 'K-2001',
      version: 1,
      reason: 'from bookkeeping',
    });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({
      customerNumber: { value: 'K-2001' },
      account: { customerNumber: 'K-2001', version: 2 },
    });

    const audit = (await c.get(`/api/v1/staff/accounts/${account.id}/audit`)).json();
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({
      action: 'account.customer_number_changed',
      actorType: 'staff',
      before: { customerNumber: null },
      after: { customerNumber: 'K-2001' },
      reason: 'from bookkeeping',
      requestId: res.headers['x-request-id'],
    });
    expect(audit.items[0].actorName).toMatch(/employee/);
  });

  it('a stale version gets 409 with the current state, and nothing changes', async () => {
    const { account } = await buildAccount(t.db, tenant);
    const c = await loginStaff(t, tenant, 'employee');
    await c.put(`/api/v1/staff/accounts/${account.id}/contract/customer-number`, {
      customerNumber: 'K-3001',
      version: 1,
    });
    const stale = await c.put(`/api/v1/staff/accounts/${account.id}/contract/customer-number`, {
      customerNumber: 'K-3002',
      version: 1,
    });
    expect(stale.status).toBe(409);
    expect(stale.json()).toMatchObject({
      code: 'stale_version',
      current: { account: { customerNumber: 'K-3001', version: 2 } },
    });
    expect((await c.get(`/api/v1/staff/accounts/${account.id}`)).json().customerNumber).toBe('K-3001');
  });

  it('is unique within the operator but may repeat across operators', async () => {
    const { account: a } = await buildAccount(t.db, tenant, { customerNumber: 'K-4001' });
    const { account: b } = await buildAccount(t.db, tenant);
    const c = await loginStaff(t, tenant, 'employee');
    const taken = await c.put(`/api/v1/staff/accounts/${b.id}/contract/customer-number`, {
      customerNumber: 'K-4001',
      version: 1,
    });
    expect(taken.status).toBe(409);
    expect(taken.json()).toMatchObject({
      code: 'customer_number_taken',
      errors: [{ field: 'customerNumber' }],
    });
    expect(a.customerNumber).toBe('K-4001');

    const other = await buildTenant(t.db);
    const { account: elsewhere } = await buildAccount(t.db, other);
    const oc = await loginStaff(t, other, 'employee');
    const ok = await oc.put(`/api/v1/staff/accounts/${elsewhere.id}/contract/customer-number`, {
      customerNumber: 'K-4001',
      version: 1,
    });
    expect(ok.status).toBe(200);
  });

  it('can be cleared; an empty string is refused with a field message', async () => {
    const { account } = await buildAccount(t.db, tenant, { customerNumber: 'K-5001' });
    const c = await loginStaff(t, tenant, 'manager');
    const empty = await c.put(`/api/v1/staff/accounts/${account.id}/contract/customer-number`, {
      customerNumber: '  ',
      version: 1,
    });
    expect(empty.status).toBe(400);
    expect(empty.json().errors[0].field).toBe('customerNumber');
    const cleared = await c.put(`/api/v1/staff/accounts/${account.id}/contract/customer-number`, {
      customerNumber: null,
      version: 1,
    });
    expect(cleared.json().customerNumber.value).toBeNull();
  });

  it('clients may not change it', async () => {
    const { account, owner } = await buildAccount(t.db, tenant);
    const c = await loginClient(t, tenant, owner);
    const res = await c.put(`/api/v1/staff/accounts/${account.id}/contract/customer-number`, {
      customerNumber: 'X',
      version: 1,
    });
    expect(res.status).toBe(401);
  });
});

describe('development outbox', () => {
  it('only the owner reads it', async () => {
    expect((await (await loginStaff(t, tenant, 'owner')).get('/api/v1/staff/outbox')).status).toBe(200);
    const refused = await (await loginStaff(t, tenant, 'supermanager')).get('/api/v1/staff/outbox');
    expect(refused.status).toBe(403);
    expect(refused.json().code).toBe('forbidden');
  });

  it('keeps e-mails when no SMTP server is configured, per tenant', async () => {
    const staff = await buildStaff(t.db, tenant, 'employee');
    await new TestClient(t.app, tenant.host).post('/api/v1/password-reset/request', {
      realm: 'staff',
      email: staff.email,
    });
    await t.app.mail.flush();
    const box = (await (await loginStaff(t, tenant, 'owner')).get('/api/v1/staff/outbox')).json();
    const mine = box.items.filter((m: { to: string }) => m.to === staff.email);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ status: 'kept', subject: expect.stringMatching(/wachtwoord/) });
    const other = await buildTenant(t.db);
    const otherBox = (await (await loginStaff(t, other, 'owner')).get('/api/v1/staff/outbox')).json();
    expect(otherBox.total).toBe(0);
  });
});
