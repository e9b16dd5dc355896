import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../../test/support/app';
import type { TestClient } from '../../../../test/support/client';
import { loginClient, loginStaff } from '../../../../test/support/clients';
import { buildAccount, buildTenant, type TestTenant } from '../../../../test/support/factories';
import {
  buildBooking,
  buildLegal,
  buildModule,
  buildShop,
  generalTerms,
  partner,
  verifyEmailOf,
} from '../../../../test/support/order-factories';
import type { StaffLevel } from '../../../shared/permissions';
import { accounts, auditLog, legalAcceptances } from '../../db/schema';

// biome-ignore lint/suspicious/noExplicitAny: tests inspect response bodies freely
type Json = any;

let t: TestContext;
let tenant: TestTenant;
let shop: Awaited<ReturnType<typeof buildShop>>;
let keys = 0;

beforeAll(async () => {
  t = await startTestApp();
  tenant = await buildTenant(t.db);
  shop = await buildShop(t.db, tenant);
});

const staffUrl = (id: string, section = '') =>
  `/api/v1/staff/accounts/${id}/contract${section ? `/${section}` : ''}`;
const clientUrl = (section = '') => `/api/v1/client/account/contract${section ? `/${section}` : ''}`;

/** An account whose owner placed the first order: the contract is concluded, partner and terms recorded. */
async function concludedAccount(where: { tenant: TestTenant; shop: typeof shop } = { tenant, shop }) {
  const built = await buildAccount(t.db, where.tenant);
  await verifyEmailOf(t.db, built.owner.id);
  const owner = await loginClient(t, where.tenant, built.owner);
  const order = await owner.post(`/api/v1/client/modules/${where.shop.module.id}/orders`, {
    tariffId: where.shop.publicTariff.id,
    customerType: 'business',
    contractPartner: partner,
    termsId: where.shop.terms.id,
    acceptTerms: true,
    idempotencyKey: `contract-test-${keys++}`,
  });
  expect(order.status, order.body).toBe(201);
  return { ...built, ownerClient: owner };
}

const staffLogins = new Map<StaffLevel, TestClient>();
async function staff(level: StaffLevel) {
  let c = staffLogins.get(level);
  if (!c) {
    c = await loginStaff(t, tenant, level);
    staffLogins.set(level, c);
  }
  return c;
}

async function versionOf(id: string) {
  const [row] = await t.db.system.select({ v: accounts.version }).from(accounts).where(eq(accounts.id, id));
  return row!.v;
}

const address = {
  company: 'Bakkerij Boekhouding',
  name: 'Afdeling Crediteuren',
  street: 'Postbus 12',
  postalCode: '3500 AA',
  city: 'Utrecht',
  country: 'NL',
};

