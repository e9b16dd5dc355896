import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, dayFromYmd, formatDay, lastDayOfMonth } from './calendar';
import type { BookingInput, Charge, TariffItem, TariffPeriod } from './charges';
import { computeCharges } from './charges';
import type { InvoicedCharge } from './corrections';
import { computeCorrections } from './corrections';
import { DomainError } from './errors';

const run = (bookings: BookingInput[], from: string, to: string) =>
  computeCharges({ currency: 'EUR', period: { from, to }, bookings });

const invoice = (cs: Charge[], date: string): InvoicedCharge[] =>
  cs.map((c) => ({ ...c, invoiceId: 'inv-1', invoiceNumber: 'RE-2024-00001', invoiceDate: date }));

const withEnd = (booking: BookingInput, end: string): BookingInput => ({
  ...booking,
  periods: booking.periods.map((p) => ({ ...p, end })),
});

/** invoiced amount + its corrections, per invoiced charge key. */
function standing(invoiced: readonly InvoicedCharge[], corrections: ReturnType<typeof computeCorrections>) {
  const out = new Map(invoiced.map((c) => [c.key, c.amount.amountMinor]));
  for (const k of corrections)
    out.set(k.corrects.chargeKey, (out.get(k.corrects.chargeKey) ?? 0) + k.amount.amountMinor);
  return out;
}

const usageItem: TariffItem = {
  id: 'calls',
  title: 'Calls',
  key: 'usage',
  unitPrice: '0.50',
  billingMode: 'monthly_in_arrears',
  unit: 'call',
};

describe('usage lines are left as they are', () => {
  it('an end inside an invoiced usage month corrects the base fee only (no invalid_period)', () => {
    const booking: BookingInput = {
      id: 'B',
      periods: [
        {
          tariffId: 'T1',
          start: '2024-01-01',
          vatRate: '19',
          items: [
            {
              id: 'base',
              title: 'Base',
              key: 'base_fee',
              unitPrice: '31',
              billingMode: 'monthly_in_arrears',
            },
            usageItem,
          ],
        },
      ],
      usage: [{ id: 'u-mar', itemId: 'calls', month: '2024-03', quantity: 40 }],
    };
    const invoiced = invoice(run([booking], '2024-03-01', '2024-03-31'), '2024-04-01');
    expect(invoiced.map((c) => c.itemKey)).toEqual(['base_fee', 'usage']);
    const ks = computeCorrections(invoiced, { bookingId: 'B', newEnd: '2024-03-20' });
    expect(ks.map((k) => [k.itemKey, k.servicePeriod.from, k.amount.amountMinor])).toEqual([
      ['base_fee', '2024-03-21', -1100],
    ]);
  });
});

