import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../../test/support/app';
import {
  buildBooking,
  buildModule,
  buildTariff,
  buildTariffItem,
} from '../../../../test/support/catalog-factories';
import { TestClient } from '../../../../test/support/client';
import { loginClient, loginStaff } from '../../../../test/support/clients';
import { buildAccount, buildStaff, buildTenant, type TestTenant } from '../../../../test/support/factories';
import { terminationPresets } from '../../../domain';
import type { RequestContext } from '../../context';
import { auditLog, bookings, bookingTariffPeriods, tariffItems } from '../../db/schema';
import { createCatalogService } from './catalog.service';
import { OFFER_NUMBER_ALPHABET } from './offer-numbers';

let t: TestContext;
let tenant: TestTenant;
let superC: TestClient;

beforeAll(async () => {
  t = await startTestApp();
  tenant = await buildTenant(t.db);
  superC = await loginStaff(t, tenant, 'supermanager');
});

async function clientAdmin(on: TestTenant = tenant) {
  const { owner } = await buildAccount(t.db, on);
  return loginClient(t, on, owner);
}

const rule = (r: object) => JSON.parse(JSON.stringify(r));

const moduleInput = {
  name: { nl: 'Telefoonservice', de: 'Telefonservice', en: 'Telephone service' },
  description: { nl: 'Wij beantwoorden uw telefoon' },
  fields: [
    { key: 'greeting', label: { nl: 'Begroeting' }, type: 'text', required: true, clientEditable: true },
    {
      key: 'office_hours',
      label: { en: 'Office hours' },
      type: 'select',
      options: [{ value: 'day', label: { en: 'Daytime' } }],
      required: false,
      clientEditable: false,
    },
  ],
};

const tariffInput = {
  title: { nl: 'Basis', de: 'Basis', en: 'Basic' },
  isPublic: true,
  displayOrder: 1,
  vatRate: '21',
  terminationRule: rule(terminationPresets.monthly),
  minimumTurnover: null,
  businessOnly: false,
};

const itemInput = {
  title: { nl: 'Basisbedrag', en: 'Base fee' },
  key: 'base_fee',
  unitPrice: '29.90',
  billingMode: 'monthly_in_advance',
};

const fieldsOf = (res: { json(): { errors?: { field: string }[] } }) =>
  (res.json().errors ?? []).map((e) => e.field).sort();

async function createModule(c = superC) {
  const res = await c.post('/api/v1/staff/modules', moduleInput);
  expect(res.status).toBe(201);
  return res.json();
}

async function createTariff(moduleId: string, over: object = {}, c = superC) {
  const res = await c.post(`/api/v1/staff/modules/${moduleId}/tariffs`, { ...tariffInput, ...over });
  expect(res.status, res.body).toBe(201);
  return res.json();
}

async function auditActions(entityId: string) {
  const rows = await t.db.system
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.tenantId, tenant.id), eq(auditLog.entityId, entityId)))
    .orderBy(auditLog.id);
  return rows;
}

const OFFER_NUMBER = new RegExp(`^ANG(-[${OFFER_NUMBER_ALPHABET}]{4}){3}$`);

describe('permissions', () => {
  it('a supermanager and the owner manage the catalog; a manager, clients and visitors may not', async () => {
    const m = await createModule();
    const tariff = await createTariff(m.id);
    const owner = await loginStaff(t, tenant, 'owner');
    expect((await owner.get('/api/v1/staff/modules')).status).toBe(200);
    expect((await owner.post('/api/v1/staff/modules', moduleInput)).status).toBe(201);

    const manager = await loginStaff(t, tenant, 'manager');
    const client = await clientAdmin();
    const anonymous = new TestClient(t.app, tenant.host);
    const attempts: [string, string, unknown?][] = [
      ['GET', '/api/v1/staff/modules'],
      ['POST', '/api/v1/staff/modules', moduleInput],
      ['GET', `/api/v1/staff/modules/${m.id}`],
      ['PATCH', `/api/v1/staff/modules/${m.id}`, { ...moduleInput, version: 1 }],
      ['GET', `/api/v1/staff/modules/${m.id}/tariffs`],
      ['POST', `/api/v1/staff/modules/${m.id}/tariffs`, tariffInput],
      ['GET', `/api/v1/staff/tariffs/${tariff.id}`],
      ['PATCH', `/api/v1/staff/tariffs/${tariff.id}`, { ...tariffInput, version: 1 }],
      ['DELETE', `/api/v1/staff/tariffs/${tariff.id}`],
      ['POST', `/api/v1/staff/tariffs/${tariff.id}/copy`],
      ['POST', `/api/v1/staff/tariffs/${tariff.id}/publish`, { version: 1 }],
      ['POST', `/api/v1/staff/tariffs/${tariff.id}/unpublish`, { version: 1 }],
      ['POST', `/api/v1/staff/tariffs/${tariff.id}/items`, itemInput],
      ['POST', '/api/v1/staff/termination-rules/preview', { rule: terminationPresets.monthly }],
    ];
    for (const [method, url, body] of attempts) {
      const asManager = await manager.request(method as 'GET', url, body);
      expect(asManager.status, `manager ${method} ${url}`).toBe(403);
      expect(asManager.json().code).toBe('forbidden');
      expect((await client.request(method as 'GET', url, body)).status, `client ${method} ${url}`).toBe(401);
      expect((await anonymous.request(method as 'GET', url, body)).status, `visitor ${method} ${url}`).toBe(
        401,
      );
    }
    // Nothing changed.
    const after = (await superC.get(`/api/v1/staff/tariffs/${tariff.id}`)).json();
    expect(after).toMatchObject({ version: 1, items: [] });
  });

  it('item routes follow the same rule', async () => {
    const tariff = await buildTariff(t.db, tenant);
    const item = await buildTariffItem(t.db, tenant, tariff.id);
    const manager = await loginStaff(t, tenant, 'manager');
    const patch = await manager.patch(`/api/v1/staff/tariff-items/${item.id}`, {
      item: itemInput,
      version: 1,
    });
    expect(patch.status).toBe(403);
    expect((await manager.request('DELETE', `/api/v1/staff/tariff-items/${item.id}`)).status).toBe(403);
    const ok = await superC.patch(`/api/v1/staff/tariff-items/${item.id}`, {
      item: { ...itemInput, unitPrice: '31' },
      version: 1,
    });
    expect(ok.status).toBe(200);
  });
});

