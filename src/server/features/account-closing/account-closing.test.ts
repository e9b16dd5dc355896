import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../../test/support/app';
import { buildTariffItem } from '../../../../test/support/catalog-factories';
import { TestClient } from '../../../../test/support/client';
import { loginClient, loginStaff } from '../../../../test/support/clients';
import {
  buildAccount,
  buildTenant,
  TEST_PASSWORD,
  type TestTenant,
} from '../../../../test/support/factories';
import { buildBooking, buildModule, buildTariff, partner } from '../../../../test/support/order-factories';
import { decodeBody, startSmtpServer } from '../../../../test/support/smtp';
import {
  accounts,
  bookingOptions,
  bookings,
  clientInvitations,
  clientUsers,
  sessions,
} from '../../db/schema';

let t: TestContext;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let tenant: TestTenant;

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await startTestApp({ smtpUrl: smtp.url });
  tenant = await buildTenant(t.db);
});
afterAll(async () => {
  await smtp.close();
});

const SECTION = '/api/v1/client/account/owner-section';
const CLOSE = '/api/v1/client/account/close';

/** An account with one booking of a module, ended or running as given (today is 2026-11-26). */
async function setup(
  booking: { endDate: string | null; optionEnd?: string | null } = { endDate: '2026-10-31' },
) {
  const built = await buildAccount(t.db, tenant, {
    contractPartner: partner,
    invoiceRecipients: ['ap@client.example'],
  });
  const module = await buildModule(t.db, tenant);
  const tariff = await buildTariff(t.db, tenant, module);
  const row = await buildBooking(
    t.db,
    tenant,
    built.account,
    module,
    [{ tariffId: tariff.id, startDate: '2026-01-01', endDate: booking.endDate }],
    { moduleData: { greeting_name: 'Goedemorgen, Bakkerij Jansen', forwarding_number: '+31 6 1234 5678' } },
  );
  if (booking.optionEnd !== undefined) {
    const item = await buildTariffItem(t.db, tenant, tariff.id, {
      key: 'additional_option',
      title: { nl: 'Extra lijn', en: 'Extra line' },
    });
    await t.db.system.insert(bookingOptions).values({
      tenantId: tenant.id,
      bookingId: row.id,
      itemId: item.id,
      startDate: '2026-02-01',
      endDate: booking.optionEnd,
      createdAt: new Date('2026-02-01T00:00:00Z'),
    });
  }
  const owner = await loginClient(t, tenant, built.owner);
  return { ...built, booking: row, ownerClient: owner };
}

async function withMail<T>(fn: () => Promise<T>) {
  const before = smtp.messages.length;
  const res = await fn();
  await t.app.mail.flush();
  return { res, mails: smtp.messages.slice(before) };
}

