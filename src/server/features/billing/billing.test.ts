import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../../test/support/app';
import {
  buildBilledAccount,
  buildBillingShop,
  endBooking,
  setAccount,
} from '../../../../test/support/billing-factories';
import { loginClient, loginStaff } from '../../../../test/support/clients';
import { dbErrorOf } from '../../../../test/support/db';
import { buildTenant } from '../../../../test/support/factories';
import { type BookingInput, computeCharges } from '../../../domain';
import { auditLog, bookingOptions, documentLines, documents, usageRecords } from '../../db/schema';

let t: TestContext;

beforeAll(async () => {
  t = await startTestApp();
});
beforeEach(() => {
  t.clock.set('2026-11-26T09:00:00Z');
});

async function setup(opts: Parameters<typeof buildBillingShop>[2] = {}) {
  const tenant = await buildTenant(t.db);
  const shop = await buildBillingShop(t.db, tenant, opts);
  const acc = await buildBilledAccount(t.db, tenant, shop);
  const sm = await loginStaff(t, tenant, 'supermanager');
  return { tenant, ...shop, ...acc, sm };
}

const billingUrl = (accountId: string, until?: string) =>
  `/api/v1/staff/accounts/${accountId}/billing${until ? `?until=${until}` : ''}`;

/** What the domain yields for the tariff of buildBillingShop with this booking (independent of the server's assembly). */
function recompute(
  s: Awaited<ReturnType<typeof setup>>,
  opts: { start: string; end: string | null; minimumTurnover?: string | null },
  until: string,
) {
  const booking: BookingInput = {
    id: s.booking.id,
    periods: [
      {
        tariffId: s.tariff.id,
        start: opts.start,
        end: opts.end,
        vatRate: '21',
        minimumTurnover: opts.minimumTurnover ?? null,
        items: [
          {
            id: s.base.id,
            title: 'Basisbedrag',
            key: 'base_fee',
            unitPrice: '31.00',
            billingMode: 'monthly_in_advance',
            minimumTurnoverFlag: opts.minimumTurnover != null,
          },
          ...(s.setup
            ? [
                {
                  id: s.setup.id,
                  title: 'Eenmalige kosten',
                  key: 'setup_fee' as const,
                  unitPrice: '49.00',
                  billingMode: 'one_time' as const,
                },
              ]
            : []),
        ],
      },
    ],
  };
  return computeCharges({ currency: 'EUR', period: { from: '2000-01-01', to: until }, bookings: [booking] });
}

describe('billing data', () => {
  it('lists due, future and invoiced charges with period, due date, quantity, price, VAT and amount', async () => {
    const s = await setup();
    const res = await s.sm.get(billingUrl(s.account.id));
    expect(res.status).toBe(200);
    const data = res.json();
    expect(data).toMatchObject({ until: '2026-11-26', currency: 'EUR', issueBlockedBy: null, dueNet: 11100 });
    const view = data.charges.map(
      (c: { title: string; periodFrom: string; dueDate: string; amount: number; status: string }) => [
        c.title,
        c.periodFrom,
        c.dueDate,
        c.amount,
        c.status,
      ],
    );
    expect(view).toEqual([
      ['Basisbedrag', '2026-10-01', '2026-10-01', 3100, 'due'],
      ['Eenmalige kosten', '2026-10-01', '2026-10-01', 4900, 'due'],
      ['Basisbedrag', '2026-11-01', '2026-11-01', 3100, 'due'],
      ['Basisbedrag', '2026-12-01', '2026-12-01', 3100, 'future'],
      ['Basisbedrag', '2027-01-01', '2027-01-01', 3100, 'future'],
    ]);
    expect(data.charges[0]).toMatchObject({
      quantity: '1',
      unitPrice: '31.00',
      vatRate: '21',
      periodTo: '2026-10-31',
    });
    expect(data.abilities).toEqual({ 'billing.view': true, 'billing.manage': true });
    // A later date is refused (future charges are visible, not issuable).
    const future = await s.sm.get(billingUrl(s.account.id, '2026-12-01'));
    expect(future.status).toBe(400);
    expect(future.json().errors[0]).toMatchObject({ field: 'until', code: 'future_date' });
  });

  it('employees and client members read it; the client only their own account', async () => {
    const s = await setup();
    const employee = await loginStaff(t, s.tenant, 'employee');
    const seen = await employee.get(billingUrl(s.account.id));
    expect(seen.status).toBe(200);
    expect(seen.json().abilities['billing.manage']).toBe(false);
    const member = await loginClient(t, s.tenant, s.member);
    const own = await member.get('/api/v1/client/billing');
    expect(own.status).toBe(200);
    expect(own.json().accountId).toBe(s.account.id);
    // A client session is no staff session.
    expect((await member.get(billingUrl(s.account.id))).status).toBe(401);
    const other = await buildTenant(t.db);
    const foreign = await loginStaff(t, other, 'supermanager');
    expect((await foreign.get(billingUrl(s.account.id))).status).toBe(404);
  });
});

