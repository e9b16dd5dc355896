import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../../test/support/app';
import { loginClient, loginStaff } from '../../../../test/support/clients';
import { buildAccount, buildTenant, type TestTenant } from '../../../../test/support/factories';
import { buildBooking, buildModule, buildTariff, rules } from '../../../../test/support/order-factories';
import type { TerminationRuleInput } from '../../../shared/schemas';
import {
  accounts,
  auditLog,
  bookingCancellations,
  bookingOptions,
  bookings,
  bookingTariffChanges,
  bookingTariffPeriods,
  modules,
  outboxEmails,
  tariffItems,
  tariffs,
} from '../../db/schema';
import { lifecycleRepository } from './booking-lifecycle.repository';

let t: TestContext;

beforeAll(async () => {
  t = await startTestApp();
});

/** Sets "today" (noon in Berlin) for the next requests. */
const today = (date: string) => t.clock.set(`${date}T10:00:00Z`);

const partner = {
  company: 'Muster GmbH',
  name: 'Petra Partner',
  street: 'Hauptstraße 1',
  postalCode: '10115',
  city: 'Berlin',
  country: 'DE',
  email: 'partner@muster.example',
  phone: null,
};

const optionItem = (title: string, price = '5.00', rule: TerminationRuleInput | null = null) => ({
  title: { nl: title, en: title },
  key: 'additional_option' as const,
  unitPrice: price,
  billingMode: 'monthly_in_advance' as const,
  terminationRule: rule,
});

/** A module with a monthly tariff (base fee, options "Extra line" and "Recording"), and more tariffs. */
async function setup(opts: {
  rule?: TerminationRuleInput;
  start?: string;
  customerType?: 'business' | 'consumer';
  today: string;
}) {
  // Sessions live on the same clock: set today before logging in.
  today(opts.today);
  const tenant = await buildTenant(t.db, { defaultLocale: 'de' });
  const module = await buildModule(t.db, tenant);
  const monthly = await buildTariff(t.db, tenant, module, {
    terminationRule: opts.rule ?? rules.monthly,
    items: [
      { title: { en: 'Base fee' }, key: 'base_fee', unitPrice: '29.90' },
      optionItem('Extra line'),
      optionItem('Recording', '3.00', rules.immediate),
    ],
  });
  // Offers "Extra line" too (it continues), but not "Recording" (it ends the day before the switch).
  const premium = await buildTariff(t.db, tenant, module, {
    terminationRule: { ...rules.yearly, renewalMonths: 0 },
    items: [
      { title: { en: 'Base fee' }, key: 'base_fee', unitPrice: '49.90' },
      optionItem('Extra line', '4.00'),
    ],
  });
  const secret = await buildTariff(t.db, tenant, module, { isPublic: false });
  const businessYearly = await buildTariff(t.db, tenant, module, {
    terminationRule: rules.yearly,
    businessOnly: true,
  });
  const otherModuleTariff = await buildTariff(t.db, tenant, await buildModule(t.db, tenant));
  const { account, owner, member } = await buildAccount(t.db, tenant, {
    contractPartner: partner,
    contractConcludedAt: new Date('2024-01-01T00:00:00Z'),
    customerType: opts.customerType ?? 'business',
  });
  const booking = await buildBooking(t.db, tenant, account, module, [
    { tariffId: monthly.id, startDate: opts.start ?? '2024-01-10' },
  ]);
  const c = await loginClient(t, tenant, owner);
  const relogin = async (date: string) => {
    today(date);
    return loginClient(t, tenant, owner);
  };
  return {
    relogin,
    tenant,
    module,
    monthly,
    premium,
    secret,
    businessYearly,
    otherModuleTariff,
    account,
    owner,
    member,
    booking,
    c,
  };
}

type Setup = Awaited<ReturnType<typeof setup>>;

async function stored(bookingId: string) {
  const [b] = await t.db.system.select().from(bookings).where(eq(bookings.id, bookingId));
  const periods = await t.db.system
    .select()
    .from(bookingTariffPeriods)
    .where(eq(bookingTariffPeriods.bookingId, bookingId))
    .orderBy(bookingTariffPeriods.startDate);
  const options = await t.db.system
    .select()
    .from(bookingOptions)
    .where(eq(bookingOptions.bookingId, bookingId))
    .orderBy(bookingOptions.startDate, bookingOptions.createdAt);
  return { booking: b, periods, options };
}