describe('minimum-turnover top-ups are corrected', () => {
  const tariff = (over: Partial<TariffPeriod> = {}): TariffPeriod => ({
    tariffId: 'T1',
    start: '2024-01-01',
    vatRate: '19',
    minimumTurnover: '10.00',
    items: [
      {
        id: 'research',
        title: 'Research',
        key: 'base_fee',
        unitPrice: '1.00',
        quantity: 3,
        billingMode: 'monthly_in_advance',
        minimumTurnoverFlag: true,
      },
    ],
    ...over,
  });

  it('a shorter last month lowers its prorated minimum, and its top-up with it', () => {
    const booking: BookingInput = { id: 'B', periods: [tariff()] };
    // March invoiced in full: research 3.00 + top-up 7.00.
    const invoiced = invoice(run([booking], '2024-03-01', '2024-03-31'), '2024-03-31');
    expect(invoiced.map((c) => [c.kind, c.amount.amountMinor])).toEqual([
      ['charge', 300],
      ['minimum_turnover_topup', 700],
    ]);
    const shortened = withEnd(booking, '2024-03-10');
    const recomputed = run([shortened], '2024-03-01', '2024-03-31');
    const ks = computeCorrections(invoiced, { bookingId: 'B', newEnd: '2024-03-10' }, { recomputed });
    // 10 of 31 days: research 0.97, minimum 3.23 → top-up 2.26.
    const stands = standing(invoiced, ks);
    for (const r of recomputed) expect(stands.get(r.key)).toBe(r.amount.amountMinor);
    expect(ks.find((k) => k.corrects.chargeKey.includes('minimum_turnover'))).toMatchObject({
      servicePeriod: { from: '2024-03-11', to: '2024-03-31' },
      amount: { amountMinor: 226 - 700 },
      usedAmount: { amountMinor: 226 },
      vatRate: '19',
    });
  });

  it('without the recomputed charges a top-up beyond the new end is refused, not ignored', () => {
    const booking: BookingInput = { id: 'B', periods: [tariff()] };
    const invoiced = invoice(run([booking], '2024-03-01', '2024-03-31'), '2024-03-31');
    expect(() => computeCorrections(invoiced, { bookingId: 'B', newEnd: '2024-03-10' })).toThrowError(
      DomainError,
    );
    // A top-up wholly before the new end cannot change: no recomputation needed.
    expect(computeCorrections(invoiced, { bookingId: 'B', newEnd: '2024-04-10' })).toEqual([]);
  });

  const monthStart = fc
    .integer({ min: 2020 * 12, max: 2026 * 12 })
    .map((mi) => formatDay(dayFromYmd(Math.floor(mi / 12), (mi % 12) + 1, 1)));

  it('property: invoiced + corrections = recomputed with the new end, to the cent, top-ups and usage included', () => {
    fc.assert(
      fc.property(
        monthStart,
        fc.integer({ min: 0, max: 27 }),
        fc.integer({ min: 0, max: 20_000 }),
        fc.integer({ min: 0, max: 3000 }),
        fc.constantFrom('monthly_in_advance' as const, 'monthly_in_arrears' as const),
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 0, max: 500 }),
        fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 14 }),
        (start0, startOffset, minimumCents, priceCents, mode, invoicedDays, endDays, usage) => {
          const start = addDays(start0, startOffset);
          const booking: BookingInput = {
            id: 'B',
            periods: [
              tariff({
                start,
                minimumTurnover: (minimumCents / 100).toFixed(2),
                items: [
                  {
                    id: 'research',
                    title: 'Research',
                    key: 'base_fee',
                    unitPrice: (priceCents / 100).toFixed(2),
                    billingMode: mode,
                    minimumTurnoverFlag: true,
                  },
                  { ...usageItem, minimumTurnoverFlag: true },
                  {
                    id: 'dictation',
                    title: 'Dictation',
                    key: 'base_fee',
                    unitPrice: '5.00',
                    billingMode: 'monthly_in_arrears',
                  },
                ],
              }),
            ],
            usage: usage.map((quantity, i) => {
              const d = new Date(`${start0}T00:00:00Z`);
              d.setUTCMonth(d.getUTCMonth() + i);
              return { id: `u${i}`, itemId: 'calls', month: d.toISOString().slice(0, 7), quantity };
            }),
          };
          const invoicedUpTo = lastDayOfMonth(addDays(start, invoicedDays));
          const invoiced = invoice(run([booking], '2000-01-01', invoicedUpTo), invoicedUpTo);
          const newEnd = addDays(start, endDays);
          const shortened = withEnd(booking, newEnd);
          // Usage recorded for months after the new end is not part of the shortened booking.
          shortened.usage = (booking.usage ?? []).filter((u) => `${u.month}-01` <= newEnd);
          const recomputed = run([shortened], '2000-01-01', invoicedUpTo);
          const ks = computeCorrections(invoiced, { bookingId: 'B', newEnd }, { recomputed });
          const stands = standing(invoiced, ks);
          const target = new Map(recomputed.map((r) => [r.key, r.amount.amountMinor]));
          for (const c of invoiced) {
            if (c.itemKey === 'usage') {
              // Usage is what was used: never corrected by an end date.
              expect(stands.get(c.key)).toBe(c.amount.amountMinor);
              continue;
            }
            expect(stands.get(c.key)).toBe(target.get(c.key) ?? 0);
          }
          for (const k of ks) {
            expect(k.itemKey).not.toBe('usage');
            expect(k.corrects.invoiceNumber).toBe('RE-2024-00001');
          }
        },
      ),
      { numRuns: 200 },
    );
  }, 60_000);
});