describe('issuing', () => {
  it('a supermanager issues the invoice: numbered, frozen, each charge once; a second issue finds nothing', async () => {
    const s = await setup();
    await setAccount(t.db, s.account.id, { purchaseOrderNumber: 'PO-77', documentLocale: 'en' });
    const res = await s.sm.post(`/api/v1/staff/accounts/${s.account.id}/invoices`, { until: '2026-11-26' });
    expect(res.status).toBe(201);
    const [inv, ...rest] = res.json().items;
    expect(rest).toEqual([]);
    expect(inv).toMatchObject({
      kind: 'invoice',
      number: 'RE-2026-00001',
      issueDate: '2026-11-26',
      net: 11100,
      vat: 2331,
      gross: 13431,
      state: 'issued',
      pdfUrl: `/api/v1/staff/documents/${inv.id}/pdf`,
    });
    const detail = (await s.sm.get(`/api/v1/staff/documents/${inv.id}`)).json();
    expect(detail.data).toMatchObject({
      language: 'en',
      purchaseOrderNumber: 'PO-77',
      customerNumber: s.account.customerNumber,
      recipient: { company: 'Bakkerij Test B.V.', city: 'Utrecht' },
      issuer: { name: 'Operator B.V.', vatId: 'NL123456789B01' },
      paymentTerms: { dueDays: 14, dueDate: '2026-12-10', text: 'Payment within 14 days.' },
      vatTreatment: 'standard',
      vatLegend: null,
      periodFrom: '2026-10-01',
      periodTo: '2026-11-30',
      totals: { perRate: [{ vatRate: '21', net: 11100, vat: 2331, gross: 13431 }] },
    });
    expect(detail.data.lines.map((l: { title: string }) => l.title)).toEqual([
      'Base fee',
      'Setup fee',
      'Base fee',
    ]);

    // The account changes later: the issued document does not.
    await setAccount(t.db, s.account.id, { purchaseOrderNumber: 'PO-99' });
    expect((await s.sm.get(`/api/v1/staff/documents/${inv.id}`)).json().data.purchaseOrderNumber).toBe(
      'PO-77',
    );

    const again = await s.sm.post(`/api/v1/staff/accounts/${s.account.id}/invoices`, { until: '2026-11-26' });
    expect(again.status).toBe(409);
    expect(again.json().code).toBe('nothing_due');
    const data = (await s.sm.get(billingUrl(s.account.id))).json();
    expect(data.charges.filter((c: { status: string }) => c.status === 'invoiced')).toHaveLength(3);
    expect(data.charges.find((c: { status: string }) => c.status === 'invoiced').documentNumber).toBe(
      'RE-2026-00001',
    );
    expect(data.issueBlockedBy).toBe('nothing_due');

    // The next month continues the series.
    t.clock.set('2026-12-02T09:00:00Z');
    const later = await loginStaff(t, s.tenant, 'supermanager');
    const next = await later.post(`/api/v1/staff/accounts/${s.account.id}/invoices`, { until: '2026-12-02' });
    expect(next.json().items[0]).toMatchObject({ number: 'RE-2026-00002', net: 3100 });
  });

  it('refuses a future date, missing invoice settings, and anyone below supermanager', async () => {
    const s = await setup();
    const url = `/api/v1/staff/accounts/${s.account.id}/invoices`;
    const future = await s.sm.post(url, { until: '2026-11-27' });
    expect(future.status).toBe(400);
    expect(future.json().code).toBe('future_date');
    for (const level of ['employee', 'manager'] as const) {
      const c = await loginStaff(t, s.tenant, level);
      expect((await c.post(url, { until: '2026-11-26' })).status).toBe(403);
    }
    const owner = await loginClient(t, s.tenant, s.owner);
    expect((await owner.post(url, { until: '2026-11-26' })).status).toBe(401);
    const staffOwner = await loginStaff(t, s.tenant, 'owner');
    expect((await staffOwner.post(url, { until: '2026-11-26' })).status).toBe(201);

    const bare = await setup({ withSettings: false });
    const none = await bare.sm.post(`/api/v1/staff/accounts/${bare.account.id}/invoices`, {
      until: '2026-11-26',
    });
    expect(none.status).toBe(409);
    expect(none.json().code).toBe('no_invoice_settings');
    expect((await bare.sm.get(billingUrl(bare.account.id))).json().issueBlockedBy).toBe(
      'no_invoice_settings',
    );
  });

  it('test accounts use the test series and stay out of the export', async () => {
    const s = await setup();
    const test = await buildBilledAccount(t.db, s.tenant, s, { isTestAccount: true });
    const a = (
      await s.sm.post(`/api/v1/staff/accounts/${s.account.id}/invoices`, { until: '2026-11-26' })
    ).json();
    const b = (
      await s.sm.post(`/api/v1/staff/accounts/${test.account.id}/invoices`, { until: '2026-11-26' })
    ).json();
    expect(a.items[0].number).toBe('RE-2026-00001');
    expect(b.items[0]).toMatchObject({ number: 'TEST-2026-00001', isTest: true });
    const csv = await s.sm.get('/api/v1/staff/exports/documents.csv?from=2026-11-01&to=2026-11-30');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe(
      'number,date,account,customer_number,vat_rate,net,vat,gross,currency,type,corrects',
    );
    expect(lines.slice(1)).toEqual([
      `RE-2026-00001,2026-11-26,${s.account.name},${s.account.customerNumber},21,111.00,23.31,134.31,EUR,invoice,`,
    ]);
    const employee = await loginStaff(t, s.tenant, 'manager');
    expect(
      (await employee.get('/api/v1/staff/exports/documents.csv?from=2026-11-01&to=2026-11-30')).status,
    ).toBe(403);
    expect((await s.sm.get('/api/v1/staff/exports/documents.csv?from=2026-11-30&to=2026-11-01')).status).toBe(
      400,
    );
  });

  it('numbers stay unique and gap-free when accounts are issued in parallel', async () => {
    const s = await setup();
    const more = await Promise.all(Array.from({ length: 8 }, () => buildBilledAccount(t.db, s.tenant, s)));
    const ids = [s.account.id, ...more.map((m) => m.account.id)];
    const results = await Promise.all(
      ids.map((id) => s.sm.post(`/api/v1/staff/accounts/${id}/invoices`, { until: '2026-11-26' })),
    );
    expect(results.map((r) => r.status)).toEqual(ids.map(() => 201));
    const numbers = results.map((r) => r.json().items[0].number).sort();
    expect(numbers).toEqual(ids.map((_, i) => `RE-2026-${String(i + 1).padStart(5, '0')}`));
    // Parallel issues of the same account: one invoice, the other finds nothing.
    const extra = await buildBilledAccount(t.db, s.tenant, s);
    const both = await Promise.all([
      s.sm.post(`/api/v1/staff/accounts/${extra.account.id}/invoices`, { until: '2026-11-26' }),
      s.sm.post(`/api/v1/staff/accounts/${extra.account.id}/invoices`, { until: '2026-11-26' }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
  });
});

describe('manual items', () => {
  it('a supermanager adds a one-off line with a reason (in the audit); it is issued with the next invoice', async () => {
    const s = await setup();
    const url = `/api/v1/staff/accounts/${s.account.id}/manual-items`;
    const item = {
      title: 'Extra training',
      quantity: '2',
      unitPrice: '45.50',
      vatRate: '21',
      date: '2026-11-20',
    };
    const noReason = await s.sm.post(url, item);
    expect(noReason.status).toBe(400);
    expect(noReason.json().errors.map((e: { field: string }) => e.field)).toEqual(['reason']);
    const blank = await s.sm.post(url, { ...item, reason: '  ' });
    expect(blank.status).toBe(400);
    const manager = await loginStaff(t, s.tenant, 'manager');
    expect((await manager.post(url, { ...item, reason: 'Agreed by phone' })).status).toBe(403);
    const added = await s.sm.post(url, { ...item, reason: 'Agreed by phone' });
    expect(added.status).toBe(201);
    expect(added.json()).toMatchObject({ title: 'Extra training', quantity: '2', unitPrice: '45.50' });
    const [audit] = await t.db.system
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.accountId, s.account.id), eq(auditLog.action, 'billing.manual_item_added')));
    expect(audit?.reason).toBe('Agreed by phone');
    const data = (await s.sm.get(billingUrl(s.account.id))).json();
    expect(data.charges.find((c: { kind: string }) => c.kind === 'manual')).toMatchObject({
      amount: 9100,
      status: 'due',
      dueDate: '2026-11-20',
    });
    const inv = (
      await s.sm.post(`/api/v1/staff/accounts/${s.account.id}/invoices`, { until: '2026-11-26' })
    ).json();
    expect(inv.items[0].net).toBe(11100 + 9100);
  });
});