describe('account owner section', () => {
  it('shows the owner; closing is refused while a booking runs, with the booking listed', async () => {
    const s = await setup({ endDate: null });
    const view = await s.ownerClient.get(SECTION);
    expect(view.status).toBe(200);
    expect(view.json()).toMatchObject({
      owner: { id: s.owner.id, name: s.owner.name },
      abilities: { 'account.close': false, 'account.export': true },
      closeRefusal: 'running_bookings',
      running: [{ kind: 'booking', id: s.booking.id, endDate: null }],
      latestDocumentDate: null,
    });
    const res = await s.ownerClient.post(CLOSE, { confirmName: s.account.name });
    expect(res.status).toBe(409);
    expect(res.json()).toMatchObject({ code: 'bookings_running', current: [{ id: s.booking.id }] });

    const manager = await loginStaff(t, tenant, 'manager');
    const staffTry = await manager.post(`/api/v1/staff/accounts/${s.account.id}/close`, {
      confirmName: s.account.name,
    });
    expect(staffTry.json().code).toBe('bookings_running');
  });

  it('a booking that ends today or later still runs; an option cannot outlive its booking', async () => {
    const endsToday = await setup({ endDate: '2026-11-26' });
    expect((await endsToday.ownerClient.get(SECTION)).json().closeRefusal).toBe('running_bookings');
    // The database refuses an option that outlives its booking (migration 0011): once the
    // booking has ended, no option of it can still run.
    await expect(setup({ endDate: '2026-10-31', optionEnd: '2026-12-31' })).rejects.toThrow();
    const optionEnded = await setup({ endDate: '2026-10-31', optionEnd: '2026-10-31' });
    expect((await optionEnded.ownerClient.get(SECTION)).json()).toMatchObject({
      closeRefusal: null,
      abilities: { 'account.close': true },
    });
  });

  it('only the account owner and staff from manager on may close; members see why not', async () => {
    const s = await setup();
    const member = await loginClient(t, tenant, s.member);
    const view = (await member.get(SECTION)).json();
    expect(view.abilities).toEqual({ 'account.close': false, 'account.export': false });
    expect(view.closeRefusal).toBeNull();
    expect((await member.post(CLOSE, { confirmName: s.account.name })).status).toBe(403);
    const employee = await loginStaff(t, tenant, 'employee');
    expect(
      (await employee.get(`/api/v1/staff/accounts/${s.account.id}/owner-section`)).json().abilities,
    ).toEqual({
      'account.close': false,
      'account.export': false,
    });
    const refused = await employee.post(`/api/v1/staff/accounts/${s.account.id}/close`, {
      confirmName: s.account.name,
    });
    expect(refused.status).toBe(403);
    const other = await buildTenant(t.db);
    const foreign = await loginStaff(t, other, 'owner');
    expect(
      (await foreign.post(`/api/v1/staff/accounts/${s.account.id}/close`, { confirmName: s.account.name }))
        .status,
    ).toBe(404);
  });

  it('needs the account name typed in', async () => {
    const s = await setup();
    const wrong = await s.ownerClient.post(CLOSE, { confirmName: `${s.account.name}x` });
    expect(wrong.status).toBe(400);
    expect(wrong.json()).toMatchObject({ code: 'confirmation_mismatch', errors: [{ field: 'confirmName' }] });
    const [row] = await t.db.system.select().from(accounts).where(eq(accounts.id, s.account.id));
    expect(row?.closedAt).toBeNull();
  });
});