describe('the Contract data tab in one request', () => {
  it('shows every section with its abilities and, where refused, the reason from the matrix', async () => {
    const { account, owner, member, ownerClient } = await concludedAccount();
    const memberClient = await loginClient(t, tenant, member);
    const res = await memberClient.get(clientUrl());
    expect(res.status).toBe(200);
    const page = res.json();
    expect(page.account).toMatchObject({ id: account.id, isTestAccount: false, closedAt: null });
    expect(page.owner).toMatchObject({ id: owner.id, name: owner.name });
    expect(page.partner.value).toEqual(partner);
    expect(page.partner.givenBy).toEqual({ type: 'client', name: owner.name });
    expect(page.partner.givenAt).toBe('2026-11-26T09:00:00.000Z');
    expect(page.partner.ability).toEqual({
      canEdit: false,
      refusal: { code: 'staff_only', level: 'manager' },
      reasonRequired: false,
    });
    expect(page.billingAddress.ability.refusal).toEqual({ code: 'client_role', role: 'admin' });
    expect(page.paymentTerms).toMatchObject({ source: 'general', terms: generalTerms });
    expect(page.contractDuration).toMatchObject({
      derivedStart: '2026-11-26',
      override: null,
      start: '2026-11-26',
    });
    expect(page.legal.terms).toMatchObject({
      documentId: shop.terms.id,
      version: 1,
      acceptedBy: owner.name,
      acceptedAt: '2026-11-26T09:00:00.000Z',
    });
    expect(page.vat).toMatchObject({ treatment: 'standard', legend: null, issuerVatId: 'NL123456789B01' });
    expect(page.abilities['account.viewAudit']).toBe(false);

    const admin = (await ownerClient.get(clientUrl())).json();
    expect(admin.billingAddress.ability).toEqual({ canEdit: true, refusal: null, reasonRequired: false });
    expect(admin.testAccount.ability.refusal).toEqual({ code: 'staff_only', level: 'manager' });

    const employee = (await (await staff('employee')).get(staffUrl(account.id))).json();
    expect(employee.partner.ability).toEqual({
      canEdit: false,
      refusal: { code: 'staff_level', level: 'manager' },
      reasonRequired: true,
    });
    expect(employee.customerNumber.ability.canEdit).toBe(true);
    expect(employee.abilities['account.viewAudit']).toBe(true);
    const manager = (await (await staff('manager')).get(staffUrl(account.id))).json();
    for (const s of ['partner', 'paymentTerms', 'contractDuration', 'vat', 'testAccount'] as const)
      expect(manager[s].ability.canEdit).toBe(true);
  });

  it('uses the same number of SQL statements for an empty and a large account', async () => {
    // An operator of its own: this test publishes new versions of the terms.
    const own = await buildTenant(t.db);
    const ownShop = await buildShop(t.db, own);
    const c = await loginStaff(t, own, 'employee');
    const small = await buildAccount(t.db, own);
    const { account: large, owner } = await concludedAccount({ tenant: own, shop: ownShop });
    // One current booking per module and account (ADR 0007): each booking of its own module.
    for (let i = 0; i < 40; i++)
      await buildBooking(t.db, own, large, await buildModule(t.db, own), [
        {
          tariffId: ownShop.publicTariff.id,
          startDate: `2025-0${(i % 9) + 1}-1${i % 10}`,
          endDate: i % 2 ? '2026-01-31' : null,
        },
      ]);
    for (let v = 2; v <= 6; v++) {
      const doc = await buildLegal(t.db, own, 'terms', v);
      await t.db.system.insert(legalAcceptances).values({
        tenantId: own.id,
        accountId: large.id,
        clientUserId: owner.id,
        documentId: doc.id,
        kind: 'terms',
        version: v,
        acceptedAt: new Date(`2026-11-26T1${v}:00:00Z`),
        ip: '127.0.0.1',
      });
    }
    const manager = await loginStaff(t, own, 'manager');
    for (let i = 0; i < 5; i++) {
      const res = await manager.put(staffUrl(large.id, 'partner'), {
        contractPartner: { ...partner, name: `Partner ${i}` },
        reason: `correction ${i}`,
        version: await versionOf(large.id),
      });
      expect(res.status).toBe(200);
    }

    const count = async (id: string) => {
      const statements: string[] = [];
      const stop = t.db.onQuery((q) => statements.push(q));
      const res = await c.get(staffUrl(id));
      stop();
      expect(res.status).toBe(200);
      return { res: res.json(), statements };
    };
    const a = await count(small.account.id);
    const b = await count(large.id);
    expect(b.res.legal.terms.version).toBe(6);
    expect(b.res.partner.value.name).toBe('Partner 4');
    expect(b.res.contractDuration.derivedStart).toBe('2025-01-10');
    expect(b.statements.length).toBe(a.statements.length);
    // Without transaction control and tenant entry (the drivers log those differently): the
    // session with its user (one join, ADR 0016), then the page in one statement (ADR 0017).
    const work = a.statements.filter(
      (q) => !/^(begin|commit|rollback|select set_config|set local role)/i.test(q),
    );
    expect(work).toHaveLength(2);
  });

  it('answers 404 for another tenant’s account, and a client only ever sees their own', async () => {
    const other = await buildTenant(t.db);
    const { account: foreign } = await buildAccount(t.db, other);
    const { account: neighbour } = await buildAccount(t.db, tenant);
    const manager = await staff('manager');
    expect((await manager.get(staffUrl(foreign.id))).status).toBe(404);
    const put = await manager.put(staffUrl(foreign.id, 'test-account'), { isTestAccount: true, version: 1 });
    expect(put.status).toBe(404);
    const { ownerClient } = await concludedAccount();
    // A client has no way to name another account: the client routes take no id, the staff routes need staff.
    expect((await ownerClient.get(staffUrl(neighbour.id))).status).toBe(401);
    expect((await ownerClient.get(clientUrl())).json().account.id).not.toBe(neighbour.id);
  });
});