describe('modules', () => {
  it('creates a module with its fields, counts its tariffs and lists it', async () => {
    const m = await createModule();
    expect(m).toMatchObject({
      name: moduleInput.name,
      status: 'active',
      tariffCount: 0,
      publicTariffCount: 0,
      version: 1,
      abilities: { 'catalog.manage': true },
    });
    expect(m.fields).toHaveLength(2);
    await createTariff(m.id);
    await createTariff(m.id, { isPublic: false });
    const one = (await superC.get(`/api/v1/staff/modules/${m.id}`)).json();
    expect(one).toMatchObject({ tariffCount: 2, publicTariffCount: 1 });
    const list = (await superC.get('/api/v1/staff/modules')).json();
    expect(list.items.find((x: { id: string }) => x.id === m.id)).toMatchObject({
      tariffCount: 2,
      publicTariffCount: 1,
    });
    const audit = await auditActions(m.id);
    expect(audit.map((a) => a.action)).toEqual(['module.created']);
  });

  it('updates with the version read; a stale version gets 409 with the current module', async () => {
    const m = await createModule();
    const res = await superC.patch(`/api/v1/staff/modules/${m.id}`, {
      ...moduleInput,
      status: 'retired',
      version: 1,
    });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ status: 'retired', version: 2 });
    const stale = await superC.patch(`/api/v1/staff/modules/${m.id}`, { ...moduleInput, version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'stale_version', current: { status: 'retired', version: 2 } });
    const audit = await auditActions(m.id);
    expect(audit.map((a) => a.action)).toEqual(['module.created', 'module.updated']);
    expect(audit[1]).toMatchObject({ before: { status: 'active' }, after: { status: 'retired' } });
  });

  it('changing or removing a field definition keeps the data in the bookings', async () => {
    const m = await createModule();
    const tariff = await createTariff(m.id);
    const booking = await buildBooking(t.db, tenant, tariff, { moduleData: { greeting: 'Goedemorgen' } });
    const res = await superC.patch(`/api/v1/staff/modules/${m.id}`, {
      ...moduleInput,
      fields: [
        {
          key: 'forwarding',
          label: { nl: 'Doorschakelnummer' },
          type: 'phone',
          required: true,
          clientEditable: true,
        },
      ],
      version: 1,
    });
    expect(res.status).toBe(200);
    expect(res.json().fields.map((f: { key: string }) => f.key)).toEqual(['forwarding']);
    const [stored] = await t.db.system.select().from(bookings).where(eq(bookings.id, booking.id));
    expect(stored?.moduleData).toEqual({ greeting: 'Goedemorgen' });
  });

  it('refuses invalid field definitions and unknown fields with field messages', async () => {
    const selectWithoutOptions = await superC.post('/api/v1/staff/modules', {
      ...moduleInput,
      fields: [{ key: 'x', label: { nl: 'X' }, type: 'select', required: false, clientEditable: true }],
    });
    expect(selectWithoutOptions.status).toBe(400);
    expect(fieldsOf(selectWithoutOptions)).toEqual(['fields.0.options']);

    const twice = await superC.post('/api/v1/staff/modules', {
      ...moduleInput,
      fields: [moduleInput.fields[0], moduleInput.fields[0]],
    });
    expect(fieldsOf(twice)).toEqual(['fields.1.key']);

    const badKey = await superC.post('/api/v1/staff/modules', {
      ...moduleInput,
      fields: [{ ...moduleInput.fields[0], key: 'Greeting Name' }],
    });
    expect(fieldsOf(badKey)).toEqual(['fields.0.key']);

    const unknown = await superC.post('/api/v1/staff/modules', { ...moduleInput, colour: 'red' });
    expect(unknown.status).toBe(400);
    expect(unknown.json().errors).toEqual([
      { field: 'colour', message: 'Unknown field', code: 'unknown_field' },
    ]);

    const noName = await superC.post('/api/v1/staff/modules', { ...moduleInput, name: {} });
    expect(fieldsOf(noName)).toEqual(['name']);
  });

  it('another tenant’s module is not found', async () => {
    const other = await buildTenant(t.db);
    const foreign = await buildModule(t.db, other);
    expect((await superC.get(`/api/v1/staff/modules/${foreign.id}`)).status).toBe(404);
    expect((await superC.get(`/api/v1/staff/modules/${foreign.id}/tariffs`)).status).toBe(404);
    const patch = await superC.patch(`/api/v1/staff/modules/${foreign.id}`, { ...moduleInput, version: 1 });
    expect(patch.status).toBe(404);
    const create = await superC.post(`/api/v1/staff/modules/${foreign.id}/tariffs`, tariffInput);
    expect(create.status).toBe(404);
    const list = (await superC.get('/api/v1/staff/modules')).json();
    expect(list.items.some((x: { id: string }) => x.id === foreign.id)).toBe(false);
  });
});

