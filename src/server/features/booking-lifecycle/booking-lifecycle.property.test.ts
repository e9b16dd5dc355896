import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../../test/support/app';
import type { TestClient } from '../../../../test/support/client';
import { loginStaff } from '../../../../test/support/clients';
import { buildAccount, buildTenant } from '../../../../test/support/factories';
import { buildBooking, buildModule, buildTariff, rules } from '../../../../test/support/order-factories';
import { addDays } from '../../../domain';
import { bookingOptions, bookings, bookingTariffPeriods } from '../../db/schema';

let t: TestContext;

beforeAll(async () => {
  t = await startTestApp();
});

type Op =
  | { kind: 'cancel'; offset: number | null }
  | { kind: 'withdrawCancellation' }
  | { kind: 'switch'; to: number; offset: number | null }
  | { kind: 'withdrawSwitch' }
  | { kind: 'book'; item: number; offset: number }
  | { kind: 'terminate'; index: number; offset: number | null }
  | { kind: 'advance'; days: number };

const offset = fc.option(fc.integer({ min: -40, max: 120 }), { nil: null });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('cancel' as const), offset }),
  fc.constant({ kind: 'withdrawCancellation' as const }),
  fc.record({ kind: fc.constant('switch' as const), to: fc.integer({ min: 0, max: 2 }), offset }),
  fc.constant({ kind: 'withdrawSwitch' as const }),
  fc.record({
    kind: fc.constant('book' as const),
    item: fc.integer({ min: 0, max: 1 }),
    offset: fc.integer({ min: -20, max: 60 }),
  }),
  fc.record({ kind: fc.constant('terminate' as const), index: fc.nat(5), offset }),
  fc.record({ kind: fc.constant('advance' as const), days: fc.integer({ min: 1, max: 45 }) }),
);

const option = (title: string) => ({
  title: { en: title },
  key: 'additional_option' as const,
  unitPrice: '5.00',
  billingMode: 'monthly_in_advance' as const,
});

/** Periods contiguous and non-overlapping from the booking start to its end; options inside the booking. */
async function checkInvariants(bookingId: string) {
  const [b] = await t.db.system.select().from(bookings).where(eq(bookings.id, bookingId));
  const periods = await t.db.system
    .select()
    .from(bookingTariffPeriods)
    .where(eq(bookingTariffPeriods.bookingId, bookingId))
    .orderBy(bookingTariffPeriods.startDate);
  const options = await t.db.system
    .select()
    .from(bookingOptions)
    .where(eq(bookingOptions.bookingId, bookingId));
  if (!b) throw new Error('booking missing');
  expect(periods[0]?.startDate).toBe(b.startDate);
  periods.forEach((p, i) => {
    const next = periods[i + 1];
    if (p.endDate !== null) expect(p.endDate >= p.startDate).toBe(true);
    if (next) {
      expect(p.endDate).not.toBeNull();
      expect(addDays(p.endDate as string, 1)).toBe(next.startDate);
    }
  });
  expect(periods.at(-1)?.endDate ?? null).toBe(b.endDate);
  for (const o of options) {
    expect(o.startDate >= b.startDate).toBe(true);
    if (o.endDate !== null) expect(o.endDate >= o.startDate).toBe(true);
    if (b.endDate !== null) {
      expect(o.startDate <= b.endDate).toBe(true);
      expect(o.endDate !== null && o.endDate <= b.endDate).toBe(true);
    }
  }
}

describe('properties of the booking lifecycle', () => {
  it('after any sequence of declarations, periods are contiguous, never overlap, and options stay inside the booking', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 7 }), async (ops) => {
        t.clock.set('2024-03-01T10:00:00Z');
        let day = '2024-03-01';
        const tenant = await buildTenant(t.db);
        const module = await buildModule(t.db, tenant);
        const monthly = await buildTariff(t.db, tenant, module, {
          items: [
            { title: { en: 'Base' }, key: 'base_fee', unitPrice: '10' },
            option('Extra'),
            option('Record'),
          ],
        });
        const others = [
          await buildTariff(t.db, tenant, module, {
            terminationRule: rules.immediate,
            items: [{ key: 'base_fee' }, option('Extra')],
          }),
          await buildTariff(t.db, tenant, module, {
            terminationRule: { ...rules.yearly, renewalMonths: 0 },
            items: [{ key: 'base_fee' }],
          }),
        ];
        const { account } = await buildAccount(t.db, tenant);
        const booking = await buildBooking(t.db, tenant, account, module, [
          { tariffId: monthly.id, startDate: '2024-01-10' },
        ]);
        let m: TestClient = await loginStaff(t, tenant, 'manager');
        const url = `/api/v1/staff/bookings/${booking.id}`;
        for (const o of ops) {
          const lc = (await m.get(`${url}/lifecycle`)).json();
          const date = (offsetDays: number | null) => (offsetDays === null ? null : addDays(day, offsetDays));
          const reason = 'property test';
          let status = 200;
          switch (o.kind) {
            case 'cancel':
              status = (await m.post(`${url}/cancellation`, { endDate: date(o.offset), reason })).status;
              break;
            case 'withdrawCancellation':
              status = (await m.post(`${url}/cancellation/withdraw`, {})).status;
              break;
            case 'switch': {
              const target = [...others, monthly][o.to];
              status = (
                await m.post(`${url}/tariff-change`, {
                  tariffId: target?.id,
                  switchDate: date(o.offset),
                  reason,
                })
              ).status;
              break;
            }
            case 'withdrawSwitch':
              status = (await m.post(`${url}/tariff-change/withdraw`, {})).status;
              break;
            case 'book': {
              const item = lc.optionItems[o.item % Math.max(1, lc.optionItems.length)];
              if (item)
                status = (
                  await m.post(`${url}/options`, {
                    itemId: item.id,
                    startDate: addDays(day, o.offset),
                    quantity: 1,
                  })
                ).status;
              break;
            }
            case 'terminate': {
              const target = lc.options[o.index % Math.max(1, lc.options.length)];
              if (target)
                status = (
                  await m.post(`${url}/options/${target.id}/termination`, { endDate: date(o.offset), reason })
                ).status;
              break;
            }
            case 'advance':
              day = addDays(day, o.days);
              t.clock.set(`${day}T10:00:00Z`);
              m = await loginStaff(t, tenant, 'manager');
              break;
          }
          // Refusals are fine; a server error is not.
          expect(status).toBeLessThan(500);
          await checkInvariants(booking.id);
        }
      }),
      { numRuns: 12 },
    );
  });
});
