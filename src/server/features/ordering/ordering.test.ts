import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../../test/support/app';
import { endBooking } from '../../../../test/support/billing-factories';
import { TestClient } from '../../../../test/support/client';
import { loginClient, loginStaff } from '../../../../test/support/clients';
import { buildAccount, buildTenant, type TestTenant } from '../../../../test/support/factories';
import {
  bookingsOf,
  buildBooking,
  buildLegal,
  buildModule,
  buildShop,
  buildTariff,
  generalTerms,
  partner,
  periodsOf,
  rules,
  verifyEmailOf,
} from '../../../../test/support/order-factories';
import { decodeBody, startSmtpServer } from '../../../../test/support/smtp';
import { accounts, auditLog, clientUsers, legalAcceptances } from '../../db/schema';

let t: TestContext;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await startTestApp({ smtpUrl: smtp.url });
});
afterAll(async () => {
  await smtp.close();
});

let keys = 0;
const key = () => `order-key-${Date.now()}-${keys++}`;

/** A shop with a client account whose owner is logged in and has a confirmed e-mail. */
async function setup(opts: { verified?: boolean; shopOf?: Shop } = {}) {
  const tenant = opts.shopOf?.tenant ?? (await buildTenant(t.db));
  const shop = opts.shopOf ?? (await buildShop(t.db, tenant));
  const { account, owner, member } = await buildAccount(t.db, tenant);
  if (opts.verified !== false) await verifyEmailOf(t.db, owner.id);
  const c = await loginClient(t, tenant, owner);
  return { tenant, ...shop, account, owner, member, c };
}

type Shop = Awaited<ReturnType<typeof buildShop>> & { tenant: TestTenant };

const firstOrder = (tariffId: string, termsId: string, over: Record<string, unknown> = {}) => ({
  tariffId,
  customerType: 'business',
  contractPartner: partner,
  termsId,
  acceptTerms: true,
  idempotencyKey: key(),
  ...over,
});