describe('closing an account', () => {
  it('ends every login, anonymises personal data, keeps the records, tells the owner, and makes the account read-only', async () => {
    const s = await setup();
    const member = await loginClient(t, tenant, s.member);
    await s.ownerClient.post('/api/v1/client/account/invitations', {
      email: 'later@invited.example',
      role: 'member',
    });
    const before = (await s.ownerClient.get(SECTION)).json();
    expect(before.retained).toEqual([
      { what: 'documents', until: null },
      { what: 'contract_records', until: '2029-12-31' },
      { what: 'legal_acceptances', until: '2029-12-31' },
      { what: 'audit_history', until: '2029-12-31' },
    ]);

    const { res, mails } = await withMail(() =>
      s.ownerClient.post(CLOSE, { confirmName: `  ${s.account.name} ` }),
    );
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({
      closeRefusal: 'account_closed',
      abilities: { 'account.close': false },
    });
    expect(res.json().closedAt).toBe('2026-11-26T09:00:00.000Z');
    const toOwner = mails.filter((m) => m.to.includes(s.owner.email));
    expect(toOwner).toHaveLength(1);
    expect(decodeBody(toOwner[0]?.raw ?? '')).toMatch(/31 december 2029/);

    // Every login ends.
    expect((await s.ownerClient.get(SECTION)).status).toBe(401);
    expect((await member.get(SECTION)).status).toBe(401);
    expect(
      (await new TestClient(t.app, tenant.host).login('client', s.owner.email, TEST_PASSWORD)).status,
    ).toBe(401);
    const userIds = [s.owner.id, s.member.id];
    const left = await t.db.system
      .select()
      .from(sessions)
      .where(
        sql`${sessions.userId} in (${sql.join(
          userIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`,
      );
    expect(left).toEqual([]);

    // Personal data without a retention duty is gone.
    const users = await t.db.system.select().from(clientUsers).where(eq(clientUsers.accountId, s.account.id));
    for (const u of users) {
      expect(u).toMatchObject({ name: 'Deleted user', passwordHash: null, locale: null });
      expect(u.email).toMatch(/@closed\.invalid$/);
    }
    const [account] = await t.db.system.select().from(accounts).where(eq(accounts.id, s.account.id));
    expect(account).toMatchObject({ contractPartner: null, billingAddress: null, invoiceRecipients: [] });
    expect(account?.name).not.toBe(s.account.name);
    expect(account?.email).toMatch(/@closed\.invalid$/);
    const [booking] = await t.db.system.select().from(bookings).where(eq(bookings.id, s.booking.id));
    expect(booking).toMatchObject({ moduleData: {}, startDate: '2026-01-01', endDate: '2026-10-31' });
    expect(
      await t.db.system.select().from(clientInvitations).where(eq(clientInvitations.accountId, s.account.id)),
    ).toEqual([]);

    // Staff see it, marked closed, read-only; closing twice and every write are refused.
    const manager = await loginStaff(t, tenant, 'manager');
    const list = (
      await manager.get(`/api/v1/staff/accounts?q=${encodeURIComponent(account?.name ?? '')}`)
    ).json();
    expect(list.items[0]).toMatchObject({ id: s.account.id, closedAt: '2026-11-26T09:00:00.000Z' });
    expect(list.items[0].abilities['contract.editCustomerNumber']).toBeUndefined();
    // The search no longer knows the old name or the users' e-mail addresses (migration 0018).
    for (const gone of [s.account.name, s.owner.email, s.member.email]) {
      const found = (await manager.get(`/api/v1/staff/accounts?q=${encodeURIComponent(gone)}`)).json();
      expect(found.items, gone).toEqual([]);
    }
    const detail = (await manager.get(`/api/v1/staff/accounts/${s.account.id}/owner-section`)).json();
    expect(detail).toMatchObject({ closeRefusal: 'account_closed', owner: null, running: [] });
    expect(detail.retained[1]).toEqual({ what: 'contract_records', until: '2029-12-31' });

    const twice = await manager.post(`/api/v1/staff/accounts/${s.account.id}/close`, {
      confirmName: account?.name,
    });
    expect(twice.status).toBe(409);
    expect(twice.json().code).toBe('account_closed');
    const write = await manager.put(`/api/v1/staff/accounts/${s.account.id}/contract/customer-number`, {
      customerNumber: 'K-9',
      version: account?.version,
    });
    expect(write.status).toBe(409);
    expect(write.json().code).toBe('account_closed');
    const moduleData = await manager.patch(`/api/v1/staff/bookings/${s.booking.id}/module-data`, {
      values: { greeting_name: 'Hallo', forwarding_number: '+31 6 1234 5678' },
      version: booking?.version,
    });
    expect(moduleData.status).toBe(409);
    expect(moduleData.json().code).toBe('account_closed');
  });

  it('the database itself refuses writes to a closed account’s rows', async () => {
    const s = await setup();
    const manager = await loginStaff(t, tenant, 'manager');
    expect(
      (await manager.post(`/api/v1/staff/accounts/${s.account.id}/close`, { confirmName: s.account.name }))
        .status,
    ).toBe(200);
    const attempt = (q: Promise<unknown>) =>
      q.then(
        () => 'written',
        (e: { cause?: { code?: string }; code?: string }) => e.cause?.code ?? e.code,
      );
    await expect(
      attempt(
        t.db.tenant(tenant.id, (tx) =>
          tx.update(accounts).set({ name: 'Reopened' }).where(eq(accounts.id, s.account.id)),
        ),
      ),
    ).resolves.toBe('KC409');
    await expect(
      attempt(
        t.db.tenant(tenant.id, (tx) =>
          tx.update(bookings).set({ endDate: null }).where(eq(bookings.id, s.booking.id)),
        ),
      ),
    ).resolves.toBe('KC409');
    await expect(
      attempt(
        t.db.tenant(tenant.id, (tx) =>
          tx.insert(clientUsers).values({
            tenantId: tenant.id,
            accountId: s.account.id,
            email: 'sneaky@client.example',
            name: 'Sneaky',
            role: 'admin',
          }),
        ),
      ),
    ).resolves.toBe('KC409');
  });

  it('shows the documents’ retention from the latest issue date once documents exist', async () => {
    const s = await setup();
    // Two issued invoices of the account (rows as billing writes them; immutable once there).
    const doc = (n: number, issueDate: string) => sql`
      insert into documents (tenant_id, account_id, kind, series, number, sequence, scope, issue_date, currency,
                             net_minor, vat_minor, gross_minor, is_test, data, issued_by_type, created_at)
      values (${tenant.id}, ${s.account.id}, 'invoice', 'invoice', ${`RC-${s.account.id.slice(0, 8)}-${n}`}, ${n},
              ${`closing-test-${s.account.id}`}, ${issueDate}, 'EUR', 1000, 210, 1210, false, '{}'::jsonb, 'system', now())`;
    await t.db.system.execute(doc(1, '2025-03-31'));
    await t.db.system.execute(doc(2, '2026-06-30'));
    const view = (await s.ownerClient.get(SECTION)).json();
    expect(view.latestDocumentDate).toBe('2026-06-30');
    expect(view.retained.slice(0, 2)).toEqual([
      { what: 'documents', until: '2034-12-31' },
      { what: 'contract_records', until: '2034-12-31' },
    ]);
    const other = await setup();
    expect((await other.ownerClient.get(SECTION)).json().latestDocumentDate).toBeNull();
  });
});