async function mailsOf(tenant: TestTenant) {
  return t.db.system.select().from(outboxEmails).where(eq(outboxEmails.tenantId, tenant.id));
}

async function manager(s: Setup) {
  return loginStaff(t, s.tenant, 'manager');
}

async function bookOption(s: Setup, title: string, startDate = '2024-02-01', quantity = 1) {
  const m = await manager(s);
  const lc = (await m.get(`/api/v1/staff/bookings/${s.booking.id}/lifecycle`)).json();
  const item = lc.optionItems.find((i: { title: { en: string } }) => i.title.en === title);
  const res = await m.post(`/api/v1/staff/bookings/${s.booking.id}/options`, {
    itemId: item.id,
    startDate,
    quantity,
  });
  expect(res.status).toBe(200);
  return { m, lifecycle: res.json(), item };
}

describe('DOMAIN.md §4 vectors through the API', () => {
  const vectors = [
    ['monthly', '2024-01-10', '2024-06-01', '2024-07-31', '2024-06-30'],
    ['monthly', '2024-01-10', '2024-06-30', '2024-07-31', '2024-06-30'],
    ['yearly', '2023-08-07', '2024-05-06', '2024-08-06', '2024-05-06'],
    ['yearly', '2023-08-07', '2024-05-07', '2025-08-06', '2025-05-06'],
    ['yearly', '2023-08-07', '2023-09-01', '2024-08-06', '2024-05-06'],
    ['monthly', '2024-01-10', '2024-05-31', '2024-06-30', '2024-05-31'],
    ['immediate', '2024-01-10', '2024-03-15', '2024-03-15', '2024-03-15'],
  ] as const;

  it.each(vectors)(
    '%s from %s, requested %s: ends %s, last day to cancel %s; the preview is what is stored',
    async (rule, start, requested, end, lastDay) => {
      const s = await setup({ rule: rules[rule], start, today: requested });
      const lc = (await s.c.get(`/api/v1/client/bookings/${s.booking.id}/lifecycle`)).json();
      expect(lc.dates).toMatchObject({ earliestEnd: end, lastDayToCancel: lastDay });
      expect(lc.today).toBe(requested);
      const preview = await s.c.post(`/api/v1/client/bookings/${s.booking.id}/cancellation/preview`, {});
      expect(preview.status).toBe(200);
      expect(preview.json()).toMatchObject({
        end,
        computed: { end, lastDayToCancel: lastDay },
        requestedOn: requested,
      });
      const done = await s.c.post(`/api/v1/client/bookings/${s.booking.id}/cancellation`, {
        cancellationReason: 'Moving abroad',
      });
      expect(done.status).toBe(200);
      expect(done.json()).toMatchObject({
        endDate: end,
        state: end < requested ? 'ended' : 'terminated',
        cancellation: {
          endDate: end,
          lastDayToCancel: lastDay,
          cancellationReason: 'Moving abroad',
          declaredBy: 'client',
        },
      });
      const db = await stored(s.booking.id);
      expect(db.booking?.endDate).toBe(end);
      expect(db.periods.at(-1)?.endDate).toBe(end);
    },
  );
});