describe('orderable modules and the order page', () => {
  it('lists active modules with a public tariff only', async () => {
    const s = await setup();
    const noTariff = await buildModule(t.db, s.tenant);
    const onlySecret = await buildModule(t.db, s.tenant);
    await buildTariff(t.db, s.tenant, onlySecret, { isPublic: false });
    const retired = await buildModule(t.db, s.tenant, { status: 'retired' });
    await buildTariff(t.db, s.tenant, retired);
    const res = await s.c.get('/api/v1/client/modules');
    expect(res.status).toBe(200);
    expect(res.json().items).toEqual([
      { id: s.module.id, name: s.module.name, description: s.module.description, publicTariffCount: 1 },
    ]);
    expect(noTariff.id).toBeDefined();
  });

  it('shows public tariffs with price list and dates if ordered today; the offer number reveals its tariff', async () => {
    const s = await setup();
    const res = await s.c.get(`/api/v1/client/modules/${s.module.id}/order-page`);
    expect(res.status).toBe(200);
    const page = res.json();
    expect(page.tariffs.map((x: { id: string }) => x.id)).toEqual([s.publicTariff.id]);
    expect(page.tariffs[0]).toMatchObject({
      vatRate: '21',
      isPublic: true,
      items: [
        { key: 'base_fee', unitPrice: '29.90', billingMode: 'monthly_in_advance' },
        { key: 'setup_fee', unitPrice: '49.00', billingMode: 'one_time' },
      ],
      // Today is 2026-11-26 (Europe/Berlin); monthly: one month notice to the month end.
      ifOrderedToday: { start: '2026-11-26', earliestEnd: '2026-12-31', lastDayToCancel: '2026-11-30' },
    });
    expect(page).toMatchObject({
      isFirstOrder: true,
      emailVerified: true,
      currency: 'EUR',
      currentTerms: { id: s.terms.id, version: 1, kind: 'terms' },
      contractPartnerDefaults: { name: s.account.name, email: s.account.email },
    });
    expect(JSON.stringify(page)).not.toContain(s.secretTariff.offerNumber);

    const withOffer = await s.c.get(
      `/api/v1/client/modules/${s.module.id}/order-page?offerNumber=${s.secretTariff.offerNumber}`,
    );
    expect(withOffer.status).toBe(200);
    expect(withOffer.json().tariffs.map((x: { id: string }) => x.id)).toEqual([
      s.publicTariff.id,
      s.secretTariff.id,
    ]);
    const typed = await s.c.get(
      `/api/v1/client/modules/${s.module.id}/order-page?offerNumber=${encodeURIComponent(` ${s.secretTariff.offerNumber!.toLowerCase()} `)}`,
    );
    expect(typed.json().tariffs).toHaveLength(2);
  });

  it('an offer number of another module says the same as a wrong one', async () => {
    const s = await setup();
    const other = await buildModule(t.db, s.tenant);
    const otherSecret = await buildTariff(t.db, s.tenant, other, { isPublic: false });
    await buildTariff(t.db, s.tenant, other);
    const wrong = await s.c.get(`/api/v1/client/modules/${s.module.id}/order-page?offerNumber=NOPE-123`);
    const foreign = await s.c.get(
      `/api/v1/client/modules/${s.module.id}/order-page?offerNumber=${otherSecret.offerNumber}`,
    );
    expect(wrong.status).toBe(404);
    expect(foreign.status).toBe(404);
    const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });
    expect(strip(foreign.json())).toEqual(strip(wrong.json()));
    expect(wrong.json().code).toBe('offer_number_unknown');
  });

  it('a module without tariffs and a retired module cannot be ordered', async () => {
    const s = await setup();
    const empty = await buildModule(t.db, s.tenant);
    const retired = await buildModule(t.db, s.tenant, { status: 'retired' });
    const retiredTariff = await buildTariff(t.db, s.tenant, retired);
    for (const m of [empty, retired]) {
      const res = await s.c.get(`/api/v1/client/modules/${m.id}/order-page`);
      expect(res.status).toBe(404);
      expect(res.json().code).toBe('module_not_orderable');
    }
    const order = await s.c.post(
      `/api/v1/client/modules/${retired.id}/orders`,
      firstOrder(retiredTariff.id, s.terms.id),
    );
    expect(order.status).toBe(404);
    expect(order.json().code).toBe('module_not_orderable');
    const noTariff = await s.c.post(
      `/api/v1/client/modules/${empty.id}/orders`,
      firstOrder(s.publicTariff.id, s.terms.id),
    );
    expect(noTariff.status).toBe(400);
    expect(noTariff.json().code).toBe('tariff_not_orderable');
    expect(await bookingsOf(t.db, s.account.id)).toHaveLength(0);
  });

  it('a client of one tenant never sees another tenant’s modules, tariffs or offer numbers', async () => {
    const mine = await setup();
    const theirs = await setup();
    const list = (await mine.c.get('/api/v1/client/modules')).json();
    expect(list.items.map((m: { id: string }) => m.id)).toEqual([mine.module.id]);
    expect((await mine.c.get(`/api/v1/client/modules/${theirs.module.id}/order-page`)).status).toBe(404);
    const foreignOffer = await mine.c.get(
      `/api/v1/client/modules/${mine.module.id}/order-page?offerNumber=${theirs.secretTariff.offerNumber}`,
    );
    expect(foreignOffer.status).toBe(404);
    expect(foreignOffer.json().code).toBe('offer_number_unknown');
    const order = await mine.c.post(
      `/api/v1/client/modules/${mine.module.id}/orders`,
      firstOrder(theirs.publicTariff.id, mine.terms.id),
    );
    expect(order.status).toBe(400);
    const foreignModule = await mine.c.post(
      `/api/v1/client/modules/${theirs.module.id}/orders`,
      firstOrder(theirs.publicTariff.id, mine.terms.id),
    );
    expect(foreignModule.status).toBe(404);
  });
});

