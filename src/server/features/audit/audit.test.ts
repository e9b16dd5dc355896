import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../../test/support/app';
import type { TestClient } from '../../../../test/support/client';
import { loginClient, loginStaff } from '../../../../test/support/clients';
import { buildAccount, buildTenant, type TestTenant } from '../../../../test/support/factories';
import {
  buildBooking,
  buildShop,
  buildTariff,
  partner,
  verifyEmailOf,
} from '../../../../test/support/order-factories';
import { auditFieldTypes, isAuditField } from '../../../shared/audit-fields';
import type { AuditEntry } from '../../../shared/schemas';
import { accounts, auditLog } from '../../db/schema';

/**
 * The account history (issue 8, "The account history"): names resolved in the same query, the
 * kind filter, tenant and account isolation, preferences never listed.
 */

let t: TestContext;

beforeAll(async () => {
  t = await startTestApp();
});

const historyUrl = (accountId: string, query = '') =>
  `/api/v1/staff/accounts/${accountId}/audit?pageSize=100${query}`;

async function historyOf(c: TestClient, accountId: string, query = ''): Promise<AuditEntry[]> {
  const res = await c.get(historyUrl(accountId, query));
  expect(res.status, res.body).toBe(200);
  return res.json().items;
}

async function versionOf(accountId: string) {
  const [row] = await t.db.system
    .select({ v: accounts.version })
    .from(accounts)
    .where(eq(accounts.id, accountId));
  return row!.v;
}

const ok = <R extends { status: number; body: string }>(res: R, status = 200): R => {
  expect(res.status, res.body).toBe(status);
  return res;
};

let keys = 0;

/**
 * A shop whose client ordered the module (contract concluded) under a tariff with an additional
 * option; then staff and the client change what an account's history records: module data, an
 * option booked, a change of tariff withdrawn, the option terminated, a cancellation withdrawn,
 * contract data, a manual item and an invoice, an invitation sent again and withdrawn.
 */
async function busyAccount(tenant: TestTenant) {
  const shop = await buildShop(t.db, tenant);
  const optionTariff = await buildTariff(t.db, tenant, shop.module, {
    title: { nl: 'Basis met opties', de: 'Basis mit Optionen', en: 'Basic with options' },
    items: [
      { title: { nl: 'Basisprijs', en: 'Base fee' }, key: 'base_fee', unitPrice: '29.90' },
      {
        title: { nl: 'Weekenddienst', de: 'Wochenenddienst', en: 'Weekend service' },
        key: 'additional_option',
        unitPrice: '5.00',
      },
    ],
  });
  const built = await buildAccount(t.db, tenant);
  await verifyEmailOf(t.db, built.owner.id);
  const owner = await loginClient(t, tenant, built.owner);
  const order = ok(
    await owner.post(`/api/v1/client/modules/${shop.module.id}/orders`, {
      tariffId: optionTariff.id,
      customerType: 'business',
      contractPartner: partner,
      termsId: shop.terms.id,
      acceptTerms: true,
      idempotencyKey: `audit-test-${keys++}`,
    }),
    201,
  );
  const booking = order.json().booking;
  const manager = await loginStaff(t, tenant, 'manager');
  const supermanager = await loginStaff(t, tenant, 'supermanager');

  ok(
    await manager.patch(`/api/v1/staff/bookings/${booking.id}/module-data`, {
      values: { greeting_name: 'Bakkerij Jansen', lines: 2 },
      version: booking.version,
    }),
  );
  const lc = (await manager.get(`/api/v1/staff/bookings/${booking.id}/lifecycle`)).json();
  const item = lc.optionItems.find((i: { title: { en: string } }) => i.title.en === 'Weekend service');
  const booked = ok(
    await manager.post(`/api/v1/staff/bookings/${booking.id}/options`, {
      itemId: item.id,
      startDate: '2026-11-26',
      quantity: 1,
    }),
  ).json();
  const option = booked.options[0];
  ok(
    await manager.post(`/api/v1/staff/bookings/${booking.id}/tariff-change`, {
      tariffId: shop.publicTariff.id,
    }),
  );
  ok(await manager.post(`/api/v1/staff/bookings/${booking.id}/tariff-change/withdraw`, {}));
  ok(await manager.post(`/api/v1/staff/bookings/${booking.id}/options/${option.id}/termination`, {}));
  ok(
    await owner.post(`/api/v1/client/bookings/${booking.id}/cancellation`, {
      cancellationReason: 'Wij verhuizen',
    }),
  );
  ok(await owner.post(`/api/v1/client/bookings/${booking.id}/cancellation/withdraw`, {}));

  const contract = `/api/v1/staff/accounts/${built.account.id}/contract`;
  ok(
    await manager.put(`${contract}/customer-number`, {
      customerNumber: `K-${keys++}`,
      version: await versionOf(built.account.id),
    }),
  );
  ok(
    await manager.put(`${contract}/contract-start`, {
      override: '2025-01-01',
      reason: 'Contract uit het papieren archief overgenomen',
      version: await versionOf(built.account.id),
    }),
  );
  ok(
    await manager.put(`${contract}/invoice-receipt`, {
      recipients: ['boekhouding@client.example', 'jan@client.example'],
      delivery: 'link',
      version: await versionOf(built.account.id),
    }),
  );
  ok(
    await manager.put(`${contract}/vat`, {
      treatment: 'reverse_charge',
      vatId: 'NL123456789B01',
      version: await versionOf(built.account.id),
    }),
  );
  ok(
    await supermanager.post(`/api/v1/staff/accounts/${built.account.id}/manual-items`, {
      title: 'Installatie ter plaatse',
      quantity: '1',
      unitPrice: '75.00',
      vatRate: '21',
      date: '2026-11-26',
      reason: 'Afgesproken bij de bestelling',
    }),
    201,
  );
  const invoice = ok(
    await supermanager.post(`/api/v1/staff/accounts/${built.account.id}/invoices`, { until: '2026-11-26' }),
    201,
  ).json().items[0];

  const invited = ok(
    await owner.post('/api/v1/client/account/invitations', {
      email: `new-${keys++}@client.example`,
      role: 'member',
    }),
    201,
  ).json();
  const invitation = invited.invitations[0];
  ok(await owner.post(`/api/v1/client/account/invitations/${invitation.id}/resend`, {}));
  ok(await owner.request('DELETE', `/api/v1/client/account/invitations/${invitation.id}`));
  const users = ok(await owner.get('/api/v1/client/account/users')).json().users;
  const member = users.find((u: { id: string }) => u.id === built.member.id);
  ok(
    await owner.patch(`/api/v1/client/account/users/${member.id}/role`, {
      role: 'admin',
      version: member.version,
    }),
  );
  return { ...built, shop, optionTariff, booking, option, item, invoice, manager, supermanager, owner };
}