type Case = {
  section: string;
  body: (version: number) => Record<string, unknown>;
  allowed: 'admin' | StaffLevel;
  refused: 'member' | 'admin' | StaffLevel;
  check: (page: Json) => unknown;
};

const cases: Case[] = [
  {
    section: 'partner',
    body: (version) => ({ contractPartner: { ...partner, city: 'Amersfoort' }, reason: 'moved', version }),
    allowed: 'manager',
    refused: 'employee',
    check: (p: Json) => expect(p.partner.value.city).toBe('Amersfoort'),
  },
  {
    section: 'billing-address',
    body: (version) => ({ billingAddress: address, version }),
    allowed: 'admin',
    refused: 'member',
    check: (p: Json) => expect(p.billingAddress.value).toEqual(address),
  },
  {
    section: 'billing-address',
    body: (version) => ({ billingAddress: address, version }),
    allowed: 'employee',
    refused: 'member',
    check: (p: Json) => expect(p.billingAddress.value).toEqual(address),
  },
  {
    section: 'payment-terms',
    body: (version) => ({
      source: 'custom',
      terms: { dueDays: 30, discountPercent: '2', discountDays: 10, text: { nl: 'Binnen 30 dagen.' } },
      reason: 'large client',
      version,
    }),
    allowed: 'manager',
    refused: 'employee',
    check: (p: Json) => expect(p.paymentTerms).toMatchObject({ source: 'custom', terms: { dueDays: 30 } }),
  },
  {
    section: 'contract-start',
    body: (version) => ({ override: '2019-03-01', reason: 'paper contract since 2019', version }),
    allowed: 'manager',
    refused: 'employee',
    check: (p: Json) =>
      expect(p.contractDuration).toMatchObject({
        override: '2019-03-01',
        start: '2019-03-01',
        derivedStart: '2026-11-26',
      }),
  },
  {
    section: 'customer-number',
    body: (version) => ({ customerNumber: `K-${Math.random().toString(36).slice(2, 8)}`, version }),
    allowed: 'employee',
    refused: 'admin',
    check: (p: Json) => expect(p.customerNumber.value).toMatch(/^K-/),
  },
  {
    section: 'vat',
    body: (version) => ({ treatment: 'reverse_charge', vatId: 'de 123 456 789', version }),
    allowed: 'manager',
    refused: 'employee',
    check: (p: Json) =>
      expect(p.vat).toMatchObject({
        treatment: 'reverse_charge',
        vatId: 'DE123456789',
        legend: 'BTW verlegd',
        check: { vatId: 'DE123456789', result: 'not_checked', detail: 'not_configured' },
      }),
  },
  {
    section: 'invoice-receipt',
    body: (version) => ({
      recipients: ['boekhouding@client.example', 'ceo@client.example'],
      delivery: 'link',
      version,
    }),
    allowed: 'admin',
    refused: 'member',
    check: (p: Json) =>
      expect(p.invoiceReceipt).toMatchObject({
        recipients: ['boekhouding@client.example', 'ceo@client.example'],
        delivery: 'link',
      }),
  },
  {
    section: 'invoice-receipt',
    body: (version) => ({ recipients: ['boekhouding@client.example'], delivery: 'attachment', version }),
    allowed: 'employee',
    refused: 'member',
    check: (p: Json) => expect(p.invoiceReceipt.recipients).toEqual(['boekhouding@client.example']),
  },
  {
    section: 'purchase-order',
    body: (version) => ({ purchaseOrderNumber: 'PO-2026-118', version }),
    allowed: 'admin',
    refused: 'member',
    check: (p: Json) => expect(p.purchaseOrder.value).toBe('PO-2026-118'),
  },
  {
    section: 'purchase-order',
    body: (version) => ({ purchaseOrderNumber: 'PO-77', version }),
    allowed: 'employee',
    refused: 'member',
    check: (p: Json) => expect(p.purchaseOrder.value).toBe('PO-77'),
  },
  {
    section: 'test-account',
    body: (version) => ({ isTestAccount: true, version }),
    allowed: 'manager',
    refused: 'employee',
    check: (p: Json) => expect(p.account.isTestAccount && p.testAccount.value).toBe(true),
  },
];