describe('client orders', () => {
  it('the first order needs the contract partner and the terms, and concludes the contract', async () => {
    const s = await setup();
    const url = `/api/v1/client/modules/${s.module.id}/orders`;
    const bare = await s.c.post(url, { tariffId: s.publicTariff.id, idempotencyKey: key() });
    expect(bare.status).toBe(400);
    expect(
      bare
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['acceptTerms', 'contractPartner', 'customerType', 'termsId']);
    const badPartner = await s.c.post(
      url,
      firstOrder(s.publicTariff.id, s.terms.id, { contractPartner: { ...partner, email: 'x' } }),
    );
    expect(badPartner.status).toBe(400);
    expect(badPartner.json().errors[0].field).toBe('contractPartner.email');

    const terms2 = await buildLegal(t.db, s.tenant, 'terms', 2);
    const stale = await s.c.post(url, firstOrder(s.publicTariff.id, s.terms.id));
    expect(stale.status).toBe(409);
    expect(stale.json().code).toBe('legal_version_outdated');
    expect(await bookingsOf(t.db, s.account.id)).toHaveLength(0);

    const res = await s.c.post(url, firstOrder(s.publicTariff.id, terms2.id));
    expect(res.status).toBe(201);
    const result = res.json();
    expect(result).toMatchObject({
      contractConcluded: true,
      booking: {
        moduleId: s.module.id,
        tariffId: s.publicTariff.id,
        startDate: '2026-11-26',
        endDate: null,
        state: 'active',
        moduleData: {},
        abilities: { 'booking.editModuleData': true },
      },
    });

    const [account] = await t.db.system.select().from(accounts).where(eq(accounts.id, s.account.id));
    expect(account).toMatchObject({
      customerType: 'business',
      contractPartner: partner,
      paymentTerms: generalTerms,
      paymentTermsSource: 'general',
      contractConcludedAt: t.clock.now(),
    });
    const acceptances = await t.db.system
      .select()
      .from(legalAcceptances)
      .where(and(eq(legalAcceptances.accountId, s.account.id), eq(legalAcceptances.kind, 'terms')));
    expect(acceptances).toHaveLength(1);
    expect(acceptances[0]).toMatchObject({
      documentId: terms2.id,
      version: 2,
      clientUserId: s.owner.id,
      ip: '127.0.0.1',
      acceptedAt: t.clock.now(),
    });
    const [booking] = await bookingsOf(t.db, s.account.id);
    const periods = await periodsOf(t.db, s.tenant.id, booking!.id);
    expect(periods).toMatchObject([{ tariffId: s.publicTariff.id, startDate: '2026-11-26', endDate: null }]);
    const actions = (
      await t.db.system.select().from(auditLog).where(eq(auditLog.accountId, s.account.id))
    ).map((a) => a.action);
    expect(actions.sort()).toEqual(['account.contract_concluded', 'booking.created']);
  });

  it('a second order changes none of the contract data; a contract partner sent again is refused', async () => {
    const s = await setup();
    const url = `/api/v1/client/modules/${s.module.id}/orders`;
    expect((await s.c.post(url, firstOrder(s.publicTariff.id, s.terms.id))).status).toBe(201);
    const [before] = await t.db.system.select().from(accounts).where(eq(accounts.id, s.account.id));
    await buildLegal(t.db, s.tenant, 'terms', 2);
    t.clock.advance(3_600_000);

    // A second module (the first is booked and cannot be ordered again while current).
    const otherModule = await buildModule(t.db, s.tenant);
    const otherTariff = await buildTariff(t.db, s.tenant, otherModule);
    const otherUrl = `/api/v1/client/modules/${otherModule.id}/orders`;
    const again = await s.c.post(
      otherUrl,
      firstOrder(otherTariff.id, s.terms.id, {
        customerType: undefined,
        contractPartner: { ...partner, name: 'Someone Else' },
      }),
    );
    expect(again.status).toBe(400);
    expect(again.json().errors).toEqual([
      expect.objectContaining({ field: 'contractPartner', code: 'already_set' }),
    ]);

    const second = await s.c.post(`/api/v1/client/modules/${otherModule.id}/orders`, {
      tariffId: otherTariff.id,
      idempotencyKey: key(),
    });
    expect(second.status).toBe(201);
    expect(second.json().contractConcluded).toBe(false);
    const [after] = await t.db.system.select().from(accounts).where(eq(accounts.id, s.account.id));
    expect(after).toEqual(before);
    const acceptances = await t.db.system
      .select()
      .from(legalAcceptances)
      .where(and(eq(legalAcceptances.accountId, s.account.id), eq(legalAcceptances.kind, 'terms')));
    expect(acceptances).toHaveLength(1);
    expect(await bookingsOf(t.db, s.account.id)).toHaveLength(2);
  });

  it('a double click (two parallel requests with one key) creates one booking', async () => {
    const s = await setup();
    const url = `/api/v1/client/modules/${s.module.id}/orders`;
    const body = firstOrder(s.publicTariff.id, s.terms.id);
    const [a, b] = await Promise.all([s.c.post(url, body), s.c.post(url, body)]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.json().booking.id).toBe(b.json().booking.id);
    expect(a.json().contractConcluded).toBe(true);
    expect(b.json().contractConcluded).toBe(true);
    expect(await bookingsOf(t.db, s.account.id)).toHaveLength(1);
    const replay = await s.c.post(url, body);
    expect(replay.status).toBe(200);
    expect(replay.json().booking.id).toBe(a.json().booking.id);
    expect(await bookingsOf(t.db, s.account.id)).toHaveLength(1);
  });

  it('a non-public tariff needs its offer number; a wrong or foreign one is unknown', async () => {
    const s = await setup();
    const url = `/api/v1/client/modules/${s.module.id}/orders`;
    const without = await s.c.post(url, firstOrder(s.secretTariff.id, s.terms.id));
    expect(without.status).toBe(400);
    expect(without.json().code).toBe('tariff_not_orderable');
    const wrong = await s.c.post(url, firstOrder(s.secretTariff.id, s.terms.id, { offerNumber: 'NOPE' }));
    expect(wrong.status).toBe(404);
    expect(wrong.json().code).toBe('offer_number_unknown');
    const other = await buildModule(t.db, s.tenant);
    const otherSecret = await buildTariff(t.db, s.tenant, other, { isPublic: false });
    const foreign = await s.c.post(
      url,
      firstOrder(otherSecret.id, s.terms.id, { offerNumber: otherSecret.offerNumber }),
    );
    expect(foreign.status).toBe(400);
    expect(foreign.json().code).toBe('tariff_not_orderable');
    expect(await bookingsOf(t.db, s.account.id)).toHaveLength(0);
    const ok = await s.c.post(
      url,
      firstOrder(s.secretTariff.id, s.terms.id, { offerNumber: s.secretTariff.offerNumber }),
    );
    expect(ok.status).toBe(201);
    expect(ok.json().booking.tariffId).toBe(s.secretTariff.id);
  });

  it('refuses an unconfirmed e-mail, a member, a business tariff for a consumer, and unready operators', async () => {
    const s = await setup({ verified: false });
    const url = `/api/v1/client/modules/${s.module.id}/orders`;
    const unverified = await s.c.post(url, firstOrder(s.publicTariff.id, s.terms.id));
    expect(unverified.status).toBe(403);
    expect(unverified.json().code).toBe('email_not_verified');
    expect((await s.c.get(`/api/v1/client/modules/${s.module.id}/order-page`)).json().emailVerified).toBe(
      false,
    );

    await verifyEmailOf(t.db, s.member.id);
    const m = await loginClient(t, s.tenant, s.member);
    expect((await m.get(`/api/v1/client/modules/${s.module.id}/order-page`)).status).toBe(200);
    const member = await m.post(url, firstOrder(s.publicTariff.id, s.terms.id));
    expect(member.status).toBe(403);
    expect(member.json().code).toBe('forbidden');

    const consumer = await setup({ shopOf: s });
    await t.db.system
      .update(accounts)
      .set({ customerType: 'consumer' })
      .where(eq(accounts.id, consumer.account.id));
    const business = await buildTariff(t.db, s.tenant, s.module, {
      businessOnly: true,
      terminationRule: rules.yearly,
    });
    const refused = await consumer.c.post(
      url,
      firstOrder(business.id, s.terms.id, { customerType: 'consumer' }),
    );
    expect(refused.status).toBe(400);
    expect(refused.json().code).toBe('tariff_business_only');

    // An operator without invoice settings cannot conclude contracts yet.
    const bare = await buildTenant(t.db);
    const mod = await buildModule(t.db, bare);
    const tariff = await buildTariff(t.db, bare, mod);
    const terms = await buildLegal(t.db, bare, 'terms');
    const { owner } = await buildAccount(t.db, bare);
    await verifyEmailOf(t.db, owner.id);
    const c = await loginClient(t, bare, owner);
    const notReady = await c.post(`/api/v1/client/modules/${mod.id}/orders`, firstOrder(tariff.id, terms.id));
    expect(notReady.status).toBe(409);
    expect(notReady.json()).toMatchObject({
      code: 'operator_not_ready',
      title: expect.stringMatching(/payment terms/),
    });

    expect(
      (await new TestClient(t.app, s.tenant.host).post(url, firstOrder(s.publicTariff.id, s.terms.id)))
        .status,
    ).toBe(401);
  });

  it('sends a confirmation with module, tariff, start, earliest end and last day to cancel', async () => {
    const s = await setup();
    // English, so the test reads plain ASCII from the quoted-printable body.
    await t.db.system.update(clientUsers).set({ locale: 'en' }).where(eq(clientUsers.id, s.owner.id));
    const before = smtp.messages.length;
    const res = await s.c.post(
      `/api/v1/client/modules/${s.module.id}/orders`,
      firstOrder(s.publicTariff.id, s.terms.id),
    );
    expect(res.status).toBe(201);
    await t.app.mail.flush();
    const mails = smtp.messages.slice(before).filter((m) => m.to.includes(s.owner.email));
    expect(mails).toHaveLength(1);
    const text = decodeBody(mails[0]!.raw);
    expect(text).toContain(`Module: ${s.module.name.en}`);
    expect(text).toContain(`Tariff: ${s.publicTariff.title.en}`);
    expect(text).toContain('Start: 26 November 2026');
    expect(text).toContain('Earliest end if cancelled today: 31 December 2026');
    expect(text).toContain('Last day to cancel for that end: 30 November 2026');
    expect(text).toContain(`https://${s.tenant.host}/bookings/${res.json().booking.id}`);
  });
});