describe('usage', () => {
  const csvOf = (rows: string[][]) =>
    ['source_record_id,booking_id,item_id,month,quantity', ...rows.map((r) => r.join(','))].join('\n');

  it('imports a CSV idempotently per source record id; the quantities become charges', async () => {
    const s = await setup();
    const csv = csvOf([
      ['cdr-1', s.booking.id, s.calls.id, '2026-10', '40'],
      ['cdr-2', s.booking.id, s.calls.id, '2026-10', '2.5'],
    ]);
    const post = (body: string) =>
      s.sm.request('POST', '/api/v1/staff/usage/csv', undefined, {
        rawBody: body,
        headers: { 'content-type': 'text/csv' },
      });
    const first = await post(csv);
    expect(first.status).toBe(200);
    expect(first.json()).toEqual({ imported: 2, unchanged: 0 });
    expect((await post(csv)).json()).toEqual({ imported: 0, unchanged: 2 });
    const usage = (await s.sm.get(billingUrl(s.account.id)))
      .json()
      .charges.filter((c: { kind: string }) => c.kind === 'usage');
    expect(
      usage.map((c: { quantity: string; amount: number; dueDate: string }) => [
        c.quantity,
        c.amount,
        c.dueDate,
      ]),
    ).toEqual([
      ['40', 2000, '2026-10-31'],
      ['2.5', 125, '2026-10-31'],
    ]);
    // The same records through the API change nothing either.
    const api = await s.sm.post('/api/v1/staff/usage', {
      records: [
        {
          sourceRecordId: 'cdr-1',
          bookingId: s.booking.id,
          itemId: s.calls.id,
          month: '2026-10',
          quantity: '40',
        },
      ],
    });
    expect(api.json()).toEqual({ imported: 0, unchanged: 1 });
  });

  it('refuses a bad file with every refused line and imports nothing of it', async () => {
    const s = await setup();
    const other = await setup();
    const csv = csvOf([
      ['ok-1', s.booking.id, s.calls.id, '2026-10', '10'],
      ['bad-month', s.booking.id, s.calls.id, '2026-13', '10'],
      ['bad-qty', s.booking.id, s.calls.id, '2026-10', 'ten'],
      ['not-usage', s.booking.id, s.base.id, '2026-10', '1'],
      ['before-start', s.booking.id, s.calls.id, '2026-08', '1'],
      ['foreign', other.booking.id, other.calls.id, '2026-10', '1'],
      ['ok-1', s.booking.id, s.calls.id, '2026-10', '10'],
    ]);
    const res = await s.sm.request('POST', '/api/v1/staff/usage/csv', undefined, {
      rawBody: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.status).toBe(400);
    expect(res.json().code).toBe('usage_refused');
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'line.3.month',
      'line.4.quantity',
      'line.5.itemId',
      'line.6.month',
      'line.7.bookingId',
      'line.8.sourceRecordId',
    ]);
    const stored = await t.db.system
      .select()
      .from(usageRecords)
      .where(eq(usageRecords.tenantId, s.tenant.id));
    expect(stored).toEqual([]);
    const header = await s.sm.request('POST', '/api/v1/staff/usage/csv', undefined, {
      rawBody: 'id,qty\n1,2',
      headers: { 'content-type': 'text/csv' },
    });
    expect(header.status).toBe(400);
    expect(header.json().errors[0].field).toBe('line.1.file');
    // A source id imported before with other values is refused, not overwritten.
    await s.sm.post('/api/v1/staff/usage', {
      records: [
        {
          sourceRecordId: 'x-1',
          bookingId: s.booking.id,
          itemId: s.calls.id,
          month: '2026-10',
          quantity: '3',
        },
      ],
    });
    const changed = await s.sm.post('/api/v1/staff/usage', {
      records: [
        {
          sourceRecordId: 'x-1',
          bookingId: s.booking.id,
          itemId: s.calls.id,
          month: '2026-10',
          quantity: '4',
        },
      ],
    });
    expect(changed.status).toBe(400);
    expect(changed.json().errors[0].field).toBe('line.1.sourceRecordId');
    const employee = await loginStaff(t, s.tenant, 'manager');
    expect((await employee.post('/api/v1/staff/usage', { records: [{}] })).status).toBe(403);
  });
});