describe('each section: an allowed level changes it, a refused level is refused by the server', () => {
  for (const c of cases) {
    it(`${c.section}: ${c.allowed} may, ${c.refused} may not`, async () => {
      const acc = await concludedAccount();
      const asClient = async (role: 'admin' | 'member') =>
        role === 'admin' ? acc.ownerClient : loginClient(t, tenant, acc.member);
      const send = async (who: 'admin' | 'member' | StaffLevel) => {
        const version = await versionOf(acc.account.id);
        if (who === 'admin' || who === 'member') {
          const client = await asClient(who);
          // A client's own routes exist only for the sections clients may change.
          const own = await client.put(clientUrl(c.section), c.body(version));
          const staffRoute = await client.put(staffUrl(acc.account.id, c.section), c.body(version));
          expect(staffRoute.status).toBe(401);
          return own;
        }
        return (await staff(who)).put(staffUrl(acc.account.id, c.section), c.body(version));
      };
      const before = await versionOf(acc.account.id);
      const refused = await send(c.refused);
      expect([403, 404]).toContain(refused.status);
      if (refused.status === 404) expect(refused.json().code).toBe('route_not_found');
      else expect(refused.json().code).toBe('forbidden');
      expect(await versionOf(acc.account.id)).toBe(before);

      const ok = await send(c.allowed);
      expect(ok.status).toBe(200);
      c.check(ok.json());
      expect(ok.json().account.version).toBe(before + 1);
    });
  }
});