describe('orders on behalf', () => {
  it('an employee may not use a non-public tariff without its offer number; a manager may', async () => {
    const s = await setup();
    const employee = await loginStaff(t, s.tenant, 'employee');
    const manager = await loginStaff(t, s.tenant, 'manager');
    const url = `/api/v1/staff/accounts/${s.account.id}/orders`;
    const body = {
      tariffId: s.secretTariff.id,
      customerType: 'business',
      contractPartner: partner,
      idempotencyKey: key(),
    };

    const refused = await employee.post(url, body);
    expect(refused.status).toBe(400);
    expect(refused.json().code).toBe('tariff_not_orderable');
    const withNumber = await employee.post(url, {
      ...body,
      offerNumber: s.secretTariff.offerNumber,
      idempotencyKey: key(),
    });
    expect(withNumber.status).toBe(201);

    const other = await setup({ shopOf: s });
    const allowed = await manager.post(`/api/v1/staff/accounts/${other.account.id}/orders`, {
      ...body,
      idempotencyKey: key(),
    });
    expect(allowed.status).toBe(201);
    expect(allowed.json().booking.tariffId).toBe(s.secretTariff.id);
  });

  it('the first order on behalf concludes the contract without a client acceptance, marked in the audit', async () => {
    const s = await setup({ verified: false });
    const employee = await loginStaff(t, s.tenant, 'employee');
    const url = `/api/v1/staff/accounts/${s.account.id}/orders`;
    const noPartner = await employee.post(url, { tariffId: s.publicTariff.id, idempotencyKey: key() });
    expect(noPartner.status).toBe(400);
    expect(
      noPartner
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['contractPartner', 'customerType']);

    const res = await employee.post(url, {
      tariffId: s.publicTariff.id,
      customerType: 'business',
      contractPartner: partner,
      idempotencyKey: key(),
    });
    expect(res.status).toBe(201);
    expect(res.json().contractConcluded).toBe(true);
    const [account] = await t.db.system.select().from(accounts).where(eq(accounts.id, s.account.id));
    expect(account).toMatchObject({ contractPartner: partner, paymentTermsSource: 'general' });
    const acceptances = await t.db.system
      .select()
      .from(legalAcceptances)
      .where(and(eq(legalAcceptances.accountId, s.account.id), eq(legalAcceptances.kind, 'terms')));
    expect(acceptances).toHaveLength(0);
    const audit = (await employee.get(`/api/v1/staff/accounts/${s.account.id}/audit`)).json();
    const concluded = audit.items.find((a: { action: string }) => a.action === 'account.contract_concluded');
    expect(concluded).toMatchObject({
      actorType: 'staff',
      after: { concludedOnBehalfByStaff: true, termsAccepted: null },
      reason: expect.stringMatching(/on behalf/),
    });
  });

  it('the staff order page shows an employee the public tariffs, a manager every tariff', async () => {
    const s = await setup();
    const employee = await loginStaff(t, s.tenant, 'employee');
    const manager = await loginStaff(t, s.tenant, 'manager');
    const url = `/api/v1/staff/accounts/${s.account.id}/modules/${s.module.id}/order-page`;
    const ids = (res: { json(): { tariffs: { id: string }[] } }) => res.json().tariffs.map((x) => x.id);
    expect(ids(await employee.get(url))).toEqual([s.publicTariff.id]);
    expect(ids(await employee.get(`${url}?offerNumber=${s.secretTariff.offerNumber}`))).toEqual([
      s.publicTariff.id,
      s.secretTariff.id,
    ]);
    expect((await employee.get(`${url}?offerNumber=NOPE`)).json().code).toBe('offer_number_unknown');
    // An offer number of another module reveals nothing here.
    const other = await buildModule(t.db, s.tenant);
    const otherSecret = await buildTariff(t.db, s.tenant, other, { isPublic: false });
    const foreignOffer = await employee.get(`${url}?offerNumber=${otherSecret.offerNumber}`);
    expect(foreignOffer.status).toBe(404);
    expect(foreignOffer.json().code).toBe('offer_number_unknown');

    const all = await manager.get(url);
    expect(ids(all)).toEqual([s.publicTariff.id, s.secretTariff.id]);
    // The account's name: the staff page names the client it orders for.
    expect(all.json()).toMatchObject({
      isFirstOrder: true,
      emailVerified: true,
      accountName: s.account.name,
    });
    // Every tariff comes with the dates if ordered today, like on the client's page.
    for (const tariff of all.json().tariffs)
      expect(tariff.ifOrderedToday).toMatchObject({
        start: '2026-11-26',
        earliestEnd: expect.any(String),
        lastDayToCancel: expect.any(String),
      });
    expect((await s.c.get(url)).status).toBe(401);
    const foreign = await loginStaff(t, await buildTenant(t.db), 'owner');
    expect((await foreign.get(url)).status).toBe(404);

    // After the first order the page no longer asks for the contract partner.
    const ordered = await employee.post(`/api/v1/staff/accounts/${s.account.id}/orders`, {
      tariffId: s.publicTariff.id,
      customerType: 'business',
      contractPartner: partner,
      idempotencyKey: key(),
    });
    expect(ordered.status).toBe(201);
    expect((await employee.get(url)).json().isFirstOrder).toBe(false);
  });

  it('staff of another tenant cannot order for the account', async () => {
    const s = await setup();
    const elsewhere = await buildTenant(t.db);
    const manager = await loginStaff(t, elsewhere, 'owner');
    const res = await manager.post(`/api/v1/staff/accounts/${s.account.id}/orders`, {
      tariffId: s.publicTariff.id,
      contractPartner: partner,
      idempotencyKey: key(),
    });
    expect(res.status).toBe(404);
  });
});