describe('data export', () => {
  it('gives the owner all of the account’s data as JSON, without password hashes or tokens', async () => {
    const s = await setup({ endDate: '2026-10-31', optionEnd: '2026-10-31' });
    await s.ownerClient.post('/api/v1/client/account/invitations', {
      email: 'export@invited.example',
      role: 'member',
    });
    const res = await s.ownerClient.get('/api/v1/client/account/export');
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="account-.*\.json"/);
    const data = res.json();
    expect(data.account).toMatchObject({ id: s.account.id, name: s.account.name, contractPartner: partner });
    expect(data.users.map((u: { email: string }) => u.email).sort()).toEqual(
      [s.member.email, s.owner.email].sort(),
    );
    expect(data.bookings[0]).toMatchObject({
      id: s.booking.id,
      moduleData: { greeting_name: 'Goedemorgen, Bakkerij Jansen' },
    });
    expect(data.tariffPeriods).toHaveLength(1);
    expect(data.options).toHaveLength(1);
    expect(data.invitations[0]).toMatchObject({ email: 'export@invited.example' });
    expect(data.auditEntries.map((e: { action: string }) => e.action)).toContain('account.user_invited');
    expect(data).toHaveProperty('legalAcceptances');
    expect(res.body).not.toMatch(/password|tokenHash|token_hash|\$argon2/i);
  });

  it('is refused to everyone but the account owner', async () => {
    const s = await setup();
    const member = await loginClient(t, tenant, s.member);
    expect((await member.get('/api/v1/client/account/export')).status).toBe(403);
    await t.db.system.update(clientUsers).set({ role: 'admin' }).where(eq(clientUsers.id, s.member.id));
    expect((await member.get('/api/v1/client/account/export')).status).toBe(403);
    const manager = await loginStaff(t, tenant, 'owner');
    expect((await manager.get('/api/v1/client/account/export')).status).toBe(401);
  });
});