async function issue(s: Awaited<ReturnType<typeof setup>>, until: string) {
  const res = await s.sm.post(`/api/v1/staff/accounts/${s.account.id}/invoices`, { until });
  expect(res.status).toBe(201);
  return res.json().items as { id: string; kind: string; number: string; net: number }[];
}

/** Net per charge key over all issued lines (invoices and their corrections). */
async function standingPerCharge(accountId: string) {
  const lines = await t.db.system.select().from(documentLines).where(eq(documentLines.accountId, accountId));
  const out = new Map<string, number>();
  for (const l of lines) {
    const key = l.correctsChargeKey ?? l.chargeKey;
    out.set(key, (out.get(key) ?? 0) + l.netMinor);
  }
  return out;
}

describe('corrections', () => {
  it('an end inside an invoiced period: the unused days are credited; invoice + correction = recomputed', async () => {
    const s = await setup();
    const [inv] = await issue(s, '2026-11-26');
    await endBooking(t.db, s.booking.id, '2026-11-10');
    const data = (await s.sm.get(billingUrl(s.account.id))).json();
    expect(data.pendingCorrections).toMatchObject([
      {
        periodFrom: '2026-11-11',
        periodTo: '2026-11-30',
        amount: 1033 - 3100,
        correctsDocumentNumber: inv?.number,
        correctsDocumentDate: '2026-11-26',
      },
    ]);
    const employee = await loginStaff(t, s.tenant, 'employee');
    expect((await employee.post(`/api/v1/staff/accounts/${s.account.id}/corrections`)).status).toBe(403);
    const res = await s.sm.post(`/api/v1/staff/accounts/${s.account.id}/corrections`);
    expect(res.status).toBe(201);
    const [k] = res.json().items;
    expect(k).toMatchObject({
      kind: 'correction',
      number: 'RK-2026-00001',
      net: -2067,
      correctsNumber: inv?.number,
    });
    const detail = (await s.sm.get(`/api/v1/staff/documents/${k.id}`)).json();
    expect(detail.data.corrects).toEqual({ number: inv?.number, issueDate: '2026-11-26' });
    expect(detail.data.totals).toMatchObject({ net: -2067, vat: -434, gross: -2501 });
    const original = (await s.sm.get(`/api/v1/staff/documents/${inv?.id}`)).json();
    expect(original.state).toBe('corrected');
    expect(original.correctedBy).toEqual([{ id: k.id, number: 'RK-2026-00001' }]);

    const expected = recompute(s, { start: '2026-10-01', end: '2026-11-10' }, '2026-11-26');
    const stands = await standingPerCharge(s.account.id);
    expect([...stands.entries()].sort()).toEqual(expected.map((c) => [c.key, c.amount.amountMinor]).sort());
    // Nothing pending any more; a second issue finds nothing.
    expect((await s.sm.get(billingUrl(s.account.id))).json().pendingCorrections).toEqual([]);
    expect((await s.sm.post(`/api/v1/staff/accounts/${s.account.id}/corrections`)).status).toBe(409);
  });

  it('minimum turnover: the prorated minimum of the shorter month corrects the top-up too, to the cent', async () => {
    t.clock.set('2026-12-01T09:00:00Z');
    const s = await setup({ minimumTurnover: '50.00', setupFee: false });
    const [inv] = await issue(s, '2026-11-30');
    // Oct 31 + top-up 19, Nov 31 + top-up 19.
    expect(inv?.net).toBe(10000);
    await endBooking(t.db, s.booking.id, '2026-11-10');
    // Corrections are issued with the next issue.
    const next = await issue(s, '2026-12-01');
    expect(next.map((d) => [d.kind, d.net])).toEqual([['correction', 1033 - 3100 + (1667 - 1033) - 1900]]);
    const expected = recompute(
      s,
      { start: '2026-10-01', end: '2026-11-10', minimumTurnover: '50.00' },
      '2026-12-01',
    );
    const stands = await standingPerCharge(s.account.id);
    expect([...stands.entries()].sort()).toEqual(expected.map((c) => [c.key, c.amount.amountMinor]).sort());
  });

  it('an option ending inside an invoiced month is credited for its unused days', async () => {
    const s = await setup({ setupFee: false });
    const { buildTariffItem } = await import('../../../../test/support/catalog-factories');
    const extra = await buildTariffItem(t.db, s.tenant, s.tariff.id, {
      title: { nl: 'Extra lijn' },
      key: 'additional_option',
      unitPrice: '30.00',
    });
    const [option] = await t.db.system
      .insert(bookingOptions)
      .values({
        tenantId: s.tenant.id,
        bookingId: s.booking.id,
        itemId: extra.id,
        startDate: '2026-11-01',
        createdAt: new Date('2026-10-20T10:00:00Z'),
      })
      .returning();
    await issue(s, '2026-11-26');
    await t.db.system
      .update(bookingOptions)
      .set({ endDate: '2026-11-15' })
      .where(eq(bookingOptions.id, option!.id));
    const pending = (await s.sm.get(billingUrl(s.account.id))).json().pendingCorrections;
    expect(pending.map((k: { title: string; amount: number }) => [k.title, k.amount])).toEqual([
      ['Extra lijn', 1500 - 3000],
    ]);
  });

  it('manual correction of chosen lines needs a reason and an issued line', async () => {
    const s = await setup();
    const [inv] = await issue(s, '2026-11-26');
    const detail = (await s.sm.get(`/api/v1/staff/documents/${inv?.id}`)).json();
    const setupLine = detail.data.lines.find((l: { kind: string }) => l.kind === 'setup_fee');
    const url = `/api/v1/staff/documents/${inv?.id}/corrections`;
    expect((await s.sm.post(url, { lines: [{ chargeKey: setupLine.chargeKey }] })).status).toBe(400);
    const unissued = await s.sm.post(url, { lines: [{ chargeKey: 'not-a-charge' }], reason: 'Goodwill' });
    expect(unissued.status).toBe(400);
    expect(unissued.json().errors[0]).toMatchObject({ field: 'lines.0.chargeKey', code: 'line_not_issued' });
    const tooMuch = await s.sm.post(url, {
      lines: [{ chargeKey: setupLine.chargeKey, credit: 5000 }],
      reason: 'Goodwill',
    });
    expect(tooMuch.json().errors[0].code).toBe('credit_too_high');
    const manager = await loginStaff(t, s.tenant, 'manager');
    expect(
      (await manager.post(url, { lines: [{ chargeKey: setupLine.chargeKey }], reason: 'Goodwill' })).status,
    ).toBe(403);
    const ok = await s.sm.post(url, {
      lines: [{ chargeKey: setupLine.chargeKey, credit: 900 }],
      reason: 'Goodwill',
    });
    expect(ok.status).toBe(201);
    expect(ok.json().items[0]).toMatchObject({ kind: 'correction', net: -900, correctsNumber: inv?.number });
    const [doc] = await t.db.system.select().from(documents).where(eq(documents.id, ok.json().items[0].id));
    expect(doc?.reason).toBe('Goodwill');
    const rest = await s.sm.post(url, { lines: [{ chargeKey: setupLine.chargeKey }], reason: 'Rest of it' });
    expect(rest.json().items[0].net).toBe(-4000);
    expect((await standingPerCharge(s.account.id)).get(setupLine.chargeKey)).toBe(0);
  });
});