describe('the account history with names', () => {
  let s: Awaited<ReturnType<typeof busyAccount>>;
  let all: AuditEntry[];

  beforeAll(async () => {
    const tenant = await buildTenant(t.db);
    s = await busyAccount(tenant);
    all = await historyOf(s.manager, s.account.id);
  });

  const find = (action: string) => {
    const found = all.filter((e) => e.action === action);
    expect(found.length, action).toBeGreaterThan(0);
    return found[0]!;
  };

  it('names the module and the tariff of an order, the option and its module, the document, the user', () => {
    const created = find('booking.created');
    expect(created).toMatchObject({
      kind: 'modules',
      subject: { kind: 'booking', module: s.shop.module.name, moduleFields: null },
    });
    expect(created.names[s.optionTariff.id]).toEqual({
      kind: 'tariff',
      name: null,
      title: s.optionTariff.title,
    });
    expect(created.names[s.shop.module.id]).toEqual({
      kind: 'module',
      name: null,
      title: s.shop.module.name,
    });

    const changed = find('booking.tariff_changed');
    expect(changed.names[s.optionTariff.id]?.title).toEqual(s.optionTariff.title);
    expect(changed.names[s.shop.publicTariff.id]?.title).toEqual(s.shop.publicTariff.title);
    // The option that the change would end, by its item's title.
    expect(changed.names[s.option.id]).toEqual({
      kind: 'booking_option',
      name: null,
      title: { nl: 'Weekenddienst', de: 'Wochenenddienst', en: 'Weekend service' },
    });

    const option = find('booking.option_booked');
    expect(option.subject).toMatchObject({
      kind: 'booking_option',
      title: { en: 'Weekend service' },
      module: s.shop.module.name,
    });
    expect(option.names[s.item.id]?.kind).toBe('tariff_item');
    expect(option.names[s.booking.id]).toMatchObject({ kind: 'booking', title: s.shop.module.name });

    const data = find('booking.module_data_changed');
    expect(data.subject?.moduleFields?.map((f) => f.key)).toEqual([
      'greeting_name',
      'forwarding_number',
      'lines',
    ]);

    const invoice = find('document.invoice_issued');
    expect(invoice).toMatchObject({
      kind: 'documents',
      subject: { kind: 'document', name: s.invoice.number },
    });

    const role = find('account.user_role_changed');
    expect(role).toMatchObject({ kind: 'users', subject: { kind: 'client_user', name: s.member.name } });
    expect(find('account.invitation_revoked').subject).toMatchObject({ kind: 'client_invitation' });

    const concluded = find('account.contract_concluded');
    expect(concluded.kind).toBe('lifecycle');
    expect(concluded.subject).toBeNull();
    expect(concluded.names[s.shop.terms.id]).toEqual({
      kind: 'legal_document',
      name: s.shop.terms.title,
      title: null,
    });
    expect(find('contract.start_changed')).toMatchObject({
      kind: 'contract',
      reason: 'Contract uit het papieren archief overgenomen',
    });
  });

  it('every field an entry carries has a known type (and so a label in the history)', () => {
    const unknown = new Set<string>();
    for (const e of all) {
      if (e.action === 'booking.module_data_changed') continue;
      for (const side of [e.before, e.after])
        for (const key of Object.keys((side ?? {}) as object))
          if (!isAuditField(key)) unknown.add(`${e.action}: ${key}`);
    }
    expect([...unknown]).toEqual([]);
    // A good part of the list is exercised here.
    const seen = new Set(all.flatMap((e) => [...Object.keys(e.before ?? {}), ...Object.keys(e.after ?? {})]));
    expect(seen.size).toBeGreaterThan(Object.keys(auditFieldTypes).length / 2);
  });

  it('filters by kind: each kind lists exactly its entries, counted alike', async () => {
    const kinds = ['contract', 'modules', 'documents', 'users', 'lifecycle'] as const;
    let sum = 0;
    for (const kind of kinds) {
      const res = ok(await s.manager.get(historyUrl(s.account.id, `&kind=${kind}`))).json();
      const expected = all.filter((e) => e.kind === kind);
      expect(
        res.items.map((e: AuditEntry) => e.id),
        kind,
      ).toEqual(expected.map((e) => e.id));
      expect(res.total, kind).toBe(expected.length);
      expect(expected.length, kind).toBeGreaterThan(0);
      sum += res.total;
    }
    expect(sum).toBe(all.length);
    expect(all.map((e) => e.kind)).not.toContain(null);
  });

  it('pages newest first, with the filter applied to the count', async () => {
    const first = ok(
      await s.manager.get(`/api/v1/staff/accounts/${s.account.id}/audit?pageSize=2&kind=modules`),
    ).json();
    const second = ok(
      await s.manager.get(`/api/v1/staff/accounts/${s.account.id}/audit?pageSize=2&page=2&kind=modules`),
    ).json();
    const modules = all.filter((e) => e.kind === 'modules');
    expect(first.total).toBe(modules.length);
    expect([...first.items, ...second.items].map((e: AuditEntry) => e.id)).toEqual(
      modules.slice(0, 4).map((e) => e.id),
    );
    expect(Number(first.items[0].id)).toBeGreaterThan(Number(first.items[1].id));
  });

  it('answers with the same fixed statements whatever the page holds (no statement per entry)', async () => {
    const statements: string[] = [];
    const stop = t.db.onQuery((q) => statements.push(q));
    try {
      ok(await s.manager.get(historyUrl(s.account.id)));
    } finally {
      stop();
    }
    const history = statements.filter((q) => /audit_log/.test(q));
    expect(history).toHaveLength(2);
    expect(
      statements.filter((q) => /from "?(tariffs|modules|bookings)"? /i.test(q) && !/audit_log/.test(q)),
    ).toEqual([]);
  });
});