describe('one current booking per module and account (ADR 0007)', () => {
  it('a module with a current booking cannot be ordered again, also not on behalf; once ended it can', async () => {
    const s = await setup();
    const url = `/api/v1/client/modules/${s.module.id}/orders`;
    const first = await s.c.post(url, firstOrder(s.publicTariff.id, s.terms.id));
    expect(first.status).toBe(201);
    const bookingId = first.json().booking.id as string;

    const again = await s.c.post(url, { tariffId: s.publicTariff.id, idempotencyKey: key() });
    expect(again.status).toBe(409);
    expect(again.json()).toMatchObject({
      code: 'module_already_booked',
      current: { bookingId, endDate: null },
    });
    const employee = await loginStaff(t, s.tenant, 'manager');
    const onBehalf = await employee.post(`/api/v1/staff/accounts/${s.account.id}/orders`, {
      tariffId: s.secretTariff.id,
      idempotencyKey: key(),
    });
    expect(onBehalf.status).toBe(409);
    expect(onBehalf.json().code).toBe('module_already_booked');

    // The order page and the modules section show the module as ordered, with its booking.
    const page = (await s.c.get(`/api/v1/client/modules/${s.module.id}/order-page`)).json();
    expect(page.currentBooking).toEqual({ id: bookingId, startDate: '2026-11-26', endDate: null });
    const modules = (await s.c.get('/api/v1/client/bookings')).json();
    expect(modules.orderable).toEqual([
      expect.objectContaining({ id: s.module.id, currentBookingId: bookingId }),
    ]);

    // Cancelled to an end that lies ahead: still current.
    await endBooking(t.db, bookingId, '2026-12-31');
    const stillCurrent = await s.c.post(url, { tariffId: s.publicTariff.id, idempotencyKey: key() });
    expect(stillCurrent.status).toBe(409);
    expect(stillCurrent.json().current).toEqual({ bookingId, endDate: '2026-12-31' });

    // Ended today: current until tomorrow, when the module can be ordered again.
    await endBooking(t.db, bookingId, '2026-11-26');
    const endsToday = await s.c.post(url, { tariffId: s.publicTariff.id, idempotencyKey: key() });
    expect(endsToday.status).toBe(409);
    const was = t.clock.now().toISOString();
    t.clock.set('2026-11-27T09:00:00Z');
    try {
      const c = await loginClient(t, s.tenant, s.owner);
      const page = (await c.get(`/api/v1/client/modules/${s.module.id}/order-page`)).json();
      expect(page.currentBooking).toBeNull();
      const reordered = await c.post(url, { tariffId: s.publicTariff.id, idempotencyKey: key() });
      expect(reordered.status).toBe(201);
      expect(reordered.json().booking.startDate).toBe('2026-11-27');
      expect(await bookingsOf(t.db, s.account.id)).toHaveLength(2);
    } finally {
      t.clock.set(was);
    }
  });

  it('two orders of one module at the same moment (client and staff): one wins, the other gets 409', async () => {
    const s = await setup();
    const employee = await loginStaff(t, s.tenant, 'employee');
    const [a, b, c] = await Promise.all([
      s.c.post(`/api/v1/client/modules/${s.module.id}/orders`, firstOrder(s.publicTariff.id, s.terms.id)),
      s.c.post(`/api/v1/client/modules/${s.module.id}/orders`, firstOrder(s.publicTariff.id, s.terms.id)),
      employee.post(`/api/v1/staff/accounts/${s.account.id}/orders`, {
        tariffId: s.publicTariff.id,
        customerType: 'business',
        contractPartner: partner,
        idempotencyKey: key(),
      }),
    ]);
    const statuses = [a.status, b.status, c.status];
    expect(statuses.filter((x) => x === 201)).toHaveLength(1);
    // The losers are told why: the module is booked (or, for a staff order after the client's first
    // order concluded the contract, that the contract partner is already set).
    for (const r of [a, b, c].filter((r) => r.status !== 201)) {
      expect([400, 409]).toContain(r.status);
      expect(['module_already_booked', 'validation_failed']).toContain(r.json().code);
    }
    expect([a, b, c].some((r) => r.json().code === 'module_already_booked')).toBe(true);
    expect(await bookingsOf(t.db, s.account.id)).toHaveLength(1);
  });

  it('the database itself refuses overlapping bookings of one module and account', async () => {
    const s = await setup();
    await buildBooking(t.db, s.tenant, s.account, s.module, [
      { tariffId: s.publicTariff.id, startDate: '2026-01-01', endDate: '2026-06-30' },
    ]);
    // Another module, or after the end: allowed.
    const other = await buildModule(t.db, s.tenant);
    await buildBooking(t.db, s.tenant, s.account, other, [
      { tariffId: s.publicTariff.id, startDate: '2026-03-01' },
    ]);
    await buildBooking(t.db, s.tenant, s.account, s.module, [
      { tariffId: s.publicTariff.id, startDate: '2026-07-01' },
    ]);
    const overlap = buildBooking(t.db, s.tenant, s.account, s.module, [
      { tariffId: s.publicTariff.id, startDate: '2026-06-30', endDate: '2026-06-30' },
    ]);
    await expect(overlap).rejects.toSatisfy(
      (e: unknown) =>
        JSON.stringify(e, Object.getOwnPropertyNames(e as object)).includes(
          'bookings_one_current_per_module',
        ) || String((e as { cause?: unknown }).cause ?? e).includes('bookings_one_current_per_module'),
    );
  });
});

