import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../../test/support/app';
import { TestClient } from '../../../../test/support/client';
import { loginClient, loginStaff } from '../../../../test/support/clients';
import { buildAccount, buildTenant } from '../../../../test/support/factories';
import { auditLog, invoiceSettings } from '../../db/schema';

let t: TestContext;

beforeAll(async () => {
  t = await startTestApp();
});

const paymentTerms = {
  dueDays: 14,
  discountPercent: '2',
  discountDays: 7,
  text: { nl: 'Betaling binnen 14 dagen', de: 'Zahlbar innerhalb von 14 Tagen' },
};

const issuer = {
  name: 'Belservice Noord B.V.',
  street: 'Damrak 1',
  postalCode: '1012 LG',
  city: 'Amsterdam',
  country: 'NL',
  vatId: 'NL123456789B01',
  taxNumber: null,
  iban: 'NL91ABNA0417164300',
  bic: 'ABNANL2A',
  bankName: 'ABN AMRO',
};

const URL = '/api/v1/staff/invoice-settings';
const fieldsOf = (res: { json(): { errors?: { field: string }[] } }) =>
  (res.json().errors ?? []).map((e) => e.field).sort();

describe('invoice settings', () => {
  it('start empty (version 0); version 0 creates them, then each save needs the version read', async () => {
    const tenant = await buildTenant(t.db);
    const c = await loginStaff(t, tenant, 'supermanager');
    const empty = await c.get(URL);
    expect(empty.status).toBe(200);
    expect(empty.json()).toEqual({
      paymentTerms: null,
      issuer: null,
      numberPatterns: {
        invoice: 'RE-{YYYY}-{seq:5}',
        correction: 'RK-{YYYY}-{seq:5}',
        test: 'TEST-{YYYY}-{seq:5}',
      },
      version: 0,
      abilities: { 'invoice.manage': true },
    });

    const created = await c.put(URL, { paymentTerms, issuer, version: 0 });
    expect(created.status).toBe(200);
    expect(created.json()).toMatchObject({ paymentTerms, issuer, version: 1 });

    const again = await c.put(URL, { paymentTerms, issuer, version: 0 });
    expect(again.status).toBe(409);
    expect(again.json()).toMatchObject({
      code: 'stale_version',
      current: { version: 1, issuer: { name: issuer.name } },
    });

    const updated = await c.put(URL, { paymentTerms: { ...paymentTerms, dueDays: 30 }, issuer, version: 1 });
    expect(updated.json()).toMatchObject({ version: 2, paymentTerms: { dueDays: 30 } });
    const stale = await c.put(URL, { paymentTerms: { ...paymentTerms, dueDays: 60 }, issuer, version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.json().current.paymentTerms.dueDays).toBe(30);
    expect((await c.get(URL)).json()).toMatchObject({ version: 2, paymentTerms: { dueDays: 30 } });

    const audit = await t.db.system
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenant.id), eq(auditLog.action, 'invoice_settings.updated')))
      .orderBy(auditLog.id);
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ before: null, after: { version: 1 } });
    expect(audit[1]).toMatchObject({
      before: { paymentTerms: { dueDays: 14 } },
      after: { paymentTerms: { dueDays: 30 } },
    });
  });

  it('a version given for settings that do not exist yet is stale', async () => {
    const tenant = await buildTenant(t.db);
    const c = await loginStaff(t, tenant, 'owner');
    const res = await c.put(URL, { paymentTerms, issuer, version: 3 });
    expect(res.status).toBe(409);
    expect(res.json()).toMatchObject({ code: 'stale_version', current: { version: 0, issuer: null } });
  });

  it('stores IBAN and VAT ID normalized', async () => {
    const tenant = await buildTenant(t.db);
    const c = await loginStaff(t, tenant, 'supermanager');
    const res = await c.put(URL, {
      paymentTerms,
      issuer: { ...issuer, iban: 'de89 3704 0044 0532 0130 00', vatId: 'de 123 456 789', bankName: '' },
      version: 0,
    });
    expect(res.status).toBe(200);
    expect(res.json().issuer).toMatchObject({
      iban: 'DE89370400440532013000',
      vatId: 'DE123456789',
      bankName: null,
    });
    const [row] = await t.db.system
      .select()
      .from(invoiceSettings)
      .where(eq(invoiceSettings.tenantId, tenant.id));
    expect(row?.issuer).toMatchObject({ iban: 'DE89370400440532013000', vatId: 'DE123456789' });
  });

  it.each([
    [{ iban: 'NL91ABNA0417164301' }, ['issuer.iban'], 'invalid_checksum'],
    [{ iban: 'NL91ABNA041716430' }, ['issuer.iban'], 'wrong_length'],
    [{ iban: 'XX00123' }, ['issuer.iban'], 'unknown_country'],
    [{ vatId: 'DE12345678' }, ['issuer.vatId'], 'invalid_format'],
    [{ vatId: 'NL123456789' }, ['issuer.vatId'], 'invalid_format'],
    [{ vatId: 'GR123456789' }, ['issuer.vatId'], 'use_el_for_greece'],
    [{ vatId: null, taxNumber: null }, ['issuer.taxNumber', 'issuer.vatId'], 'vat_id_or_tax_number'],
    [{ vatId: ' ', taxNumber: '' }, ['issuer.taxNumber', 'issuer.vatId'], 'vat_id_or_tax_number'],
  ])('refuses the issuer %j with field messages', async (over, fields, code) => {
    const tenant = await buildTenant(t.db);
    const c = await loginStaff(t, tenant, 'supermanager');
    const res = await c.put(URL, { paymentTerms, issuer: { ...issuer, ...over }, version: 0 });
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toEqual(fields);
    expect(res.json().errors[0]).toMatchObject({ code, message: expect.any(String) });
    expect((await c.get(URL)).json().version).toBe(0);
  });

  it('a tax number alone is enough', async () => {
    const tenant = await buildTenant(t.db);
    const c = await loginStaff(t, tenant, 'supermanager');
    const res = await c.put(URL, {
      paymentTerms,
      issuer: { ...issuer, country: 'DE', vatId: null, taxNumber: '143/123/45678' },
      version: 0,
    });
    expect(res.status).toBe(200);
    expect(res.json().issuer).toMatchObject({ vatId: null, taxNumber: '143/123/45678' });
  });

  it('refuses bad payment terms, a bad BIC and unknown fields', async () => {
    const tenant = await buildTenant(t.db);
    const c = await loginStaff(t, tenant, 'supermanager');
    const put = (body: object) => c.put(URL, { paymentTerms, issuer, version: 0, ...body });
    expect(fieldsOf(await put({ paymentTerms: { ...paymentTerms, discountDays: null } }))).toEqual([
      'paymentTerms.discountDays',
    ]);
    expect(fieldsOf(await put({ paymentTerms: { ...paymentTerms, discountDays: 20 } }))).toEqual([
      'paymentTerms.discountDays',
    ]);
    expect(fieldsOf(await put({ paymentTerms: { ...paymentTerms, dueDays: -1 } }))).toContain(
      'paymentTerms.dueDays',
    );
    expect(fieldsOf(await put({ issuer: { ...issuer, bic: 'ABN' } }))).toEqual(['issuer.bic']);
    expect(fieldsOf(await put({ issuer: { ...issuer, country: 'nl' } }))).toEqual(['issuer.country']);
    const unknown = await put({ currency: 'EUR' });
    expect(unknown.json().errors).toEqual([
      { field: 'currency', message: 'Unknown field', code: 'unknown_field' },
    ]);
    expect((await c.get(URL)).json().version).toBe(0);
  });

  it('keeps number patterns per series and refuses invalid or repeated ones', async () => {
    const tenant = await buildTenant(t.db);
    const c = await loginStaff(t, tenant, 'supermanager');
    const numberPatterns = {
      invoice: 'INV{YY}{MM}-{seq:4}',
      correction: 'CN-{seq}',
      test: 'T-{YYYY}-{seq:3}',
    };
    const saved = await c.put(URL, { paymentTerms, issuer, numberPatterns, version: 0 });
    expect(saved.status).toBe(200);
    expect(saved.json().numberPatterns).toEqual(numberPatterns);
    const bad = await c.put(URL, {
      paymentTerms,
      issuer,
      numberPatterns: { invoice: 'RE-{YYYY}', correction: 'RK-{MM}-{seq}', test: 'CN-{seq}' },
      version: 1,
    });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad)).toEqual(['numberPatterns.correction', 'numberPatterns.invoice']);
    const same = await c.put(URL, {
      paymentTerms,
      issuer,
      numberPatterns: { invoice: 'RE-{seq}', correction: 'RE-{seq}', test: 'T-{seq}' },
      version: 1,
    });
    expect(fieldsOf(same)).toEqual(['numberPatterns.correction']);
    expect((await c.get(URL)).json().numberPatterns).toEqual(numberPatterns);
  });

  it('supermanager and owner only; managers, clients and visitors are refused', async () => {
    const tenant = await buildTenant(t.db);
    const manager = await loginStaff(t, tenant, 'manager');
    expect((await manager.get(URL)).status).toBe(403);
    expect((await manager.put(URL, { paymentTerms, issuer, version: 0 })).status).toBe(403);
    const { owner } = await buildAccount(t.db, tenant);
    const client = await loginClient(t, tenant, owner);
    expect((await client.get(URL)).status).toBe(401);
    expect((await client.put(URL, { paymentTerms, issuer, version: 0 })).status).toBe(401);
    expect((await new TestClient(t.app, tenant.host).get(URL)).status).toBe(401);
    expect(
      (await (await loginStaff(t, tenant, 'owner')).put(URL, { paymentTerms, issuer, version: 0 })).status,
    ).toBe(200);
  });

  it('each tenant has its own settings', async () => {
    const a = await buildTenant(t.db);
    const b = await buildTenant(t.db);
    const ca = await loginStaff(t, a, 'supermanager');
    const cb = await loginStaff(t, b, 'supermanager');
    await ca.put(URL, { paymentTerms, issuer, version: 0 });
    expect((await cb.get(URL)).json()).toMatchObject({ version: 0, issuer: null });
    const own = await cb.put(URL, { paymentTerms, issuer: { ...issuer, name: 'Other B.V.' }, version: 0 });
    expect(own.status).toBe(200);
    expect((await ca.get(URL)).json().issuer.name).toBe(issuer.name);
  });
});