describe('immutability of issued documents', () => {
  it('UPDATE and DELETE of a document or line are refused, as the application role and as the owner', async () => {
    const s = await setup();
    const [inv] = await issue(s, '2026-11-26');
    const id = inv!.id;
    const asApp = (fn: Parameters<typeof t.db.tenant>[1]) => t.db.tenant(s.tenant.id, fn);
    // Each attempt starts only when the previous one was refused.
    for (const attempt of [
      () => asApp((tx) => tx.update(documents).set({ number: 'X' }).where(eq(documents.id, id))),
      () => asApp((tx) => tx.delete(documents).where(eq(documents.id, id))),
      () =>
        asApp((tx) => tx.update(documentLines).set({ netMinor: 1 }).where(eq(documentLines.documentId, id))),
      () => asApp((tx) => tx.delete(documentLines).where(eq(documentLines.documentId, id))),
    ])
      expect(await dbErrorOf(attempt())).toMatch(/permission denied|immutable/);
    for (const attempt of [
      () => t.db.system.update(documents).set({ number: 'X' }).where(eq(documents.id, id)),
      () => t.db.system.delete(documentLines).where(eq(documentLines.documentId, id)),
      () => t.db.system.update(documentLines).set({ netMinor: 1 }).where(eq(documentLines.documentId, id)),
      () => t.db.system.delete(documents).where(eq(documents.id, id)),
      () => t.db.system.execute(sql`truncate document_lines`),
    ])
      expect(await dbErrorOf(attempt())).toMatch(/immutable/);
    const [row] = await t.db.system.select().from(documents).where(eq(documents.id, id));
    expect(row?.number).toBe(inv?.number);
  });

  it('a charge is on exactly one document: the database refuses a second line with its key', async () => {
    const s = await setup();
    const [inv] = await issue(s, '2026-11-26');
    const [line] = await t.db.system
      .select()
      .from(documentLines)
      .where(eq(documentLines.documentId, inv!.id));
    const copy = { ...line!, id: undefined, position: 99 };
    expect(await dbErrorOf(t.db.system.insert(documentLines).values(copy as never))).toMatch(
      /document_lines_charge_key|duplicate key/,
    );
  });
});