describe('tariff publishing (orderable when published and with items)', () => {
  it('an unpublished tariff and one without items are not offered and cannot be ordered', async () => {
    const s = await setup();
    const draft = await buildTariff(t.db, s.tenant, s.module, { publishedAt: null });
    const empty = await buildTariff(t.db, s.tenant, s.module, { items: [] });
    const page = (await s.c.get(`/api/v1/client/modules/${s.module.id}/order-page`)).json();
    expect(page.tariffs.map((x: { id: string }) => x.id)).toEqual([s.publicTariff.id]);
    const manager = await loginStaff(t, s.tenant, 'manager');
    const staffPage = await manager.get(
      `/api/v1/staff/accounts/${s.account.id}/modules/${s.module.id}/order-page`,
    );
    expect(staffPage.json().tariffs.map((x: { id: string }) => x.id)).toEqual([
      s.publicTariff.id,
      s.secretTariff.id,
    ]);
    const url = `/api/v1/client/modules/${s.module.id}/orders`;
    for (const tariff of [draft, empty]) {
      const res = await s.c.post(url, firstOrder(tariff.id, s.terms.id));
      expect(res.status).toBe(400);
      expect(res.json()).toMatchObject({ code: 'tariff_not_orderable', errors: [{ field: 'tariffId' }] });
    }
    // A module whose only public tariff is unpublished is not listed.
    const unlisted = await buildModule(t.db, s.tenant);
    await buildTariff(t.db, s.tenant, unlisted, { publishedAt: null });
    const listed = (await s.c.get('/api/v1/client/modules')).json().items.map((m: { id: string }) => m.id);
    expect(listed).toEqual([s.module.id]);
    expect((await s.c.get(`/api/v1/client/modules/${unlisted.id}/order-page`)).json().code).toBe(
      'module_not_orderable',
    );
  });
});