describe('tariffs', () => {
  it('lists a module’s tariffs by display order with items; public ones have no offer number', async () => {
    const m = await createModule();
    const second = await createTariff(m.id, { displayOrder: 5, title: { en: 'Second' } });
    const first = await createTariff(m.id, { displayOrder: 2, title: { en: 'First' } });
    await superC.post(`/api/v1/staff/tariffs/${first.id}/items`, itemInput);
    const list = (await superC.get(`/api/v1/staff/modules/${m.id}/tariffs`)).json();
    expect(list.items.map((x: { id: string }) => x.id)).toEqual([first.id, second.id]);
    expect(list.items[0]).toMatchObject({
      offerNumber: null,
      vatRate: '21',
      inUse: false,
      items: [{ unitPrice: '29.90', key: 'base_fee' }],
      abilities: { 'catalog.manage': true, 'tariff.delete': true },
    });
  });

  it('a non-public tariff gets a readable offer number once; it is kept when the tariff is made public', async () => {
    const m = await createModule();
    const offer = await createTariff(m.id, { isPublic: false });
    expect(offer.offerNumber).toMatch(OFFER_NUMBER);

    const made = await superC.patch(`/api/v1/staff/tariffs/${offer.id}`, {
      ...tariffInput,
      isPublic: true,
      version: 1,
    });
    expect(made.json()).toMatchObject({ isPublic: true, offerNumber: offer.offerNumber });
    const back = await superC.patch(`/api/v1/staff/tariffs/${offer.id}`, {
      ...tariffInput,
      isPublic: false,
      version: 2,
    });
    expect(back.json()).toMatchObject({ isPublic: false, offerNumber: offer.offerNumber });

    const pub = await createTariff(m.id);
    expect(pub.offerNumber).toBeNull();
    const hidden = await superC.patch(`/api/v1/staff/tariffs/${pub.id}`, {
      ...tariffInput,
      isPublic: false,
      version: 1,
    });
    expect(hidden.json().offerNumber).toMatch(OFFER_NUMBER);
    expect(hidden.json().offerNumber).not.toBe(offer.offerNumber);
  });

  it('offer numbers use an alphabet without 0, O, 1 and I', async () => {
    const m = await createModule();
    const seen = new Set<string>();
    for (let i = 0; i < 8; i++) {
      const x = await createTariff(m.id, { isPublic: false });
      expect(x.offerNumber.slice(4)).not.toMatch(/[01OI]/);
      seen.add(x.offerNumber);
    }
    expect(seen.size).toBe(8);
  });

  it.each([
    ['101', 'vatRate'],
    ['-1', 'vatRate'],
    ['19,0', 'vatRate'],
    ['19.123', 'vatRate'],
    [19, 'vatRate'],
  ])('refuses the VAT rate %j', async (vatRate, field) => {
    const m = await buildModule(t.db, tenant);
    const res = await superC.post(`/api/v1/staff/modules/${m.id}/tariffs`, { ...tariffInput, vatRate });
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toEqual([field]);
  });

  it('accepts VAT rates 0, 19.5 and 100 and returns them canonical', async () => {
    const m = await buildModule(t.db, tenant);
    for (const [given, shown] of [
      ['0', '0'],
      ['19.50', '19.5'],
      ['100', '100'],
    ]) {
      const x = await createTariff(m.id, { vatRate: given });
      expect(x.vatRate).toBe(shown);
    }
  });

  it('a tariff consumers may order follows §309 Nr. 9 BGB: ≤ 24 months term, ≤ 1 month notice, no fixed renewal', async () => {
    const m = await buildModule(t.db, tenant);
    const post = (terminationRule: object, businessOnly = false) =>
      superC.post(`/api/v1/staff/modules/${m.id}/tariffs`, { ...tariffInput, terminationRule, businessOnly });
    const monthly = rule(terminationPresets.monthly);
    const longTerm = await post({ ...monthly, minimumTermMonths: 25, anchor: 'term_end' });
    expect(longTerm.status).toBe(400);
    expect(longTerm.json().errors).toEqual([
      {
        field: 'terminationRule.minimumTermMonths',
        code: 'consumer_term_too_long',
        message: expect.any(String),
      },
    ]);
    const threeMonths = await post({ ...monthly, notice: { amount: 3, unit: 'months' } });
    expect(threeMonths.json().errors.map((e: { code: string }) => e.code)).toEqual([
      'consumer_notice_too_long',
    ]);
    expect((await post({ ...monthly, notice: { amount: 29, unit: 'days' } })).status).toBe(400);
    const yearly = await post(rule(terminationPresets.yearly));
    expect(
      yearly
        .json()
        .errors.map((e: { code: string }) => e.code)
        .sort(),
    ).toEqual(['consumer_notice_too_long', 'consumer_renewal_not_allowed']);
    // The limits themselves are allowed, and business-only tariffs are free.
    expect(
      (
        await post({
          minimumTermMonths: 24,
          renewalMonths: 0,
          notice: { amount: 1, unit: 'months' },
          anchor: 'term_end',
        })
      ).status,
    ).toBe(201);
    expect((await post({ ...monthly, notice: { amount: 28, unit: 'days' } })).status).toBe(201);
    expect((await post(rule(terminationPresets.yearly), true)).status).toBe(201);
    // Making a yearly business tariff orderable by consumers is refused too.
    const business = (await post(rule(terminationPresets.yearly), true)).json();
    const update = await superC.patch(`/api/v1/staff/tariffs/${business.id}`, {
      ...tariffInput,
      terminationRule: rule(terminationPresets.yearly),
      businessOnly: false,
      version: business.version,
    });
    expect(update.status).toBe(400);
  });

  it('validates the termination rule with the domain core (term end needs a minimum term)', async () => {
    const m = await buildModule(t.db, tenant);
    const res = await superC.post(`/api/v1/staff/modules/${m.id}/tariffs`, {
      ...tariffInput,
      terminationRule: { ...rule(terminationPresets.yearly), minimumTermMonths: 0 },
    });
    expect(res.status).toBe(400);
    expect(res.json().errors).toEqual([
      {
        field: 'terminationRule.minimumTermMonths',
        code: 'term_end_requires_minimum_term',
        message: expect.stringMatching(/minimum term/),
      },
    ]);
    const weeks = await superC.post(`/api/v1/staff/modules/${m.id}/tariffs`, {
      ...tariffInput,
      terminationRule: { ...rule(terminationPresets.monthly), notice: { amount: 2, unit: 'weeks' } },
    });
    expect(fieldsOf(weeks)).toEqual(['terminationRule.notice.unit']);
    const yearly = await createTariff(m.id, {
      terminationRule: terminationPresets.yearly,
      businessOnly: true,
    });
    expect(yearly).toMatchObject({ terminationRule: terminationPresets.yearly, businessOnly: true });
  });

  it('refuses unknown fields and a stale version', async () => {
    const m = await buildModule(t.db, tenant);
    const unknown = await superC.post(`/api/v1/staff/modules/${m.id}/tariffs`, {
      ...tariffInput,
      offerNumber: 'X',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json().errors[0]).toMatchObject({ field: 'offerNumber', code: 'unknown_field' });

    const x = await createTariff(m.id);
    const ok = await superC.patch(`/api/v1/staff/tariffs/${x.id}`, {
      ...tariffInput,
      displayOrder: 9,
      version: 1,
    });
    expect(ok.json()).toMatchObject({ displayOrder: 9, version: 2 });
    const stale = await superC.patch(`/api/v1/staff/tariffs/${x.id}`, {
      ...tariffInput,
      vatRate: '9',
      version: 1,
    });
    expect(stale.status).toBe(409);
    expect(stale.json()).toMatchObject({
      code: 'stale_version',
      current: { displayOrder: 9, vatRate: '21' },
    });
    expect((await superC.get(`/api/v1/staff/tariffs/${x.id}`)).json().vatRate).toBe('21');
    const audit = await auditActions(x.id);
    expect(audit.map((a) => a.action)).toEqual(['tariff.created', 'tariff.updated']);
  });

  it('a minimum turnover needs an item flagged for it, and the last flagged item stays flagged', async () => {
    const m = await buildModule(t.db, tenant);
    const refusedAtCreate = await superC.post(`/api/v1/staff/modules/${m.id}/tariffs`, {
      ...tariffInput,
      minimumTurnover: '10',
    });
    expect(refusedAtCreate.status).toBe(400);
    expect(refusedAtCreate.json().errors[0]).toMatchObject({
      field: 'minimumTurnover',
      code: 'no_flagged_item',
    });

    const x = await createTariff(m.id);
    const plain = (await superC.post(`/api/v1/staff/tariffs/${x.id}/items`, itemInput)).json();
    const noFlag = await superC.patch(`/api/v1/staff/tariffs/${x.id}`, {
      ...tariffInput,
      minimumTurnover: '10',
      version: 1,
    });
    expect(noFlag.status).toBe(400);
    expect(fieldsOf(noFlag)).toEqual(['minimumTurnover']);

    const research = (
      await superC.post(`/api/v1/staff/tariffs/${x.id}/items`, {
        ...itemInput,
        title: { en: 'Research' },
        key: 'usage',
        unit: 'piece',
        unitPrice: '1.00',
        billingMode: 'monthly_in_arrears',
        minimumTurnoverFlag: true,
      })
    ).json();
    const withMin = await superC.patch(`/api/v1/staff/tariffs/${x.id}`, {
      ...tariffInput,
      minimumTurnover: '10.00',
      version: 1,
    });
    expect(withMin.status).toBe(200);
    expect(withMin.json().minimumTurnover).toBe('10.00');

    const unflag = await superC.patch(`/api/v1/staff/tariff-items/${research.id}`, {
      item: {
        ...itemInput,
        title: { en: 'Research' },
        key: 'usage',
        unit: 'piece',
        unitPrice: '1',
        billingMode: 'monthly_in_arrears',
        minimumTurnoverFlag: false,
      },
      version: 1,
    });
    expect(unflag.status).toBe(400);
    expect(unflag.json().errors[0]).toMatchObject({
      field: 'item.minimumTurnoverFlag',
      code: 'last_flagged_item',
    });
    const del = await superC.request('DELETE', `/api/v1/staff/tariff-items/${research.id}`);
    expect(del.status).toBe(409);
    expect(del.json().code).toBe('minimum_turnover_needs_flagged_item');

    // With another flagged item, this one may be unflagged.
    const flagPlain = await superC.patch(`/api/v1/staff/tariff-items/${plain.id}`, {
      item: { ...itemInput, minimumTurnoverFlag: true },
      version: 1,
    });
    expect(flagPlain.status).toBe(200);
    expect((await superC.request('DELETE', `/api/v1/staff/tariff-items/${research.id}`)).status).toBe(204);

    // Without a minimum, the last flagged item may be unflagged.
    const noMin = await superC.patch(`/api/v1/staff/tariffs/${x.id}`, {
      ...tariffInput,
      minimumTurnover: null,
      version: 2,
    });
    expect(noMin.status).toBe(200);
    const unflagged = await superC.patch(`/api/v1/staff/tariff-items/${plain.id}`, {
      item: itemInput,
      version: 2,
    });
    expect(unflagged.status).toBe(200);
  });

  it('deletes an unused tariff with its items; a tariff any booking used is refused with the reason', async () => {
    const m = await createModule();
    const unused = await createTariff(m.id);
    const item = (await superC.post(`/api/v1/staff/tariffs/${unused.id}/items`, itemInput)).json();
    const del = await superC.request('DELETE', `/api/v1/staff/tariffs/${unused.id}`);
    expect(del.status).toBe(204);
    expect((await superC.get(`/api/v1/staff/tariffs/${unused.id}`)).status).toBe(404);
    expect(await t.db.system.select().from(tariffItems).where(eq(tariffItems.id, item.id))).toEqual([]);
    expect((await auditActions(unused.id)).map((a) => a.action)).toEqual([
      'tariff.created',
      'tariff.deleted',
    ]);

    const used = await createTariff(m.id);
    await buildBooking(t.db, tenant, used);
    await buildBooking(t.db, tenant, used);
    const shown = (await superC.get(`/api/v1/staff/tariffs/${used.id}`)).json();
    expect(shown).toMatchObject({
      inUse: true,
      abilities: { 'tariff.delete': false, 'catalog.manage': true },
    });
    const refused = await superC.request('DELETE', `/api/v1/staff/tariffs/${used.id}`);
    expect(refused.status).toBe(409);
    expect(refused.json()).toMatchObject({
      code: 'tariff_in_use',
      title: expect.stringMatching(/used by 2 bookings/),
    });
    expect((await superC.get(`/api/v1/staff/tariffs/${used.id}`)).status).toBe(200);
  });

  it('a tariff whose booking period has ended is still in use', async () => {
    const used = await buildTariff(t.db, tenant);
    const booking = await buildBooking(t.db, tenant, used, { startDate: '2025-01-01' });
    await t.db.system.update(bookings).set({ endDate: '2025-06-30' }).where(eq(bookings.id, booking.id));
    const refused = await superC.request('DELETE', `/api/v1/staff/tariffs/${used.id}`);
    expect(refused.status).toBe(409);
    expect(refused.json().title).toMatch(/used by 1 booking\b/);
  });

  it('copies a tariff with independent items, as a non-public tariff with its own offer number', async () => {
    const m = await createModule();
    const source = await createTariff(m.id, {
      title: { nl: 'Basis', de: 'Basis', en: 'Basic' },
      terminationRule: terminationPresets.yearly,
      businessOnly: true,
      vatRate: '19',
    });
    const base = (
      await superC.post(`/api/v1/staff/tariffs/${source.id}/items`, {
        ...itemInput,
        minimumTurnoverFlag: true,
      })
    ).json();
    await superC.post(`/api/v1/staff/tariffs/${source.id}/items`, {
      ...itemInput,
      title: { en: 'Weekend service' },
      key: 'additional_option',
      unitPrice: '12.5',
      billingMode: 'monthly_in_arrears',
      terminationRule: terminationPresets.immediate,
      position: 2,
    });
    await superC.patch(`/api/v1/staff/tariffs/${source.id}`, {
      ...tariffInput,
      title: source.title,
      terminationRule: terminationPresets.yearly,
      businessOnly: true,
      vatRate: '19',
      minimumTurnover: '10',
      version: 1,
    });

    const res = await superC.post(`/api/v1/staff/tariffs/${source.id}/copy`);
    expect(res.status).toBe(201);
    const copy = res.json();
    expect(copy).toMatchObject({
      moduleId: m.id,
      title: { nl: 'Basis (kopie)', de: 'Basis (Kopie)', en: 'Basic (copy)' },
      isPublic: false,
      vatRate: '19',
      terminationRule: terminationPresets.yearly,
      minimumTurnover: '10.00',
      inUse: false,
      version: 1,
    });
    expect(copy.id).not.toBe(source.id);
    expect(copy.offerNumber).toMatch(OFFER_NUMBER);
    expect(copy.items.map((i: { title: object }) => i.title)).toEqual([
      { nl: 'Basisbedrag', en: 'Base fee' },
      { en: 'Weekend service' },
    ]);
    expect(copy.items[1]).toMatchObject({
      unitPrice: '12.50',
      terminationRule: terminationPresets.immediate,
    });
    expect(copy.items.map((i: { id: string }) => i.id)).not.toContain(base.id);

    // Independent: changing the copy's item leaves the original alone.
    const changed = await superC.patch(`/api/v1/staff/tariff-items/${copy.items[0].id}`, {
      item: { ...itemInput, unitPrice: '35', minimumTurnoverFlag: true },
      version: 1,
    });
    expect(changed.json().unitPrice).toBe('35.00');
    const original = (await superC.get(`/api/v1/staff/tariffs/${source.id}`)).json();
    expect(original.items[0].unitPrice).toBe('29.90');

    // The offer number is given once: the copy keeps it, another copy gets another.
    const again = (await superC.get(`/api/v1/staff/tariffs/${copy.id}`)).json();
    expect(again.offerNumber).toBe(copy.offerNumber);
    const second = (await superC.post(`/api/v1/staff/tariffs/${source.id}/copy`)).json();
    expect(second.offerNumber).not.toBe(copy.offerNumber);
    expect((await auditActions(copy.id)).map((a) => a.action)).toEqual(['tariff.copied']);
  });

  it('another tenant’s tariffs and items are not found', async () => {
    const other = await buildTenant(t.db);
    const foreign = await buildTariff(t.db, other, { isPublic: false });
    const foreignItem = await buildTariffItem(t.db, other, foreign.id);
    expect((await superC.get(`/api/v1/staff/tariffs/${foreign.id}`)).status).toBe(404);
    expect(
      (await superC.patch(`/api/v1/staff/tariffs/${foreign.id}`, { ...tariffInput, version: 1 })).status,
    ).toBe(404);
    expect((await superC.request('DELETE', `/api/v1/staff/tariffs/${foreign.id}`)).status).toBe(404);
    expect((await superC.post(`/api/v1/staff/tariffs/${foreign.id}/copy`)).status).toBe(404);
    expect((await superC.post(`/api/v1/staff/tariffs/${foreign.id}/items`, itemInput)).status).toBe(404);
    const itemPatch = await superC.patch(`/api/v1/staff/tariff-items/${foreignItem.id}`, {
      item: itemInput,
      version: 1,
    });
    expect(itemPatch.status).toBe(404);
    expect((await superC.request('DELETE', `/api/v1/staff/tariff-items/${foreignItem.id}`)).status).toBe(404);
    const [still] = await t.db.system.select().from(tariffItems).where(eq(tariffItems.id, foreignItem.id));
    expect(still?.unitPrice).toBe('29.900000');
  });
});

describe('offer numbers', () => {
  const ctxFor = (tenantId: string, userId: string): RequestContext => ({
    tenantId,
    actor: { realm: 'staff', userId, level: 'supermanager' },
    requestId: 'test',
    ip: '127.0.0.1',
    now: new Date('2026-11-26T09:00:00Z'),
    today: '2026-11-26',
  });

  it('are unique within a tenant (a collision is retried with a new number) but may repeat across tenants', async () => {
    const a = await buildTenant(t.db);
    const b = await buildTenant(t.db);
    const staffA = await buildStaff(t.db, a, 'supermanager');
    const staffB = await buildStaff(t.db, b, 'supermanager');
    const moduleA = await buildModule(t.db, a);
    const moduleB = await buildModule(t.db, b);
    const numbers = ['ANG-AAAA-AAAA-AAAA', 'ANG-AAAA-AAAA-AAAA', 'ANG-BBBB-BBBB-BBBB', 'ANG-AAAA-AAAA-AAAA'];
    const handedOut: string[] = [];
    const service = createCatalogService(t.db, {
      newOfferNumber: () => {
        const next = numbers.shift();
        if (!next) throw new Error('no more numbers');
        handedOut.push(next);
        return next;
      },
    });
    const input = { ...tariffInput, isPublic: false } as Parameters<typeof service.createTariff>[2];
    const first = await service.createTariff(ctxFor(a.id, staffA.id), moduleA.id, input);
    const second = await service.createTariff(ctxFor(a.id, staffA.id), moduleA.id, input);
    const elsewhere = await service.createTariff(ctxFor(b.id, staffB.id), moduleB.id, input);
    expect(first.offerNumber).toBe('ANG-AAAA-AAAA-AAAA');
    expect(second.offerNumber).toBe('ANG-BBBB-BBBB-BBBB');
    expect(elsewhere.offerNumber).toBe('ANG-AAAA-AAAA-AAAA');
    expect(handedOut).toHaveLength(4);
    // The failed attempt left nothing behind: one audit entry per tariff.
    const audit = await t.db.system.select().from(auditLog).where(eq(auditLog.entityId, second.id));
    expect(audit).toHaveLength(1);
  });

  it('a run of collisions ends in an error instead of looping', async () => {
    const staff = await buildStaff(t.db, tenant, 'supermanager');
    const m = await buildModule(t.db, tenant);
    const taken = await buildTariff(t.db, tenant, { moduleId: m.id, isPublic: false });
    const service = createCatalogService(t.db, { newOfferNumber: () => taken.offerNumber as string });
    const input = { ...tariffInput, isPublic: false } as Parameters<typeof service.createTariff>[2];
    await expect(service.createTariff(ctxFor(tenant.id, staff.id), m.id, input)).rejects.toThrow();
    const list = (await superC.get(`/api/v1/staff/modules/${m.id}/tariffs`)).json();
    expect(list.items).toHaveLength(1);
  });
});

describe('items', () => {
  it('adds items with exact prices, ordered by position', async () => {
    const x = await buildTariff(t.db, tenant);
    const setup = await superC.post(`/api/v1/staff/tariffs/${x.id}/items`, {
      ...itemInput,
      title: { nl: 'Aansluitkosten' },
      key: 'setup_fee',
      unitPrice: '49',
      billingMode: 'one_time',
      position: 2,
    });
    expect(setup.status).toBe(201);
    expect(setup.json()).toMatchObject({ unitPrice: '49.00', vatRate: null, version: 1 });
    const call = await superC.post(`/api/v1/staff/tariffs/${x.id}/items`, {
      ...itemInput,
      title: { en: 'Per call' },
      key: 'usage',
      unit: 'call',
      unitPrice: '0.123456',
      billingMode: 'monthly_in_arrears',
      vatRate: '9',
      position: 1,
    });
    expect(call.json()).toMatchObject({ unitPrice: '0.123456', unit: 'call', vatRate: '9' });
    const free = await superC.post(`/api/v1/staff/tariffs/${x.id}/items`, {
      ...itemInput,
      unitPrice: '0',
      position: 3,
    });
    expect(free.json().unitPrice).toBe('0.00');
    const tariff = (await superC.get(`/api/v1/staff/tariffs/${x.id}`)).json();
    expect(tariff.items.map((i: { unitPrice: string }) => i.unitPrice)).toEqual([
      '0.123456',
      '49.00',
      '0.00',
    ]);
    expect((await auditActions(call.json().id)).map((a) => a.action)).toEqual(['tariff_item.created']);
  });

  it.each([
    ['-1', 'unitPrice'],
    ['1.1234567', 'unitPrice'],
    ['abc', 'unitPrice'],
    ['', 'unitPrice'],
    ['1e3', 'unitPrice'],
    [29.9, 'unitPrice'],
    ['999999999999', 'unitPrice'],
  ])('refuses the price %j', async (unitPrice, field) => {
    const x = await buildTariff(t.db, tenant);
    const res = await superC.post(`/api/v1/staff/tariffs/${x.id}/items`, { ...itemInput, unitPrice });
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toEqual([field]);
    expect((await superC.get(`/api/v1/staff/tariffs/${x.id}`)).json().items).toEqual([]);
  });

  it('refuses a bad VAT override, a usage item without unit, a notice rule on other items, unknown fields', async () => {
    const x = await buildTariff(t.db, tenant);
    const post = (body: object) =>
      superC.post(`/api/v1/staff/tariffs/${x.id}/items`, { ...itemInput, ...body });
    expect(fieldsOf(await post({ vatRate: '101' }))).toEqual(['vatRate']);
    expect(fieldsOf(await post({ vatRate: '19,0' }))).toEqual(['vatRate']);
    expect(fieldsOf(await post({ key: 'usage' }))).toEqual(['unit']);
    expect(fieldsOf(await post({ unit: 'call' }))).toEqual(['unit']);
    expect(fieldsOf(await post({ terminationRule: terminationPresets.immediate }))).toEqual([
      'terminationRule',
    ]);
    expect(fieldsOf(await post({ billingMode: 'weekly' }))).toEqual(['billingMode']);
    expect(fieldsOf(await post({ key: 'discount' }))).toEqual(['key']);
    expect(fieldsOf(await post({ colour: 'red' }))).toEqual(['colour']);
    // A negative price is told it must not be negative, not that it has too many decimals.
    const negative = await post({ unitPrice: '-5.00' });
    expect(negative.json().errors).toEqual([
      expect.objectContaining({ field: 'unitPrice', message: 'Must not be negative' }),
    ]);
    expect((await post({ unitPrice: '1.1234567' })).json().errors).toEqual([
      expect.objectContaining({ field: 'unitPrice', message: expect.stringMatching(/at most 6 decimals/) }),
    ]);
    const badRule = await post({
      key: 'additional_option',
      terminationRule: { ...rule(terminationPresets.yearly), minimumTermMonths: 0 },
    });
    expect(badRule.json().errors).toEqual([
      expect.objectContaining({
        field: 'terminationRule.minimumTermMonths',
        code: 'term_end_requires_minimum_term',
      }),
    ]);
    const option = await post({ key: 'additional_option', terminationRule: terminationPresets.immediate });
    expect(option.status).toBe(201);
    expect((await superC.get(`/api/v1/staff/tariffs/${x.id}`)).json().items).toHaveLength(1);
  });

  it('updates with the version read; a stale version gets 409 with the current item; refusals name item.*', async () => {
    const x = await buildTariff(t.db, tenant);
    const item = await buildTariffItem(t.db, tenant, x.id);
    const ok = await superC.patch(`/api/v1/staff/tariff-items/${item.id}`, {
      item: { ...itemInput, unitPrice: '30' },
      version: 1,
    });
    expect(ok.json()).toMatchObject({ unitPrice: '30.00', version: 2 });
    const stale = await superC.patch(`/api/v1/staff/tariff-items/${item.id}`, {
      item: { ...itemInput, unitPrice: '31' },
      version: 1,
    });
    expect(stale.status).toBe(409);
    expect(stale.json()).toMatchObject({
      code: 'stale_version',
      current: { unitPrice: '30.00', version: 2 },
    });
    const bad = await superC.patch(`/api/v1/staff/tariff-items/${item.id}`, {
      item: { ...itemInput, unitPrice: '-5' },
      version: 2,
    });
    expect(fieldsOf(bad)).toEqual(['item.unitPrice']);
    const audit = await auditActions(item.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'tariff_item.updated',
      before: { unitPrice: '29.900000' },
      after: { unitPrice: '30.000000' },
    });
  });

  it('of a tariff in use: titles may change, the price, kind and billing mode may not, and items cannot be deleted', async () => {
    const x = await buildTariff(t.db, tenant);
    const item = await buildTariffItem(t.db, tenant, x.id);
    await buildBooking(t.db, tenant, x);
    const price = await superC.patch(`/api/v1/staff/tariff-items/${item.id}`, {
      item: { ...itemInput, unitPrice: '32.50' },
      version: 1,
    });
    expect(price.status).toBe(409);
    expect(price.json()).toMatchObject({
      code: 'price_change_required',
      title: expect.stringMatching(/price-changes/),
    });
    const [kept] = await t.db.system.select().from(tariffItems).where(eq(tariffItems.id, item.id));
    expect(kept?.unitPrice).toBe('29.900000');
    // The same price written differently is no change; the title may change.
    const title = await superC.patch(`/api/v1/staff/tariff-items/${item.id}`, {
      item: { ...itemInput, unitPrice: '29.9', title: { nl: 'Nieuw', en: 'New' } },
      version: 1,
    });
    expect(title.status).toBe(200);
    const mode = await superC.patch(`/api/v1/staff/tariff-items/${item.id}`, {
      item: { ...itemInput, billingMode: 'monthly_in_arrears' },
      version: 2,
    });
    expect(mode.status).toBe(409);
    expect(mode.json().code).toBe('tariff_in_use');
    const del = await superC.request('DELETE', `/api/v1/staff/tariff-items/${item.id}`);
    expect(del.status).toBe(409);
    expect(del.json()).toMatchObject({
      code: 'tariff_in_use',
      title: expect.stringMatching(/used by 1 booking/),
    });
    const added = await superC.post(`/api/v1/staff/tariffs/${x.id}/items`, {
      ...itemInput,
      key: 'manual',
      billingMode: 'one_time',
    });
    expect(added.status).toBe(201);
  });

  it('deletes an item of an unused tariff', async () => {
    const x = await buildTariff(t.db, tenant);
    const item = await buildTariffItem(t.db, tenant, x.id);
    expect((await superC.request('DELETE', `/api/v1/staff/tariff-items/${item.id}`)).status).toBe(204);
    expect((await superC.request('DELETE', `/api/v1/staff/tariff-items/${item.id}`)).status).toBe(404);
    expect((await superC.get(`/api/v1/staff/tariffs/${x.id}`)).json().items).toEqual([]);
  });
});