describe('changes are audited and refused when wrong', () => {
  it('records before, after, actor and the reason of a manager override', async () => {
    const { account } = await concludedAccount();
    const manager = await staff('manager');
    const res = await manager.put(staffUrl(account.id, 'contract-start'), {
      override: '2020-01-01',
      reason: 'migrated from the paper contract',
      version: await versionOf(account.id),
    });
    expect(res.status).toBe(200);
    const history = (await manager.get(`/api/v1/staff/accounts/${account.id}/audit`)).json();
    expect(history.items[0]).toMatchObject({
      action: 'contract.start_changed',
      actorType: 'staff',
      before: { contractStartOverride: null },
      after: { contractStartOverride: '2020-01-01' },
      reason: 'migrated from the paper contract',
    });
    expect(history.items[0].actorName).toMatch(/^manager/);
    // The override can be removed again; the derived start applies.
    const removed = await manager.put(staffUrl(account.id, 'contract-start'), {
      override: null,
      reason: 'booking data is complete now',
      version: res.json().account.version,
    });
    expect(removed.json().contractDuration).toMatchObject({ override: null, start: '2026-11-26' });
  });

  it('a manager override without a reason is refused with 400', async () => {
    const { account } = await concludedAccount();
    const manager = await staff('manager');
    const version = await versionOf(account.id);
    for (const [section, body] of [
      ['contract-start', { override: '2020-01-01', version }],
      ['partner', { contractPartner: partner, reason: '   ', version }],
      ['payment-terms', { source: 'general', version }],
    ] as const) {
      const res = await manager.put(staffUrl(account.id, section), body);
      expect(res.status).toBe(400);
      expect(res.json().errors).toEqual([expect.objectContaining({ field: 'reason', code: 'required' })]);
    }
    expect(await versionOf(account.id)).toBe(version);
  });

  it('refuses a future contract start', async () => {
    const { account } = await concludedAccount();
    const res = await (await staff('manager')).put(staffUrl(account.id, 'contract-start'), {
      override: '2026-11-27',
      reason: 'x',
      version: await versionOf(account.id),
    });
    expect(res.status).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ field: 'override', code: 'future' });
  });

  it('returns to the general payment terms', async () => {
    const { account } = await concludedAccount();
    const manager = await staff('manager');
    const custom = await manager.put(staffUrl(account.id, 'payment-terms'), {
      source: 'custom',
      terms: { dueDays: 7, discountPercent: null, discountDays: null, text: { en: 'Within 7 days.' } },
      reason: 'risk',
      version: await versionOf(account.id),
    });
    expect(custom.json().paymentTerms.source).toBe('custom');
    const general = await manager.put(staffUrl(account.id, 'payment-terms'), {
      source: 'general',
      reason: 'risk resolved',
      version: custom.json().account.version,
    });
    expect(general.json().paymentTerms).toMatchObject({ source: 'general', terms: generalTerms });
  });

  it('reverse charge needs a VAT ID in the format of its country', async () => {
    const { account } = await concludedAccount();
    const manager = await staff('manager');
    const version = await versionOf(account.id);
    const none = await manager.put(staffUrl(account.id, 'vat'), {
      treatment: 'reverse_charge',
      vatId: null,
      version,
    });
    expect(none.status).toBe(400);
    expect(none.json().errors[0]).toMatchObject({ field: 'vatId', code: 'required' });
    const wrong = await manager.put(staffUrl(account.id, 'vat'), {
      treatment: 'reverse_charge',
      vatId: 'DE12345',
      version,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.json().errors[0]).toMatchObject({ field: 'vatId', code: 'invalid_format' });
    const greek = await manager.put(staffUrl(account.id, 'vat'), {
      treatment: 'reverse_charge',
      vatId: 'GR123456789',
      version,
    });
    expect(greek.json().errors[0].code).toBe('use_el_for_greece');
    expect(await versionOf(account.id)).toBe(version);
    const notTaxable = await manager.put(staffUrl(account.id, 'vat'), {
      treatment: 'not_taxable',
      vatId: null,
      version,
    });
    expect(notTaxable.json().vat).toMatchObject({
      treatment: 'not_taxable',
      legend: 'Niet belastbaar',
      check: null,
    });
  });

  it('invoice recipients: one to ten valid, distinct addresses', async () => {
    const { account, ownerClient } = await concludedAccount();
    const version = await versionOf(account.id);
    const eleven = Array.from({ length: 11 }, (_, i) => `r${i}@client.example`);
    const tooMany = await ownerClient.put(clientUrl('invoice-receipt'), {
      recipients: eleven,
      delivery: 'link',
      version,
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.json().errors[0].field).toBe('recipients');
    const ten = await ownerClient.put(clientUrl('invoice-receipt'), {
      recipients: eleven.slice(0, 10),
      delivery: 'link',
      version,
    });
    expect(ten.status).toBe(200);
    const v = ten.json().account.version;
    const dup = await ownerClient.put(clientUrl('invoice-receipt'), {
      recipients: ['a@client.example', 'A@Client.example'],
      delivery: 'link',
      version: v,
    });
    expect(dup.status).toBe(400);
    expect(dup.json().errors[0].field).toBe('recipients.1');
    const invalid = await ownerClient.put(clientUrl('invoice-receipt'), {
      recipients: ['not-an-address'],
      delivery: 'link',
      version: v,
    });
    expect(invalid.status).toBe(400);
    expect(invalid.json().errors[0].field).toBe('recipients.0');
    const empty = await ownerClient.put(clientUrl('invoice-receipt'), {
      recipients: [],
      delivery: 'link',
      version: v,
    });
    expect(empty.status).toBe(400);
    const badMode = await ownerClient.put(clientUrl('invoice-receipt'), {
      recipients: ['a@client.example'],
      delivery: 'fax',
      version: v,
    });
    expect(badMode.status).toBe(400);
    expect(await versionOf(account.id)).toBe(v);
  });

  it('a stale version gets 409 with the current page, and nothing is overwritten', async () => {
    const { account, ownerClient } = await concludedAccount();
    const version = await versionOf(account.id);
    const employee = await staff('employee');
    const first = await employee.put(staffUrl(account.id, 'purchase-order'), {
      purchaseOrderNumber: 'PO-1',
      version,
    });
    expect(first.status).toBe(200);
    const stale = await ownerClient.put(clientUrl('purchase-order'), {
      purchaseOrderNumber: 'PO-2',
      version,
    });
    expect(stale.status).toBe(409);
    expect(stale.json()).toMatchObject({
      code: 'stale_version',
      current: { purchaseOrder: { value: 'PO-1' }, account: { version: version + 1 } },
    });
    // The current page is presented for the client, with the client's abilities.
    expect(stale.json().current.abilities['account.viewAudit']).toBe(false);
    expect((await ownerClient.get(clientUrl())).json().purchaseOrder.value).toBe('PO-1');
  });

  it('two concurrent edits of one section: one wins, the other gets 409, nothing is lost', async () => {
    const { account } = await concludedAccount();
    const version = await versionOf(account.id);
    const a = await staff('employee');
    const b = await loginStaff(t, tenant, 'manager');
    const results = await Promise.all([
      a.put(staffUrl(account.id, 'billing-address'), {
        billingAddress: { ...address, city: 'Zeist' },
        version,
      }),
      b.put(staffUrl(account.id, 'billing-address'), {
        billingAddress: { ...address, city: 'Houten' },
        version,
      }),
    ]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409]);
    const winner = results.find((r) => r.status === 200)!.json();
    const loser = results.find((r) => r.status === 409)!.json();
    expect(loser.current.billingAddress.value.city).toBe(winner.billingAddress.value.city);
    const audits = await t.db.system.select().from(auditLog).where(eq(auditLog.accountId, account.id));
    expect(audits.filter((e) => e.action === 'contract.billing_address_changed')).toHaveLength(1);
  });

  it('a closed account is read-only for everyone', async () => {
    const { account } = await concludedAccount();
    await t.db.system
      .update(accounts)
      .set({ closedAt: new Date('2026-11-20T00:00:00Z') })
      .where(eq(accounts.id, account.id));
    const manager = await staff('manager');
    const page = (await manager.get(staffUrl(account.id))).json();
    expect(page.account.closedAt).toBe('2026-11-20T00:00:00.000Z');
    expect(page.testAccount.ability).toMatchObject({ canEdit: false, refusal: { code: 'account_closed' } });
    const res = await manager.put(staffUrl(account.id, 'test-account'), {
      isTestAccount: true,
      version: await versionOf(account.id),
    });
    expect(res.status).toBe(409);
    expect(res.json().code).toBe('account_closed');
  });

  it('the customer number stays unique within the operator', async () => {
    const { account: a } = await buildAccount(t.db, tenant, { customerNumber: 'K-UNIQUE-1' });
    const { account: b } = await buildAccount(t.db, tenant);
    const res = await (await staff('employee')).put(staffUrl(b.id, 'customer-number'), {
      customerNumber: 'K-UNIQUE-1',
      version: 1,
    });
    expect(res.status).toBe(409);
    expect(res.json()).toMatchObject({
      code: 'customer_number_taken',
      errors: [{ field: 'customerNumber' }],
    });
    expect(a.customerNumber).toBe('K-UNIQUE-1');
  });
});