describe('business or private person (asked at the first order)', () => {
  it('a business names its company (VAT ID optional, checked); a private person has no VAT ID; both are stored', async () => {
    const s = await setup();
    const url = `/api/v1/client/modules/${s.module.id}/orders`;
    const noCompany = await s.c.post(
      url,
      firstOrder(s.publicTariff.id, s.terms.id, {
        contractPartner: { ...partner, company: null },
      }),
    );
    expect(noCompany.status).toBe(400);
    expect(noCompany.json().errors).toEqual([expect.objectContaining({ field: 'contractPartner.company' })]);
    const badVat = await s.c.post(url, firstOrder(s.publicTariff.id, s.terms.id, { vatId: 'NL12' }));
    expect(badVat.json().errors).toEqual([expect.objectContaining({ field: 'vatId' })]);
    const consumerVat = await s.c.post(
      url,
      firstOrder(s.publicTariff.id, s.terms.id, {
        customerType: 'consumer',
        vatId: 'NL123456789B01',
      }),
    );
    expect(consumerVat.json().errors).toEqual([
      expect.objectContaining({ field: 'vatId', code: 'not_allowed' }),
    ]);
    const ok = await s.c.post(url, firstOrder(s.publicTariff.id, s.terms.id, { vatId: 'nl 123456789 b01' }));
    expect(ok.status).toBe(201);
    const [account] = await t.db.system.select().from(accounts).where(eq(accounts.id, s.account.id));
    expect(account).toMatchObject({ customerType: 'business', vatId: 'NL123456789B01' });

    const consumer = await setup({ shopOf: s });
    const asConsumer = await consumer.c.post(
      url,
      firstOrder(s.publicTariff.id, s.terms.id, {
        customerType: 'consumer',
        contractPartner: { ...partner, company: null },
      }),
    );
    expect(asConsumer.status).toBe(201);
    const [stored] = await t.db.system.select().from(accounts).where(eq(accounts.id, consumer.account.id));
    expect(stored).toMatchObject({ customerType: 'consumer', vatId: null });
  });

  it('a consumer is not offered business-only tariffs and the server refuses them; later orders keep the answer', async () => {
    const s = await setup();
    const business = await buildTariff(t.db, s.tenant, s.module, {
      businessOnly: true,
      terminationRule: rules.yearly,
    });
    const before = (await s.c.get(`/api/v1/client/modules/${s.module.id}/order-page`)).json();
    // Before the first order the page offers every tariff (it asks the question, and hides them for a private person).
    expect(before).toMatchObject({ customerType: null });
    expect(before.tariffs.map((x: { id: string }) => x.id)).toContain(business.id);

    const other = await buildModule(t.db, s.tenant);
    const otherTariff = await buildTariff(t.db, s.tenant, other);
    const first = await s.c.post(
      `/api/v1/client/modules/${other.id}/orders`,
      firstOrder(otherTariff.id, s.terms.id, {
        customerType: 'consumer',
      }),
    );
    expect(first.status).toBe(201);
    const after = (await s.c.get(`/api/v1/client/modules/${s.module.id}/order-page`)).json();
    expect(after.customerType).toBe('consumer');
    expect(after.tariffs.map((x: { id: string }) => x.id)).toEqual([s.publicTariff.id]);
    const url = `/api/v1/client/modules/${s.module.id}/orders`;
    const refused = await s.c.post(url, { tariffId: business.id, idempotencyKey: key() });
    expect(refused.status).toBe(400);
    expect(refused.json().code).toBe('tariff_business_only');
    const manager = await loginStaff(t, s.tenant, 'manager');
    const onBehalf = await manager.post(`/api/v1/staff/accounts/${s.account.id}/orders`, {
      tariffId: business.id,
      idempotencyKey: key(),
    });
    expect(onBehalf.json().code).toBe('tariff_business_only');
    const changed = await s.c.post(url, {
      tariffId: s.publicTariff.id,
      customerType: 'business',
      idempotencyKey: key(),
    });
    expect(changed.json().errors).toEqual([
      expect.objectContaining({ field: 'customerType', code: 'already_set' }),
    ]);
  });
});