describe('publishing', () => {
  it('a new tariff starts unpublished; publishing needs an item (field message), then it is orderable; unpublish stops orders', async () => {
    const m = await createModule();
    const created = await createTariff(m.id);
    expect(created).toMatchObject({
      publishedAt: null,
      bookingCount: 0,
      abilities: { 'tariff.publish': true, 'tariff.unpublish': false },
    });
    const client = await clientAdmin();
    const orderPage = () => client.get(`/api/v1/client/modules/${m.id}/order-page`);
    expect((await orderPage()).json().code).toBe('module_not_orderable');

    const empty = await superC.post(`/api/v1/staff/tariffs/${created.id}/publish`, { version: 1 });
    expect(empty.status).toBe(400);
    expect(empty.json().errors).toEqual([expect.objectContaining({ field: 'items', code: 'no_items' })]);

    expect((await superC.post(`/api/v1/staff/tariffs/${created.id}/items`, itemInput)).status).toBe(201);
    // An item alone does not publish it.
    expect((await orderPage()).json().code).toBe('module_not_orderable');
    const publish = await superC.post(`/api/v1/staff/tariffs/${created.id}/publish`, { version: 1 });
    expect(publish.status).toBe(200);
    const published = publish.json();
    expect(published).toMatchObject({
      publishedAt: t.clock.now().toISOString(),
      version: 2,
      abilities: { 'tariff.publish': false, 'tariff.unpublish': true },
    });
    expect((await orderPage()).json().tariffs.map((x: { id: string }) => x.id)).toEqual([created.id]);
    const outdated = await superC.post(`/api/v1/staff/tariffs/${created.id}/unpublish`, { version: 1 });
    expect(outdated.status).toBe(409);
    expect(outdated.json().code).toBe('stale_version');

    const unpublished = await superC.post(`/api/v1/staff/tariffs/${created.id}/unpublish`, { version: 2 });
    expect(unpublished.json()).toMatchObject({ publishedAt: null, version: 3 });
    expect((await orderPage()).json().code).toBe('module_not_orderable');
    expect((await auditActions(created.id)).map((a) => a.action)).toEqual([
      'tariff.created',
      'tariff.published',
      'tariff.unpublished',
    ]);
  });

  it('a copy starts unpublished', async () => {
    const x = await buildTariff(t.db, tenant);
    await buildTariffItem(t.db, tenant, x.id);
    const copy = await superC.post(`/api/v1/staff/tariffs/${x.id}/copy`);
    expect(copy.status).toBe(201);
    expect(copy.json().publishedAt).toBeNull();
  });
});