describe('the archive', () => {
  it('lists the documents for client users and staff; another account’s document is not found', async () => {
    const s = await setup();
    const [inv] = await issue(s, '2026-11-26');
    const member = await loginClient(t, s.tenant, s.member);
    const list = await member.get('/api/v1/client/documents');
    expect(list.status).toBe(200);
    expect(list.json().items).toMatchObject([
      {
        id: inv?.id,
        number: 'RE-2026-00001',
        kind: 'invoice',
        gross: 13431,
        state: 'issued',
        pdfUrl: `/api/v1/client/documents/${inv?.id}/pdf`,
      },
    ]);
    expect((await member.get(`/api/v1/client/documents/${inv?.id}`)).json().data.number).toBe(
      'RE-2026-00001',
    );
    const employee = await loginStaff(t, s.tenant, 'employee');
    expect(
      (await employee.get(`/api/v1/staff/accounts/${s.account.id}/documents`)).json().items,
    ).toHaveLength(1);
    const other = await buildBilledAccount(t.db, s.tenant, s);
    const stranger = await loginClient(t, s.tenant, other.owner);
    expect((await stranger.get(`/api/v1/client/documents/${inv?.id}`)).status).toBe(404);
    expect((await stranger.get('/api/v1/client/documents')).json().items).toEqual([]);
  });
});