describe('cancellation', () => {
  it('ends the options with the booking, audits, confirms by e-mail to owner and partner; withdrawal restores', async () => {
    const s0 = await setup({ today: '2024-01-20' });
    await bookOption(s0, 'Extra line', '2024-02-01', 2);
    const s = { ...s0, c: await s0.relogin('2024-06-01') };
    const preview = (
      await s.c.post(`/api/v1/client/bookings/${s.booking.id}/cancellation/preview`, {})
    ).json();
    expect(preview.optionsEnding).toHaveLength(1);
    expect(preview.optionsEnding[0].endsOn).toBe('2024-07-31');
    const res = await s.c.post(`/api/v1/client/bookings/${s.booking.id}/cancellation`, {});
    expect(res.status).toBe(200);
    expect(res.json().options[0]).toMatchObject({
      endDate: '2024-07-31',
      endCause: 'booking_end',
      state: 'terminated',
    });
    expect((await stored(s.booking.id)).options[0]?.endDate).toBe('2024-07-31');

    const mails = (await mailsOf(s.tenant)).filter((m) => m.subject.includes('Bestätigung Ihrer Kündigung'));
    expect(mails.map((m) => m.to).sort()).toEqual([s.owner.email, partner.email].sort());
    // The account's language is the operator's (de): what was declared, when received, the end.
    expect(mails[0]?.subject).toContain('Bestätigung Ihrer Kündigung');
    expect(mails[0]?.text).toContain('31. Juli 2024');
    expect(mails[0]?.text).toMatch(/Eingegangen am: 1\. Juni 2024(, | um )12:00/);

    const [audit] = await t.db.system
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, s.booking.id), eq(auditLog.action, 'booking.cancelled')));
    expect(audit?.before).toMatchObject({ endDate: null });
    expect(audit?.after).toMatchObject({ endDate: '2024-07-31', requestedOn: '2024-06-01' });

    // A second cancellation is refused; withdrawal puts everything back.
    expect((await s.c.post(`/api/v1/client/bookings/${s.booking.id}/cancellation`, {})).status).toBe(409);
    const w = await s.c.post(`/api/v1/client/bookings/${s.booking.id}/cancellation/withdraw`, {});
    expect(w.status).toBe(200);
    expect(w.json()).toMatchObject({ endDate: null, state: 'active', cancellation: null });
    const db = await stored(s.booking.id);
    expect(db.booking?.endDate).toBeNull();
    expect(db.periods.at(-1)?.endDate).toBeNull();
    expect(db.options[0]?.endDate).toBeNull();
    const rows = await t.db.system
      .select()
      .from(bookingCancellations)
      .where(eq(bookingCancellations.bookingId, s.booking.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.withdrawnAt).not.toBeNull();
    expect((await mailsOf(s.tenant)).some((m) => m.subject.includes('Rücknahme Ihrer Kündigung'))).toBe(true);
  });

  it('a manager may choose another end with a reason (warning when earlier); never before the start', async () => {
    const s = await setup({ today: '2024-06-01' });
    const m = await manager(s);
    const url = `/api/v1/staff/bookings/${s.booking.id}/cancellation`;
    const p = (await m.post(`${url}/preview`, { endDate: '2024-06-15' })).json();
    expect(p).toMatchObject({ end: '2024-06-15', isChosen: true, isEarlierThanComputed: true });
    expect(p.warnings.map((w: { code: string }) => w.code)).toContain('earlier_than_computed');

    const noReason = await m.post(url, { endDate: '2024-06-15' });
    expect(noReason.status).toBe(400);
    expect(noReason.json().errors[0]).toMatchObject({ field: 'reason', code: 'required' });
    const beforeStart = await m.post(url, { endDate: '2024-01-09', reason: 'Contract void' });
    expect(beforeStart.status).toBe(400);
    expect(beforeStart.json().errors[0].field).toBe('endDate');

    const ok = await m.post(url, { endDate: '2024-06-15', reason: 'Goodwill after outage' });
    expect(ok.status).toBe(200);
    expect(ok.json().cancellation).toMatchObject({
      endDate: '2024-06-15',
      computedEnd: '2024-07-31',
      overrideReason: 'Goodwill after outage',
      declaredBy: 'staff',
    });
    const [audit] = await t.db.system
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, s.booking.id), eq(auditLog.action, 'booking.cancelled')));
    expect(audit?.reason).toBe('Goodwill after outage');
  });

  it('refusals: client or employee choosing another date, member cancelling, ended booking, withdrawal after the end', async () => {
    const s = await setup({ today: '2024-06-01' });
    const url = `/api/v1/client/bookings/${s.booking.id}/cancellation`;
    const other = await s.c.post(url, { endDate: '2024-06-30' });
    expect(other.status).toBe(403);
    expect(other.json()).toMatchObject({ code: 'other_date_not_allowed' });
    const employee = await loginStaff(t, s.tenant, 'employee');
    expect(
      (await employee.post(`/api/v1/staff/bookings/${s.booking.id}/cancellation`, { endDate: '2024-06-30' }))
        .status,
    ).toBe(403);
    const member = await loginClient(t, s.tenant, s.member);
    expect((await member.post(url, {})).status).toBe(403);
    expect((await member.post(`${url}/preview`, {})).status).toBe(403);
    const memberView = (await member.get(`/api/v1/client/bookings/${s.booking.id}/lifecycle`)).json();
    expect(memberView.actions.cancel).toEqual({ allowed: false, blockedBy: 'level' });
    expect(memberView.dates.earliestEnd).toBe('2024-07-31');

    // An employee cancels at the computed date.
    expect((await employee.post(`/api/v1/staff/bookings/${s.booking.id}/cancellation`, {})).status).toBe(200);
    expect((await member.post(`${url}/withdraw`, {})).status).toBe(403);
    s.c = await s.relogin('2024-08-01');
    const view = (await s.c.get(`/api/v1/client/bookings/${s.booking.id}/lifecycle`)).json();
    expect(view).toMatchObject({ state: 'ended', dates: null });
    expect(view.actions.withdrawCancellation).toEqual({
      allowed: false,
      blockedBy: 'cancellation_in_effect',
    });
    const late = await s.c.post(`${url}/withdraw`, {});
    expect(late.status).toBe(409);
    expect(late.json().code).toBe('cancellation_in_effect');
    const again = await s.c.post(url, {});
    expect(again.status).toBe(409);
    expect(again.json().code).toBe('booking_ended');
    // Bad input never ends in a 5xx.
    expect((await s.c.post(url, { endDate: '2024-02-30' })).status).toBe(400);
    expect((await s.c.post(url, { extra: 1 })).status).toBe(400);
  });

  it('two cancellations of one booking at the same time: one wins', async () => {
    const s = await setup({ today: '2024-06-01' });
    const m = await manager(s);
    const [a, b] = await Promise.all([
      s.c.post(`/api/v1/client/bookings/${s.booking.id}/cancellation`, {}),
      m.post(`/api/v1/staff/bookings/${s.booking.id}/cancellation`, {
        endDate: '2024-09-30',
        reason: 'Asked by phone',
      }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const rows = await t.db.system
      .select()
      .from(bookingCancellations)
      .where(eq(bookingCancellations.bookingId, s.booking.id));
    expect(rows).toHaveLength(1);
    expect((await stored(s.booking.id)).booking?.endDate).toBe(rows[0]?.endDate);
  });
});

describe('change of tariff', () => {
  it('client: computed date, preview equals what is stored, options ending and continuing, amounts; withdrawal', async () => {
    const s0 = await setup({ today: '2024-01-20' });
    await bookOption(s0, 'Extra line', '2024-02-01', 2);
    await bookOption(s0, 'Recording', '2024-02-01', 1);
    const s = { ...s0, c: await s0.relogin('2024-06-01') };
    const choices = (await s.c.get(`/api/v1/client/bookings/${s.booking.id}/tariff-choices`)).json();
    const ids = choices.tariffs.map((x: { id: string }) => x.id);
    expect(ids).toContain(s.premium.id);
    expect(ids).toContain(s.businessYearly.id);
    expect(ids).not.toContain(s.secret.id);
    expect(ids).not.toContain(s.monthly.id);
    const revealed = (
      await s.c.get(
        `/api/v1/client/bookings/${s.booking.id}/tariff-choices?offerNumber=${s.secret.offerNumber}`,
      )
    ).json();
    expect(revealed.tariffs.map((x: { id: string }) => x.id)).toContain(s.secret.id);

    const url = `/api/v1/client/bookings/${s.booking.id}/tariff-change`;
    const preview = await s.c.post(`${url}/preview`, { tariffId: s.premium.id });
    expect(preview.status).toBe(200);
    const p = preview.json();
    expect(p).toMatchObject({
      oldEnds: '2024-07-31',
      newStarts: '2024-08-01',
      newMinimumTermEnds: '2025-07-31',
      isEarlierThanComputed: false,
      recurringBefore: { monthly: '42.90', yearly: '0.00' },
      recurringAfter: { monthly: '57.90', yearly: '0.00' },
    });
    expect(
      p.optionsEnding.map((o: { title: { en: string }; endsOn: string }) => [o.title.en, o.endsOn]),
    ).toEqual([['Recording', '2024-07-31']]);
    expect(
      p.optionsContinuing.map((o: { title: { en: string }; quantity: number }) => [o.title.en, o.quantity]),
    ).toEqual([['Extra line', 2]]);

    const res = await s.c.post(url, { tariffId: s.premium.id });
    expect(res.status).toBe(200);
    expect(res.json().scheduledChange).toMatchObject({
      switchDate: '2024-08-01',
      toTariff: { id: s.premium.id },
    });
    expect(res.json().actions.cancel).toEqual({ allowed: false, blockedBy: 'tariff_change_scheduled' });
    const db = await stored(s.booking.id);
    expect(db.periods.map((x) => [x.tariffId, x.startDate, x.endDate])).toEqual([
      [s.monthly.id, '2024-01-10', p.oldEnds],
      [s.premium.id, p.newStarts, null],
    ]);
    expect(db.options.map((o) => [o.startDate, o.endDate, o.quantity]).sort()).toEqual([
      ['2024-02-01', '2024-07-31', 1],
      ['2024-02-01', '2024-07-31', 2],
      ['2024-08-01', null, 2],
    ]);
    expect(db.booking?.startDate).toBe('2024-01-10');
    expect((await mailsOf(s.tenant)).some((m) => m.subject.includes('Tarifwechsel'))).toBe(true);

    // A second change while one is scheduled is refused; withdrawal restores the booking.
    expect((await s.c.post(url, { tariffId: s.businessYearly.id })).status).toBe(409);
    const w = await s.c.post(`${url}/withdraw`, {});
    expect(w.status).toBe(200);
    expect(w.json().scheduledChange).toBeNull();
    const after = await stored(s.booking.id);
    expect(after.periods.map((x) => [x.tariffId, x.endDate])).toEqual([[s.monthly.id, null]]);
    expect(after.options.map((o) => o.endDate)).toEqual([null, null]);
  });

  it('a manager switches earlier with a reason; the new tariff runs from then; withdrawal ends once it took effect', async () => {
    const s = await setup({ today: '2024-06-01' });
    let m = await manager(s);
    const url = `/api/v1/staff/bookings/${s.booking.id}/tariff-change`;
    const p = (await m.post(`${url}/preview`, { tariffId: s.secret.id, switchDate: '2024-06-15' })).json();
    expect(p).toMatchObject({ oldEnds: '2024-06-14', newStarts: '2024-06-15', isEarlierThanComputed: true });
    expect(p.warnings[0].code).toBe('earlier_than_computed');
    expect((await m.post(url, { tariffId: s.secret.id, switchDate: '2024-06-15' })).status).toBe(400);
    const bad = await m.post(url, { tariffId: s.secret.id, switchDate: '2024-01-10', reason: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.json().errors[0].field).toBe('switchDate');
    const ok = await m.post(url, {
      tariffId: s.secret.id,
      switchDate: '2024-06-15',
      reason: 'Upgrade agreed by phone',
    });
    expect(ok.status).toBe(200);
    today('2024-06-15');
    m = await manager(s);
    const lc = (await m.get(`/api/v1/staff/bookings/${s.booking.id}/lifecycle`)).json();
    expect(lc).toMatchObject({
      currentTariff: { id: s.secret.id },
      scheduledChange: null,
      startDate: '2024-01-10',
    });
    expect(lc.dates).toMatchObject({ earliestEnd: '2024-07-31' });
    expect((await m.post(`${url}/withdraw`, {})).status).toBe(409);
  });

  it('refusals: client date, member, another module, non-orderable, business-only for a consumer', async () => {
    const s = await setup({ customerType: 'consumer', today: '2024-06-01' });
    const url = `/api/v1/client/bookings/${s.booking.id}/tariff-change`;
    expect((await s.c.post(url, { tariffId: s.premium.id, switchDate: '2024-06-15' })).status).toBe(403);
    const member = await loginClient(t, s.tenant, s.member);
    expect((await member.post(url, { tariffId: s.premium.id })).status).toBe(403);
    const otherModule = await s.c.post(url, { tariffId: s.otherModuleTariff.id });
    expect(otherModule.status).toBe(400);
    expect(otherModule.json().errors[0]).toMatchObject({ field: 'tariffId', code: 'other_module' });
    const secret = await s.c.post(url, { tariffId: s.secret.id });
    expect(secret.status).toBe(400);
    expect(secret.json().errors[0].code).toBe('offer_number_required');
    expect(
      (await s.c.post(`${url}/preview`, { tariffId: s.secret.id, offerNumber: s.secret.offerNumber })).status,
    ).toBe(200);
    expect((await s.c.post(url, { tariffId: s.businessYearly.id })).status).toBe(400);
    expect((await s.c.post(url, { tariffId: s.monthly.id })).json().errors[0].code).toBe('same_tariff');
    const employee = await loginStaff(t, s.tenant, 'employee');
    expect(
      (await employee.post(`/api/v1/staff/bookings/${s.booking.id}/tariff-change`, { tariffId: s.secret.id }))
        .status,
    ).toBe(400);
  });
});

describe('additional options', () => {
  it('a manager books and terminates with notice (own rule, else the tariff’s); clients see them', async () => {
    const s = await setup({ today: '2024-03-05' });
    const { m, lifecycle } = await bookOption(s, 'Extra line', '2024-03-05');
    const option = lifecycle.options[0];
    expect(option).toMatchObject({
      state: 'active',
      quantity: 1,
      terminationEnd: { end: '2024-04-30', lastDayToCancel: '2024-03-31' },
    });
    const url = `/api/v1/staff/bookings/${s.booking.id}/options/${option.id}/termination`;
    const res = await m.post(url, {});
    expect(res.status).toBe(200);
    expect(res.json().options[0]).toMatchObject({
      endDate: '2024-04-30',
      state: 'terminated',
      endCause: 'termination',
    });
    const { lifecycle: l2 } = await bookOption(s, 'Recording', '2024-03-05');
    const rec = l2.options.find((o: { title: { en: string } }) => o.title.en === 'Recording');
    expect(rec.terminationEnd.end).toBe('2024-03-05');
    const other = await m.post(`/api/v1/staff/bookings/${s.booking.id}/options/${rec.id}/termination`, {
      endDate: '2024-03-20',
    });
    expect(other.status).toBe(400);
    const withReason = await m.post(`/api/v1/staff/bookings/${s.booking.id}/options/${rec.id}/termination`, {
      endDate: '2024-03-20',
      reason: 'Trial period',
    });
    expect(withReason.status).toBe(200);
    const view = (await s.c.get(`/api/v1/client/bookings/${s.booking.id}/lifecycle`)).json();
    expect(view.options).toHaveLength(2);
    expect(view.actions.bookOption).toEqual({ allowed: false, blockedBy: 'level' });
    expect(view.options[0].actions.terminate).toEqual({ allowed: false, blockedBy: 'level' });
    const subjects = (await mailsOf(s.tenant)).map((x) => x.subject);
    expect(subjects.some((x) => x.includes('Zusatzoption gebucht'))).toBe(true);
    expect(subjects.some((x) => x.includes('Zusatzoption gekündigt'))).toBe(true);
  });

  it('refusals: an employee, an item of another tariff, an option outliving its booking (server and database)', async () => {
    const s = await setup({ today: '2024-06-01' });
    const m = await manager(s);
    const lc = (await m.get(`/api/v1/staff/bookings/${s.booking.id}/lifecycle`)).json();
    const item = lc.optionItems[0];
    const employee = await loginStaff(t, s.tenant, 'employee');
    const url = `/api/v1/staff/bookings/${s.booking.id}/options`;
    expect((await employee.post(url, { itemId: item.id, startDate: '2024-06-01', quantity: 1 })).status).toBe(
      403,
    );
    expect(
      (
        await s.c.post(`/api/v1/client/bookings/${s.booking.id}/options`, {
          itemId: item.id,
          startDate: '2024-06-01',
          quantity: 1,
        })
      ).status,
    ).toBe(404);
    const baseFee = lc.currentTariff.items.find((i: { key: string }) => i.key === 'base_fee');
    expect(
      (await m.post(url, { itemId: baseFee.id, startDate: '2024-06-01', quantity: 1 })).json().errors[0]
        .field,
    ).toBe('itemId');
    expect(
      (await m.post(url, { itemId: item.id, startDate: '2024-01-01', quantity: 1 })).json().errors[0].code,
    ).toBe('before_start');
    expect((await m.post(url, { itemId: item.id, startDate: '2024-06-01', quantity: 0 })).status).toBe(400);

    const booked = (await m.post(url, { itemId: item.id, startDate: '2024-06-01', quantity: 1 })).json();
    expect((await m.post(`/api/v1/staff/bookings/${s.booking.id}/cancellation`, {})).status).toBe(200);
    const optionId = booked.options[0].id;
    const outlives = await m.post(`${url}/${optionId}/termination`, {
      endDate: '2024-09-30',
      reason: 'Longer',
    });
    expect(outlives.status).toBe(400);
    expect(outlives.json().code).toBe('option_outlives_booking');
    const after = await m.post(url, { itemId: item.id, startDate: '2024-08-01', quantity: 1 });
    expect(after.json().errors[0].code).toBe('after_booking_end');
    // An option booked now ends with the booking.
    const within = (await m.post(url, { itemId: item.id, startDate: '2024-07-01', quantity: 1 })).json();
    expect(within.options.map((o: { endDate: string }) => o.endDate)).toEqual(['2024-07-31', '2024-07-31']);
    // The database refuses an option outside its booking, whoever writes it.
    await expect(
      t.db.system
        .update(bookingOptions)
        .set({ endDate: '2024-12-31' })
        .where(eq(bookingOptions.id, optionId)),
    ).rejects.toThrow();
    await expect(
      t.db.system.update(bookings).set({ endDate: '2024-06-30' }).where(eq(bookings.id, s.booking.id)),
    ).rejects.toThrow();
    expect((await stored(s.booking.id)).options[0]?.endDate).toBe('2024-07-31');
    void sql;
  });
});

describe('the lifecycle state in one statement', () => {
  it('reads exactly the rows (types, numerics, timestamps, JSON) that per-table queries read', async () => {
    const s = await setup({ today: '2024-06-01' });
    const { m } = await bookOption(s, 'Extra line', '2024-02-01', 2);
    const base = `/api/v1/staff/bookings/${s.booking.id}`;
    expect((await m.post(`${base}/cancellation`, {})).status).toBe(200);
    expect((await m.post(`${base}/cancellation/withdraw`, {})).status).toBe(200);
    const switched = await m.post(`${base}/tariff-change`, {
      tariffId: s.secret.id,
      switchDate: '2024-06-15',
      reason: 'Upgrade agreed by phone',
    });
    expect(switched.status, switched.body).toBe(200);

    const id = s.booking.id;
    const tid = s.tenant.id;
    const [state, direct] = await t.db.tenant(tid, async (tx) => {
      const one = await lifecycleRepository.state(tx, tid, id, { forUpdate: true });
      const [booking] = await tx.select().from(bookings).where(eq(bookings.id, id));
      const [account] = await tx.select().from(accounts).where(eq(accounts.id, booking!.accountId));
      const [module] = await tx.select().from(modules).where(eq(modules.id, booking!.moduleId));
      const moduleTariffs = await tx
        .select()
        .from(tariffs)
        .where(eq(tariffs.moduleId, booking!.moduleId))
        .orderBy(asc(tariffs.displayOrder), asc(tariffs.createdAt), asc(tariffs.id));
      return [
        one,
        {
          booking,
          account,
          module,
          periods: await tx
            .select()
            .from(bookingTariffPeriods)
            .where(eq(bookingTariffPeriods.bookingId, id))
            .orderBy(asc(bookingTariffPeriods.startDate)),
          options: await tx
            .select()
            .from(bookingOptions)
            .where(eq(bookingOptions.bookingId, id))
            .orderBy(asc(bookingOptions.startDate), asc(bookingOptions.createdAt)),
          cancellation: (
            await tx.select().from(bookingCancellations).where(eq(bookingCancellations.bookingId, id))
          ).find((c) => c.withdrawnAt === null),
          latestChange: (
            await tx
              .select()
              .from(bookingTariffChanges)
              .where(eq(bookingTariffChanges.bookingId, id))
              .orderBy(desc(bookingTariffChanges.switchDate))
          ).find((c) => c.withdrawnAt === null),
          tariffs: moduleTariffs,
          items: await tx
            .select()
            .from(tariffItems)
            .where(
              sql`${tariffItems.tariffId} in (${sql.join(
                moduleTariffs.map((x) => sql`${x.id}`),
                sql`, `,
              )})`,
            )
            .orderBy(asc(tariffItems.position), asc(tariffItems.createdAt), asc(tariffItems.id)),
        },
      ];
    });
    expect(direct.options).toHaveLength(1);
    expect(direct.periods).toHaveLength(2);
    expect(direct.latestChange).toBeDefined();
    expect(direct.items.some((i) => i.unitPrice.includes('.'))).toBe(true);
    expect(state).toEqual(direct);
  });
});