describe('item abilities and what a change affects', () => {
  it('items carry their abilities: on a tariff in use no delete, no change of kind and the price only from a date; the tariff says how many bookings', async () => {
    const x = await buildTariff(t.db, tenant);
    await buildTariffItem(t.db, tenant, x.id);
    await buildTariffItem(t.db, tenant, x.id, { key: 'manual', billingMode: 'one_time', position: 1 });
    const unused = (await superC.get(`/api/v1/staff/tariffs/${x.id}`)).json();
    expect(unused).toMatchObject({ inUse: false, bookingCount: 0, currentBookingCount: 0 });
    expect(unused.items[0].abilities).toEqual({
      'item.edit': true,
      'item.editPrice': true,
      'item.changePrice': true,
      'item.changeKind': true,
      'item.delete': true,
    });
    // A manual item has no price list entry: no price change from a date.
    expect(unused.items[1].abilities['item.changePrice']).toBe(false);
    const manual = await superC.post(`/api/v1/staff/tariff-items/${unused.items[1].id}/price-changes`, {
      unitPrice: '5.00',
      validFrom: '2027-01-01',
    });
    expect(manual.status).toBe(400);
    expect(manual.json().errors).toMatchObject([{ field: 'unitPrice', code: 'manual_item' }]);
    await buildBooking(t.db, tenant, x);
    await buildBooking(t.db, tenant, x);
    const used = (await superC.get(`/api/v1/staff/tariffs/${x.id}`)).json();
    expect(used).toMatchObject({ inUse: true, bookingCount: 2, currentBookingCount: 2 });
    expect(used.items[0].abilities).toEqual({
      'item.edit': true,
      'item.editPrice': false,
      'item.changePrice': true,
      'item.changeKind': false,
      'item.delete': false,
    });
    const patched = await superC.patch(`/api/v1/staff/tariff-items/${used.items[0].id}`, {
      item: { ...itemInput, title: { nl: 'Basis', en: 'Base' } },
      version: used.items[0].version,
    });
    expect(patched.status).toBe(200);
    expect(patched.json().abilities).toEqual({
      'item.edit': true,
      'item.editPrice': false,
      'item.changePrice': true,
      'item.changeKind': false,
      'item.delete': false,
    });
  });

  it('counts as current only the bookings that have not ended on this tariff by today', async () => {
    const x = await buildTariff(t.db, tenant);
    await buildTariffItem(t.db, tenant, x.id);
    await buildBooking(t.db, tenant, x);
    const ended = await buildBooking(t.db, tenant, x, { startDate: '2026-01-01' });
    const switched = await buildBooking(t.db, tenant, x, { startDate: '2026-02-01' });
    const endsLater = await buildBooking(t.db, tenant, x, { startDate: '2026-03-01' });
    // Today is 2026-11-26: one booking ended yesterday, one moved to another tariff on 1 October,
    // one is cancelled to the end of December (still current).
    await t.db.system.update(bookings).set({ endDate: '2026-11-25' }).where(eq(bookings.id, ended.id));
    await t.db.system
      .update(bookingTariffPeriods)
      .set({ endDate: '2026-09-30' })
      .where(eq(bookingTariffPeriods.bookingId, switched.id));
    await t.db.system.update(bookings).set({ endDate: '2026-12-31' }).where(eq(bookings.id, endsLater.id));
    const tariff = (await superC.get(`/api/v1/staff/tariffs/${x.id}`)).json();
    expect(tariff).toMatchObject({ bookingCount: 4, currentBookingCount: 2 });
    const listed = (await superC.get(`/api/v1/staff/modules/${x.moduleId}/tariffs`)).json();
    expect(listed.items.find((i: { id: string }) => i.id === x.id)).toMatchObject({
      bookingCount: 4,
      currentBookingCount: 2,
    });
  });
});