describe('the kind filter is validated', () => {
  it('refuses an unknown kind or parameter with 400 problem+json naming the field', async () => {
    const tenant = await buildTenant(t.db);
    const { account } = await buildAccount(t.db, tenant);
    const c = await loginStaff(t, tenant, 'employee');
    const bad = await c.get(`/api/v1/staff/accounts/${account.id}/audit?kind=preferences`);
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(bad.json()).toMatchObject({ code: 'validation_failed', errors: [{ field: 'kind' }] });
    expect(bad.json().errors[0].message).toBeTruthy();
    const unknown = await c.get(`/api/v1/staff/accounts/${account.id}/audit?type=documents`);
    expect(unknown.status).toBe(400);
    expect(unknown.json().errors).toEqual([
      expect.objectContaining({ field: 'type', code: 'unknown_field' }),
    ]);
    expect((await c.get(`/api/v1/staff/accounts/${account.id}/audit?kind=`)).status).toBe(400);
    expect((await c.get(`/api/v1/staff/accounts/${account.id}/audit?kind=documents`)).status).toBe(200);
  });
});

describe('isolation', () => {
  it("never lists another account's or operator's entries, and never names their entities", async () => {
    const tenant = await buildTenant(t.db);
    const other = await buildTenant(t.db);
    const shop = await buildShop(t.db, tenant);
    const otherShop = await buildShop(t.db, other);
    const { account } = await buildAccount(t.db, tenant);
    const neighbour = await buildAccount(t.db, tenant);
    const stranger = await buildAccount(t.db, other);
    const ownBooking = await buildBooking(t.db, tenant, account, shop.module, [
      { tariffId: shop.publicTariff.id, startDate: '2026-11-01' },
    ]);
    const neighbourBooking = await buildBooking(t.db, tenant, neighbour.account, shop.module, [
      { tariffId: shop.publicTariff.id, startDate: '2026-11-01' },
    ]);
    const at = new Date('2026-11-26T09:00:00Z');
    const entry = (over: Partial<typeof auditLog.$inferInsert>) => ({
      tenantId: tenant.id,
      actorType: 'system' as const,
      action: 'booking.tariff_changed',
      entityType: 'booking',
      entityId: ownBooking.id,
      accountId: account.id,
      at,
      ...over,
    });
    await t.db.system.insert(auditLog).values([
      // Names inside the values: the own tariff is named; another operator's tariff, the
      // neighbour's booking and user are not (they exist, but not for this account).
      entry({
        before: { tariffId: otherShop.publicTariff.id, bookingId: neighbourBooking.id },
        after: { tariffId: shop.publicTariff.id, ownerId: neighbour.owner.id, stray: stranger.owner.id },
      }),
      // What the entry is about belongs to another account: not named.
      entry({ entityId: neighbourBooking.id, after: { tariffId: shop.publicTariff.id } }),
      // The neighbour's own history.
      entry({ accountId: neighbour.account.id, entityId: neighbourBooking.id }),
      // The same account id under another operator (cannot happen, the wall holds anyway).
      entry({ tenantId: other.id, action: 'booking.created' }),
      // A language switch written with the account, as entries before the fix were: not history.
      entry({
        action: 'user.preferences_changed',
        entityType: 'client_user',
        entityId: account.id,
        before: { locale: 'nl' },
        after: { locale: 'de' },
      }),
      // The operator's own change with an account id: not the account's history either.
      entry({ action: 'tariff.updated', entityType: 'tariff', entityId: shop.publicTariff.id }),
      // A booking that no longer exists: no subject, no names.
      entry({ entityId: '00000000-0000-4000-8000-000000000000', after: { tariffId: crypto.randomUUID() } }),
      // An entity id that is no UUID at all.
      entry({ entityId: 'not-a-uuid', entityType: 'booking' }),
    ]);

    const c = await loginStaff(t, tenant, 'employee');
    const res = ok(await c.get(historyUrl(account.id))).json();
    expect(res.total).toBe(4);
    const [noId, gone, foreignSubject, named] = res.items as AuditEntry[];
    expect(named!.subject).toMatchObject({ kind: 'booking', module: shop.module.name });
    expect(Object.keys(named!.names)).toEqual([shop.publicTariff.id]);
    expect(foreignSubject!.entityId).toBe(neighbourBooking.id);
    expect(foreignSubject!.subject).toBeNull();
    expect(gone!.subject).toBeNull();
    expect(gone!.names).toEqual({});
    expect(noId!.subject).toBeNull();
    expect(res.items.map((e: AuditEntry) => e.action)).not.toContain('user.preferences_changed');
    const kinds = ok(await c.get(historyUrl(account.id, '&kind=users'))).json();
    expect(kinds.total).toBe(0);

    // Another operator's staff: the account is not found; its own account shows only its entry.
    const foreign = await loginStaff(t, other, 'owner');
    expect((await foreign.get(historyUrl(account.id))).status).toBe(404);
    expect((await c.get(historyUrl(stranger.account.id))).status).toBe(404);
    const theirs = ok(await foreign.get(historyUrl(stranger.account.id))).json();
    expect(theirs.total).toBe(0);
  });
});

describe('preferences are not contract history', () => {
  it('switching the UI language writes no entry of the account history', async () => {
    const tenant = await buildTenant(t.db);
    const { account, owner } = await buildAccount(t.db, tenant);
    const client = await loginClient(t, tenant, owner);
    ok(await client.put('/api/v1/me/preferences', { locale: 'de' }), 204);
    const staff = await loginStaff(t, tenant, 'employee');
    ok(await staff.put('/api/v1/me/preferences', { locale: 'en' }), 204);
    const res = ok(await staff.get(historyUrl(account.id))).json();
    expect(res.items).toEqual([]);
    expect(res.total).toBe(0);
  });
});