describe('price changes', () => {
  it('take effect from a chosen date (today or later); earlier periods keep the old price; clients see the announcement', async () => {
    const s = await setup();
    const url = `/api/v1/staff/tariff-items/${s.base.id}/price-changes`;
    const past = await s.sm.post(url, { unitPrice: '35.00', validFrom: '2026-11-25' });
    expect(past.status).toBe(400);
    expect(past.json().errors[0].field).toBe('validFrom');
    const manager = await loginStaff(t, s.tenant, 'manager');
    expect((await manager.post(url, { unitPrice: '35.00', validFrom: '2027-01-01' })).status).toBe(403);
    const ok = await s.sm.post(url, { unitPrice: '35.00', validFrom: '2027-01-01' });
    expect(ok.status).toBe(201);
    expect(ok.json().items).toMatchObject([
      { validFrom: '2027-01-01', unitPrice: '35.00', previousUnitPrice: '31.00' },
    ]);
    const data = (await s.sm.get(billingUrl(s.account.id))).json();
    const base = data.charges.filter((c: { title: string }) => c.title === 'Basisbedrag');
    expect(base.map((c: { periodFrom: string; amount: number }) => [c.periodFrom, c.amount])).toEqual([
      ['2026-10-01', 3100],
      ['2026-11-01', 3100],
      ['2026-12-01', 3100],
      ['2027-01-01', 3500],
    ]);
    const client = await loginClient(t, s.tenant, s.owner);
    const seen = (await client.get('/api/v1/client/billing')).json();
    expect(seen.announcedPriceChanges).toMatchObject([
      { validFrom: '2027-01-01', unitPrice: '35.00', previousUnitPrice: '31.00', itemTitle: 'Basisbedrag' },
    ]);
  });
});