describe('termination rule preview', () => {
  it('explains the yearly preset with today from the server clock', async () => {
    const res = await superC.post('/api/v1/staff/termination-rules/preview', {
      rule: terminationPresets.yearly,
    });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({
      problems: [],
      preset: 'yearly',
      description: {
        en: 'Minimum term 12 months, renews by 12 months, 3 months notice to the end of a term',
        de: expect.stringContaining('Mindestlaufzeit 12 Monate'),
        nl: expect.stringContaining('Minimale looptijd 12 maanden'),
      },
      example: {
        orderedOn: '2026-11-26',
        cancelledOn: '2026-11-26',
        earliestEnd: '2027-11-25',
        lastDayToCancel: '2027-08-25',
      },
    });
  });

  it('uses the server clock in the operator’s time zone, or a given day', async () => {
    const c = await loginStaff(t, tenant, 'supermanager');
    t.clock.set('2024-05-31T22:30:00Z'); // already 1 June in Berlin
    try {
      const res = await c.post('/api/v1/staff/termination-rules/preview', {
        rule: terminationPresets.monthly,
      });
      expect(res.json().example).toEqual({
        orderedOn: '2024-06-01',
        cancelledOn: '2024-06-01',
        earliestEnd: '2024-07-31',
        lastDayToCancel: '2024-06-30',
      });
    } finally {
      t.clock.set('2026-11-26T09:00:00Z');
    }
    const given = await superC.post('/api/v1/staff/termination-rules/preview', {
      rule: terminationPresets.immediate,
      today: '2024-03-15',
    });
    expect(given.json()).toMatchObject({
      preset: 'immediate',
      example: { earliestEnd: '2024-03-15', lastDayToCancel: '2024-03-15' },
    });
  });

  it('lists the problems of an invalid rule instead of an example; a malformed body is a 400', async () => {
    const res = await superC.post('/api/v1/staff/termination-rules/preview', {
      rule: { ...rule(terminationPresets.yearly), minimumTermMonths: 0 },
    });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({
      problems: [{ field: 'minimumTermMonths', code: 'term_end_requires_minimum_term' }],
      description: null,
      example: null,
    });
    const custom = await superC.post('/api/v1/staff/termination-rules/preview', {
      rule: {
        minimumTermMonths: 0,
        renewalMonths: 0,
        notice: { amount: 14, unit: 'days' },
        anchor: 'any_day',
      },
      today: '2026-11-26',
    });
    expect(custom.json()).toMatchObject({
      preset: null,
      description: { en: 'No minimum term, 14 days notice to any day' },
      example: { earliestEnd: '2026-12-10' },
    });
    const malformed = await superC.post('/api/v1/staff/termination-rules/preview', {
      rule: terminationPresets.monthly,
      today: '26.11.2026',
    });
    expect(malformed.status).toBe(400);
    expect(fieldsOf(malformed)).toEqual(['today']);
  });
});