describe('the test account flag in the account list', () => {
  it('filters the list by test accounts', async () => {
    const own = await buildTenant(t.db);
    await buildAccount(t.db, own, { name: 'Echte klant' });
    await buildAccount(t.db, own, { name: 'Proefaccount', isTestAccount: true });
    const c = await loginStaff(t, own, 'employee');
    const names = async (q: string) =>
      (await c.get(`/api/v1/staff/accounts${q}`)).json().items.map((i: { name: string }) => i.name);
    expect(await names('')).toEqual(['Echte klant', 'Proefaccount']);
    expect(await names('?test=only')).toEqual(['Proefaccount']);
    expect(await names('?test=none')).toEqual(['Echte klant']);
    expect((await c.get('/api/v1/staff/accounts?test=maybe')).status).toBe(400);
  });
});

describe('VIES check of the VAT ID', () => {
  let vies: Server;
  let viesApp: TestContext;
  const seen: unknown[] = [];
  /** Answers like the VIES REST API: DE111111111 valid, DE222222222 invalid, DE333333333 member state unavailable, DE444444444 a server error. */
  beforeAll(async () => {
    vies = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        const input = JSON.parse(body || '{}') as { countryCode: string; vatNumber: string };
        seen.push({ path: req.url, method: req.method, ...input });
        const reply = (status: number, json: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(json));
        };
        const base = {
          countryCode: input.countryCode,
          vatNumber: input.vatNumber,
          requestDate: '2026-11-26T09:00:00.000Z',
        };
        if (input.vatNumber === '111111111')
          return reply(200, {
            ...base,
            valid: true,
            name: 'BAKKEREI MÜLLER GMBH',
            address: 'HAUPTSTR. 1\n10115 BERLIN',
          });
        if (input.vatNumber === '222222222')
          return reply(200, { ...base, valid: false, name: '---', address: '---' });
        if (input.vatNumber === '333333333')
          return reply(200, {
            actionSucceed: false,
            errorWrappers: [{ error: 'MS_UNAVAILABLE', message: 'unavailable' }],
          });
        return reply(500, { actionSucceed: false, errorWrappers: [{ error: 'SERVICE_UNAVAILABLE' }] });
      });
    });
    await new Promise<void>((resolve) => vies.listen(0, '127.0.0.1', resolve));
    const { port } = vies.address() as AddressInfo;
    viesApp = await startTestApp({ viesUrl: `http://127.0.0.1:${port}/taxation_customs/vies/rest-api` });
  });
  afterAll(async () => {
    await new Promise((resolve) => vies.close(resolve));
  });

  async function viesSetup() {
    const ten = await buildTenant(viesApp.db);
    const { account } = await buildAccount(viesApp.db, ten);
    const c = await loginStaff(viesApp, ten, 'manager');
    return { account, c };
  }

  it('stores a valid result with name, address and time as evidence', async () => {
    const { account, c } = await viesSetup();
    const res = await c.put(staffUrl(account.id, 'vat'), {
      treatment: 'reverse_charge',
      vatId: 'DE111111111',
      version: 1,
    });
    expect(res.status).toBe(200);
    expect(res.json().vat).toMatchObject({
      viesEnabled: true,
      check: {
        vatId: 'DE111111111',
        result: 'valid',
        checkedAt: '2026-11-26T09:00:00.000Z',
        name: 'BAKKEREI MÜLLER GMBH',
        detail: null,
      },
    });
    expect(seen.at(-1)).toEqual({
      path: '/taxation_customs/vies/rest-api/check-vat-number',
      method: 'POST',
      countryCode: 'DE',
      vatNumber: '111111111',
    });
    const [row] = await viesApp.db.system.select().from(accounts).where(eq(accounts.id, account.id));
    expect(row!.vatIdCheck).toMatchObject({ result: 'valid', vatId: 'DE111111111' });
  });

  it('refuses reverse charge for an ID VIES reports invalid, but keeps it with standard VAT', async () => {
    const { account, c } = await viesSetup();
    const rc = await c.put(staffUrl(account.id, 'vat'), {
      treatment: 'reverse_charge',
      vatId: 'DE222222222',
      version: 1,
    });
    expect(rc.status).toBe(400);
    expect(rc.json().errors[0]).toMatchObject({ field: 'vatId', code: 'vies_invalid' });
    const std = await c.put(staffUrl(account.id, 'vat'), {
      treatment: 'standard',
      vatId: 'DE222222222',
      version: 1,
    });
    expect(std.status).toBe(200);
    expect(std.json().vat.check).toMatchObject({ result: 'invalid', name: null, address: null });
  });

  it('saves with "not checked" when VIES is unavailable, never refuses', async () => {
    const { account, c } = await viesSetup();
    const ms = await c.put(staffUrl(account.id, 'vat'), {
      treatment: 'reverse_charge',
      vatId: 'DE333333333',
      version: 1,
    });
    expect(ms.status).toBe(200);
    expect(ms.json().vat).toMatchObject({
      treatment: 'reverse_charge',
      check: { result: 'not_checked', detail: 'MS_UNAVAILABLE' },
    });
    const down = await c.put(staffUrl(account.id, 'vat'), {
      treatment: 'reverse_charge',
      vatId: 'DE444444444',
      version: 2,
    });
    expect(down.status).toBe(200);
    expect(down.json().vat.check).toMatchObject({ result: 'not_checked', detail: 'SERVICE_UNAVAILABLE' });
  });

  it('saves with "not checked" when VIES cannot be reached at all', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const app = await startTestApp({ viesUrl: `http://127.0.0.1:${port}` });
    const ten = await buildTenant(app.db);
    const { account } = await buildAccount(app.db, ten);
    const c = await loginStaff(app, ten, 'manager');
    const res = await c.put(staffUrl(account.id, 'vat'), {
      treatment: 'reverse_charge',
      vatId: 'DE111111111',
      version: 1,
    });
    expect(res.status).toBe(200);
    expect(res.json().vat.check).toMatchObject({ result: 'not_checked', detail: 'SERVICE_UNAVAILABLE' });
  });
});
