import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, dayFromYmd, daysInMonth, formatDay, parseDay } from './calendar';
import type { BillingMode, BookingInput, Charge, ChargesInput, TariffItem, TariffPeriod } from './charges';
import { computeCharges } from './charges';
import type { InvoicedCharge } from './corrections';
import { computeCorrections } from './corrections';
import { DomainError } from './errors';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof DomainError ? e.code : `not a DomainError: ${String(e)}`;
  }
  return undefined;
}

const item = (over: Partial<TariffItem> = {}): TariffItem => ({
  id: 'base',
  title: 'Telephone service',
  key: 'base_fee',
  unitPrice: '29.90',
  billingMode: 'monthly_in_advance',
  ...over,
});

const period = (over: Partial<TariffPeriod> = {}): TariffPeriod => ({
  tariffId: 'T1',
  start: '2024-01-10',
  vatRate: '19',
  items: [item()],
  ...over,
});

const run = (bookings: BookingInput[], from = '2000-01-01', to = '2099-12-31', currency = 'EUR') =>
  computeCharges({ currency, period: { from, to }, bookings });

/** Compact view: [from, to, due, amount in minor units]. */
const view = (cs: Charge[]) =>
  cs.map((c) => [c.servicePeriod.from, c.servicePeriod.to, c.dueDate, c.amount.amountMinor]);

describe('billing modes (DOMAIN.md §5)', () => {
  it('monthly in advance: partial first month due on the start date, then each month on its 1st', () => {
    const cs = run([{ id: 'B1', periods: [period({ end: '2024-04-15' })] }]);
    expect(view(cs)).toEqual([
      ['2024-01-10', '2024-01-31', '2024-01-10', 2122], // 29.90 × 22/31 = 21.2193…
      ['2024-02-01', '2024-02-29', '2024-02-01', 2990],
      ['2024-03-01', '2024-03-31', '2024-03-01', 2990],
      ['2024-04-01', '2024-04-15', '2024-04-01', 1495], // 29.90 × 15/30 = 14.95
    ]);
    expect(cs[0]).toMatchObject({
      key: 'B1|T1|base||2024-01-10',
      kind: 'charge',
      title: 'Telephone service',
      itemKey: 'base_fee',
      billingMode: 'monthly_in_advance',
      quantity: '1',
      unitPrice: '29.90',
      proration: { days: 22, ofDays: 31 },
      amount: { amountMinor: 2122, currency: 'EUR' },
      vatRate: '19',
      source: { bookingId: 'B1', tariffId: 'T1', itemId: 'base', optionId: null, usageId: null },
    });
  });

  it('monthly in arrears: each month (or part) due on the month’s last day', () => {
    const p = period({ end: '2024-03-05', items: [item({ billingMode: 'monthly_in_arrears' })] });
    expect(view(run([{ id: 'B1', periods: [p] }]))).toEqual([
      ['2024-01-10', '2024-01-31', '2024-01-31', 2122],
      ['2024-02-01', '2024-02-29', '2024-02-29', 2990],
      ['2024-03-01', '2024-03-05', '2024-03-31', 482], // 29.90 × 5/31 = 4.8225…
    ]);
  });

  it('yearly in advance: each booking year due on its first day, counted like terms', () => {
    const p = period({
      start: '2023-08-07',
      items: [item({ unitPrice: '120', billingMode: 'yearly_in_advance' })],
    });
    expect(view(run([{ id: 'B1', periods: [p] }], '2023-01-01', '2025-12-31'))).toEqual([
      ['2023-08-07', '2024-08-06', '2023-08-07', 12000],
      ['2024-08-07', '2025-08-06', '2024-08-07', 12000],
      ['2025-08-07', '2026-08-06', '2025-08-07', 12000],
    ]);
    const leap = period({
      start: '2024-02-29',
      items: [item({ unitPrice: '120', billingMode: 'yearly_in_advance' })],
    });
    expect(
      view(run([{ id: 'B1', periods: [leap] }], '2024-01-01', '2026-12-31')).map((v) => v.slice(0, 2)),
    ).toEqual([
      ['2024-02-29', '2025-02-28'],
      ['2025-03-01', '2026-02-28'],
      ['2026-03-01', '2027-02-28'],
    ]);
  });

  it('yearly with a known end inside a booking year: prorated by days of that booking year', () => {
    const p = period({
      start: '2023-08-07',
      end: '2024-10-06',
      items: [item({ unitPrice: '366', billingMode: 'yearly_in_advance' })],
    });
    const cs = run([{ id: 'B1', periods: [p] }]);
    expect(view(cs)).toEqual([
      ['2023-08-07', '2024-08-06', '2023-08-07', 36600],
      ['2024-08-07', '2024-10-06', '2024-08-07', 6117], // 366 × 61/365 = 61.167…
    ]);
    expect(cs[1]?.proration).toEqual({ days: 61, ofDays: 365 });
  });

  it('one-time: a setup fee is due on the start', () => {
    const p = period({
      items: [item({ id: 'setup', key: 'setup_fee', unitPrice: '49', billingMode: 'one_time' })],
    });
    expect(view(run([{ id: 'B1', periods: [p] }]))).toEqual([
      ['2024-01-10', '2024-01-10', '2024-01-10', 4900],
    ]);
    expect(run([{ id: 'B1', periods: [p] }])[0]?.proration).toBeNull();
  });

  it('one-time: due on the order (or booking) date when given, served on the start', () => {
    const p = period({
      orderedOn: '2024-01-05',
      items: [
        item({ id: 'setup', key: 'setup_fee', unitPrice: '49', billingMode: 'one_time' }),
        item({ id: 'o', key: 'additional_option', unitPrice: '5', billingMode: 'one_time' }),
      ],
    });
    const cs = run([
      {
        id: 'B1',
        periods: [p],
        options: [{ id: 'O', itemId: 'o', start: '2024-03-01', bookedOn: '2024-02-20' }],
      },
    ]);
    expect(view(cs)).toEqual([
      ['2024-01-10', '2024-01-10', '2024-01-05', 4900],
      ['2024-03-01', '2024-03-01', '2024-02-20', 500],
    ]);
    expect(run([{ id: 'B1', periods: [p] }], '2024-01-06', '2024-12-31')).toEqual([]);
  });

  it('quantities and item VAT overrides', () => {
    const p = period({
      end: '2024-01-31',
      items: [item({ quantity: '2.5', vatRate: '7.0', unitPrice: '10', billingMode: 'monthly_in_arrears' })],
    });
    expect(run([{ id: 'B1', periods: [p] }])[0]).toMatchObject({
      quantity: '2.5',
      vatRate: '7',
      amount: { amountMinor: 1774 }, // 25 × 22/31 = 17.7419…
    });
  });

  it('only charges due in the billing period are returned', () => {
    const cs = run([{ id: 'B1', periods: [period()] }], '2024-03-01', '2024-04-30');
    expect(cs.map((c) => c.dueDate)).toEqual(['2024-03-01', '2024-04-01']);
  });

  it('a booking starting on the 1st bills whole months', () => {
    const cs = run([{ id: 'B1', periods: [period({ start: '2024-02-01', end: '2024-04-30' })] }]);
    expect(cs.map((c) => c.amount.amountMinor)).toEqual([2990, 2990, 2990]);
    expect(cs.map((c) => c.proration)).toEqual([
      { days: 29, ofDays: 29 },
      { days: 31, ofDays: 31 },
      { days: 30, ofDays: 30 },
    ]);
  });

  it('JPY, KWD: rounded to the currency’s minor unit', () => {
    const p = period({ start: '2024-01-02', end: '2024-01-31', items: [item({ unitPrice: '1000' })] });
    expect(run([{ id: 'B', periods: [p] }], undefined, undefined, 'JPY')[0]?.amount).toEqual({
      amountMinor: 968, // 1000 × 30/31 = 967.74
      currency: 'JPY',
    });
    expect(run([{ id: 'B', periods: [p] }], undefined, undefined, 'KWD')[0]?.amount.amountMinor).toBe(967742);
  });
});

describe('tariff switch, options, usage', () => {
  it('a switch bills each tariff for its own days', () => {
    const b: BookingInput = {
      id: 'B1',
      periods: [
        period({ end: '2024-03-15' }),
        period({
          tariffId: 'T2',
          start: '2024-03-16',
          end: '2024-04-30',
          items: [item({ id: 'b2', unitPrice: '31' })],
        }),
      ],
    };
    const cs = run([b]);
    expect(cs.map((c) => [c.source.tariffId, ...view([c])[0]!])).toEqual([
      ['T1', '2024-01-10', '2024-01-31', '2024-01-10', 2122],
      ['T1', '2024-02-01', '2024-02-29', '2024-02-01', 2990],
      ['T1', '2024-03-01', '2024-03-15', '2024-03-01', 1447], // 29.90 × 15/31 = 14.467…
      ['T2', '2024-03-16', '2024-03-31', '2024-03-16', 1600],
      ['T2', '2024-04-01', '2024-04-30', '2024-04-01', 3100],
    ]);
  });

  it('refuses periods that are not consecutive, or end before they start', () => {
    const gap: BookingInput = {
      id: 'B1',
      periods: [period({ end: '2024-03-15' }), period({ tariffId: 'T2', start: '2024-03-17' })],
    };
    expect(codeOf(() => run([gap]))).toBe('invalid_period');
    expect(codeOf(() => run([{ id: 'B', periods: [period({ end: '2024-01-09' })] }]))).toBe(
      'end_before_start',
    );
    expect(codeOf(() => run([{ id: 'B', periods: [period({ start: '2024-02-30' })] }]))).toBe('invalid_date');
  });

  it('options are billed from their own start and never outlive the booking', () => {
    const b: BookingInput = {
      id: 'B1',
      periods: [
        period({
          end: '2024-05-20',
          items: [
            item(),
            item({ id: 'opt', key: 'additional_option', title: 'Extra line', unitPrice: '10' }),
          ],
        }),
      ],
      options: [{ id: 'O1', itemId: 'opt', start: '2024-03-15', quantity: 2 }],
    };
    const opt = run([b]).filter((c) => c.source.optionId === 'O1');
    expect(view(opt)).toEqual([
      ['2024-03-15', '2024-03-31', '2024-03-15', 1097], // 20 × 17/31 = 10.967…
      ['2024-04-01', '2024-04-30', '2024-04-01', 2000],
      ['2024-05-01', '2024-05-20', '2024-05-01', 1290], // 20 × 20/31 = 12.903…
    ]);
    expect(opt[0]?.title).toBe('Extra line');
    expect(opt[0]?.key).toBe('B1|T1|opt|O1|2024-03-15');
  });

  it('a one-time option is due on its start; unknown option items are refused', () => {
    const p = period({
      items: [item({ id: 'o', key: 'additional_option', unitPrice: '5', billingMode: 'one_time' })],
    });
    const cs = run([{ id: 'B', periods: [p], options: [{ id: 'O', itemId: 'o', start: '2024-02-03' }] }]);
    expect(view(cs)).toEqual([['2024-02-03', '2024-02-03', '2024-02-03', 500]]);
    expect(
      codeOf(() =>
        run([{ id: 'B', periods: [p], options: [{ id: 'O', itemId: 'x', start: '2024-02-03' }] }]),
      ),
    ).toBe('unknown_item');
    expect(
      codeOf(() =>
        run([{ id: 'B', periods: [p], options: [{ id: 'O', itemId: 'o', start: '2024-01-01' }] }]),
      ),
    ).toBe('invalid_period');
  });

  it('usage: price × quantity per record, due on the month’s last day', () => {
    const p = period({
      items: [item({ id: 'min', key: 'usage', title: 'Calls', unitPrice: '0.012', unit: 'minute' })],
    });
    const cs = run([
      { id: 'B', periods: [p], usage: [{ id: 'U1', itemId: 'min', month: '2024-01', quantity: '1234.5' }] },
    ]);
    expect(cs).toHaveLength(1);
    expect(cs[0]).toMatchObject({
      servicePeriod: { from: '2024-01-10', to: '2024-01-31' },
      dueDate: '2024-01-31',
      quantity: '1234.5',
      unit: 'minute',
      unitPrice: '0.012',
      amount: { amountMinor: 1481 }, // 14.814
      source: { usageId: 'U1' },
    });
    expect(
      codeOf(() =>
        run([{ id: 'B', periods: [p], usage: [{ itemId: 'min', month: '2023-12', quantity: 1 }] }]),
      ),
    ).toBe('unknown_item');
    expect(
      codeOf(() =>
        run([{ id: 'B', periods: [p], usage: [{ itemId: 'min', month: '2024-1', quantity: 1 }] }]),
      ),
    ).toBe('invalid_date');
  });
});

describe('input validation', () => {
  it.each([
    [
      'an unknown billing mode',
      period({ items: [item({ billingMode: 'weekly' as BillingMode })] }),
      'invalid_item',
    ],
    ['an unknown item key', period({ items: [item({ key: 'bonus' as TariffItem['key'] })] }), 'invalid_item'],
    ['a negative base fee', period({ items: [item({ unitPrice: '-1' })] }), 'negative_not_allowed'],
    ['a price with 7 decimals', period({ items: [item({ unitPrice: '1.0000001' })] }), 'too_many_decimals'],
    ['a bad VAT rate', period({ vatRate: '19 %' }), 'invalid_vat_rate'],
    ['a bad minimum turnover', period({ minimumTurnover: 'ten' }), 'invalid_decimal'],
  ])('refuses %s', (_, p, code) => {
    expect(codeOf(() => run([{ id: 'B', periods: [p] }]))).toBe(code);
  });

  it('allows a negative manual item (a discount)', () => {
    const p = period({
      end: '2024-01-31',
      items: [item({ key: 'manual', unitPrice: '-3.10', billingMode: 'monthly_in_arrears' })],
    });
    expect(run([{ id: 'B', periods: [p] }])[0]?.amount.amountMinor).toBe(-220); // −3.10 × 22/31 = −2.2
  });

  it('refuses unknown currencies and reversed billing periods', () => {
    expect(codeOf(() => run([], '2024-01-01', '2024-12-31', 'XYZ'))).toBe('unknown_currency');
    expect(codeOf(() => run([], '2024-12-31', '2024-01-01'))).toBe('end_before_start');
  });

  it('an option must reference an additional-option item; usage a usage item', () => {
    const p = period();
    expect(
      codeOf(() =>
        run([{ id: 'B', periods: [p], options: [{ id: 'O', itemId: 'base', start: '2024-02-01' }] }]),
      ),
    ).toBe('unknown_item');
    expect(
      codeOf(() =>
        run([{ id: 'B', periods: [p], usage: [{ itemId: 'base', month: '2024-02', quantity: 1 }] }]),
      ),
    ).toBe('unknown_item');
  });
});

describe('minimum turnover', () => {
  const p = period({
    start: '2024-03-01',
    end: '2024-04-30',
    minimumTurnover: '10.00',
    items: [
      item({ id: 'research', key: 'usage', title: 'Research', unitPrice: '1.00', minimumTurnoverFlag: true }),
      item({ id: 'dictation', key: 'usage', title: 'Dictation', unitPrice: '5.00' }),
    ],
  });

  it('DOMAIN.md vector: 5.00 + 3.00 + top-up 7.00', () => {
    const cs = run([
      {
        id: 'B',
        periods: [p],
        usage: [
          { itemId: 'dictation', month: '2024-03', quantity: 1 },
          { itemId: 'research', month: '2024-03', quantity: 3 },
          { itemId: 'research', month: '2024-04', quantity: 12 },
        ],
      },
    ]);
    const march = cs.filter((c) => c.dueDate === '2024-03-31');
    expect(march.map((c) => [c.kind, c.title, c.amount.amountMinor])).toEqual([
      ['charge', 'Dictation', 500],
      ['charge', 'Research', 300],
      ['minimum_turnover_topup', 'Minimum turnover', 700],
    ]);
    expect(march[2]).toMatchObject({
      quantity: '1',
      unitPrice: '7.00',
      vatRate: '19',
      source: { tariffId: 'T1' },
    });
    // April: flagged 12.00 ≥ 10.00, no top-up.
    expect(cs.filter((c) => c.dueDate === '2024-04-30').map((c) => c.kind)).toEqual(['charge']);
  });

  it('a month without flagged charges is topped up fully; a partial month pro rata', () => {
    const partial = { ...p, start: '2024-03-17' };
    const cs = run([{ id: 'B', periods: [partial] }]);
    expect(view(cs)).toEqual([
      ['2024-03-17', '2024-03-31', '2024-03-31', 484], // 10 × 15/31 = 4.838…
      ['2024-04-01', '2024-04-30', '2024-04-30', 1000],
    ]);
  });

  it('flagged monthly fees count, also when billed in advance before the billing period', () => {
    const q = period({
      start: '2024-03-01',
      minimumTurnover: '50',
      items: [item({ unitPrice: '20', minimumTurnoverFlag: true })],
    });
    const cs = run([{ id: 'B', periods: [q] }], '2024-03-02', '2024-03-31');
    expect(cs.map((c) => [c.kind, c.amount.amountMinor])).toEqual([['minimum_turnover_topup', 3000]]);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

const dayArb = (min: string, max: string) =>
  fc.integer({ min: parseDay(min), max: parseDay(max) }).map((d) => formatDay(d));

const monthlyMode = fc.constantFrom<BillingMode>('monthly_in_arrears', 'monthly_in_advance');
const anyRecurring = fc.constantFrom<BillingMode>(
  'monthly_in_arrears',
  'monthly_in_advance',
  'yearly_in_advance',
);
const priceArb = fc.integer({ min: 0, max: 100_000_000 }).map((micros) => (micros / 1e6).toFixed(6));

const bookingArb = (modes: fc.Arbitrary<BillingMode>) =>
  fc
    .record({
      start: dayArb('2020-01-01', '2024-12-31'),
      length: fc.integer({ min: 0, max: 1200 }),
      open: fc.boolean(),
      mode: modes,
      price: priceArb,
      qty: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constantFrom('0.5', '2.25', '1.000001')),
    })
    .map(({ start, length, open, mode, price, qty }) => ({
      start,
      end: open ? null : addDays(start, length),
      mode,
      price,
      qty,
      booking: {
        id: 'B',
        periods: [
          {
            tariffId: 'T',
            start,
            end: open ? null : addDays(start, length),
            vatRate: '19',
            items: [item({ unitPrice: price, billingMode: mode, quantity: qty })],
          },
        ],
      } satisfies BookingInput,
    }));

const exactRounded = (price: string, qty: string | number, days: number, of: number) => {
  const x = new Decimal(price).mul(qty).mul(days).div(of).mul(100);
  return x.toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
};

describe('charge properties', () => {
  const horizon = '2029-12-31';

  it('service periods are disjoint, contiguous from start to end, and never after the end', () => {
    fc.assert(
      fc.property(bookingArb(anyRecurring), ({ start, end, booking }) => {
        const cs = run([booking], '2000-01-01', horizon);
        const last = end ?? horizon;
        let expected = start;
        for (const c of cs) {
          expect(c.servicePeriod.from).toBe(expected);
          expect(c.servicePeriod.to >= c.servicePeriod.from).toBe(true);
          expect(c.servicePeriod.to <= (end ?? '9999-12-31')).toBe(true);
          expected = addDays(c.servicePeriod.to, 1);
        }
        // Covered up to the end (open bookings: up to the last period due by the horizon).
        if (end !== null) expect(expected).toBe(addDays(last, 1));
      }),
      { numRuns: 300 },
    );
  });

  it('every monthly line is price × quantity × days / days in month, rounded half up once', () => {
    fc.assert(
      fc.property(bookingArb(monthlyMode), ({ price, qty, booking }) => {
        for (const c of run([booking], '2000-01-01', horizon)) {
          const days = parseDay(c.servicePeriod.to) - parseDay(c.servicePeriod.from) + 1;
          const of = daysInMonth(c.servicePeriod.from);
          expect(c.proration).toEqual({ days, ofDays: of });
          expect(c.amount.amountMinor).toBe(exactRounded(price, qty, days, of));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('whole months sum to price × quantity × months', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2020 * 12, max: 2030 * 12 }),
        fc.integer({ min: 1, max: 40 }),
        monthlyMode,
        priceArb,
        (mi, months, mode, price) => {
          const start = formatDay(dayFromYmd(Math.floor(mi / 12), (mi % 12) + 1, 1));
          const end = formatDay(dayFromYmd(Math.floor((mi + months) / 12), ((mi + months) % 12) + 1, 1) - 1);
          const cs = run([
            {
              id: 'B',
              periods: [
                period({ start, end, items: [item({ unitPrice: price, billingMode: mode, quantity: 3 })] }),
              ],
            },
          ]);
          expect(cs).toHaveLength(months);
          expect(cs.reduce((s, c) => s + c.amount.amountMinor, 0)).toBe(
            exactRounded(price, 3, 1, 1) * months,
          );
        },
      ),
    );
  });

  it('a month in arrears cut short by the end is due on its last day, also in a period that starts after the end', () => {
    const booking: BookingInput = {
      id: 'B',
      periods: [
        period({
          start: '2023-12-14',
          end: '2024-02-01',
          items: [item({ billingMode: 'monthly_in_arrears' })],
        }),
      ],
    };
    expect(view(run([booking], '2024-02-02', '2024-12-31'))).toEqual([
      ['2024-02-01', '2024-02-01', '2024-02-29', expect.any(Number)],
    ]);
  });

  it('splitting the billing period does not change the charges (each appears once)', () => {
    fc.assert(
      fc.property(bookingArb(anyRecurring), dayArb('2020-01-01', '2029-12-31'), ({ booking }, split) => {
        const all = run([booking], '2020-01-01', horizon).map((c) => c.key);
        const a = run([booking], '2020-01-01', split).map((c) => c.key);
        const b = split < horizon ? run([booking], addDays(split, 1), horizon).map((c) => c.key) : [];
        expect([...a, ...b]).toEqual(all);
        expect(new Set(all).size).toBe(all.length);
      }),
      { numRuns: 200 },
    );
  });

  it('corrections + invoiced = what the new end yields, line by line, to the cent', () => {
    fc.assert(
      fc.property(
        bookingArb(anyRecurring),
        fc.integer({ min: 0, max: 800 }),
        fc.integer({ min: 0, max: 900 }),
        ({ start, end, booking }, invoicedDays, endDays) => {
          const invoicedUpTo = addDays(start, invoicedDays);
          const invoiced: InvoicedCharge[] = run([booking], '2000-01-01', invoicedUpTo).map((c) => ({
            ...c,
            invoiceId: 'I1',
            invoiceNumber: 'RE-2024-00001',
            invoiceDate: invoicedUpTo,
          }));
          let newEnd = addDays(start, endDays);
          if (end !== null && newEnd > end) newEnd = end;
          const corrections = computeCorrections(invoiced, { bookingId: 'B', newEnd });
          const shortened: BookingInput = {
            ...booking,
            periods: booking.periods.map((p) => ({ ...p, end: newEnd })),
          };
          const used = new Map(
            run([shortened], '2000-01-01', invoicedUpTo).map((c) => [c.key, c.amount.amountMinor]),
          );
          for (const c of invoiced) {
            const credit = corrections
              .filter((k) => k.corrects.chargeKey === c.key)
              .reduce((s, k) => s + k.amount.amountMinor, 0);
            expect(c.amount.amountMinor + credit).toBe(used.get(c.key) ?? 0);
          }
          for (const k of corrections) {
            expect(k.amount.amountMinor).toBeLessThanOrEqual(0);
            expect(k.servicePeriod.from > newEnd).toBe(true);
            expect(k.corrects.invoiceNumber).toBe('RE-2024-00001');
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('corrections', () => {
  const base = (mode: BillingMode, unitPrice: string, start: string): ChargesInput['bookings'][number] => ({
    id: 'B',
    periods: [period({ start, items: [item({ unitPrice, billingMode: mode })] })],
  });
  const invoice = (cs: Charge[]): InvoicedCharge[] =>
    cs.map((c) => ({ ...c, invoiceId: 'inv-1', invoiceNumber: 'RE-2024-00007', invoiceDate: '2024-03-01' }));

  it('monthly in advance: the unused days of the month after the end are credited', () => {
    const invoiced = invoice(
      run([base('monthly_in_advance', '31', '2024-01-01')], '2024-03-01', '2024-03-01'),
    );
    const [k, ...rest] = computeCorrections(invoiced, { bookingId: 'B', newEnd: '2024-03-10' });
    expect(rest).toEqual([]);
    expect(k).toMatchObject({
      kind: 'correction',
      servicePeriod: { from: '2024-03-11', to: '2024-03-31' },
      proration: { days: 21, ofDays: 31 },
      amount: { amountMinor: -2100, currency: 'EUR' },
      usedAmount: { amountMinor: 1000 },
      corrects: { chargeKey: 'B|T1|base||2024-03-01', invoiceId: 'inv-1', invoiceNumber: 'RE-2024-00007' },
    });
  });

  it('yearly in advance: unused days prorated by days in that booking year', () => {
    const invoiced = invoice(
      run([base('yearly_in_advance', '365', '2023-08-07')], '2024-08-07', '2024-08-07'),
    );
    const ks = computeCorrections(invoiced, { bookingId: 'B', newEnd: '2025-02-06' });
    // Booking year 2024-08-07 … 2025-08-06 has 365 days; 184 used, 181 credited.
    expect(ks.map((k) => [k.servicePeriod.from, k.servicePeriod.to, k.amount.amountMinor])).toEqual([
      ['2025-02-07', '2025-08-06', -18100],
    ]);
  });

  it('periods wholly after the new end are credited in full; other bookings and scopes are left alone', () => {
    const invoiced = invoice(
      run([base('monthly_in_advance', '10', '2024-01-01')], '2024-01-01', '2024-03-01'),
    );
    const ks = computeCorrections(invoiced, { bookingId: 'B', newEnd: '2024-01-31' });
    expect(ks.map((k) => k.amount.amountMinor)).toEqual([-1000, -1000]);
    expect(computeCorrections(invoiced, { bookingId: 'other', newEnd: '2024-01-31' })).toEqual([]);
    expect(computeCorrections(invoiced, { bookingId: 'B', tariffId: 'T9', newEnd: '2024-01-31' })).toEqual(
      [],
    );
    expect(computeCorrections(invoiced, { bookingId: 'B', optionId: 'O1', newEnd: '2024-01-31' })).toEqual(
      [],
    );
    expect(computeCorrections(invoiced, { bookingId: 'B', newEnd: '2024-03-31' })).toEqual([]);
  });

  it('one-time charges are not corrected', () => {
    const p = period({ items: [item({ key: 'setup_fee', billingMode: 'one_time' })] });
    const invoiced = invoice(run([{ id: 'B', periods: [p] }]));
    expect(computeCorrections(invoiced, { bookingId: 'B', newEnd: '2024-01-09' })).toEqual([]);
  });
});

describe('more charge properties', () => {
  it('a tariff switch: both tariffs together cover the booking without gap or overlap', () => {
    fc.assert(
      fc.property(
        dayArb('2021-01-01', '2024-12-31'),
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 0, max: 500 }),
        anyRecurring,
        anyRecurring,
        (start, len1, len2, mode1, mode2) => {
          const switchEnd = addDays(start, len1);
          const end = addDays(switchEnd, 1 + len2);
          const cs = run([
            {
              id: 'B',
              periods: [
                period({ start, end: switchEnd, items: [item({ billingMode: mode1 })] }),
                period({
                  tariffId: 'T2',
                  start: addDays(switchEnd, 1),
                  end,
                  items: [item({ id: 'b2', billingMode: mode2 })],
                }),
              ],
            },
          ]);
          let expected = start;
          for (const c of cs) {
            expect(c.servicePeriod.from).toBe(expected);
            expect(c.source.tariffId).toBe(c.servicePeriod.to <= switchEnd ? 'T1' : 'T2');
            expected = addDays(c.servicePeriod.to, 1);
          }
          expect(expected).toBe(addDays(end, 1));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('options never outlive the booking and start on their own start', () => {
    fc.assert(
      fc.property(
        dayArb('2022-01-01', '2023-12-31'),
        fc.integer({ min: 0, max: 700 }),
        fc.integer({ min: 0, max: 700 }),
        fc.option(fc.integer({ min: 0, max: 900 })),
        anyRecurring,
        (start, bookingLen, optOffset, optLen, mode) => {
          const end = addDays(start, bookingLen);
          const optStart = addDays(start, optOffset);
          const cs = run([
            {
              id: 'B',
              periods: [
                period({
                  start,
                  end,
                  items: [item({ id: 'o', key: 'additional_option', billingMode: mode })],
                }),
              ],
              options: [
                {
                  id: 'O',
                  itemId: 'o',
                  start: optStart,
                  end: optLen === null ? null : addDays(optStart, optLen),
                },
              ],
            },
          ]);
          for (const c of cs) {
            expect(c.source.optionId).toBe('O');
            expect(c.servicePeriod.from >= optStart).toBe(true);
            expect(c.servicePeriod.to <= end).toBe(true);
          }
          if (optStart <= end) expect(cs[0]?.servicePeriod.from).toBe(optStart);
          else expect(cs).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('minimum turnover: flagged sum + top-up reaches the (prorated) minimum, and no top-up when it is reached', () => {
    fc.assert(
      fc.property(
        dayArb('2024-01-01', '2024-06-30'),
        fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 6, maxLength: 6 }),
        priceArb,
        (start, quantities, minimum) => {
          const p = period({
            start,
            end: '2024-12-31',
            minimumTurnover: minimum,
            items: [item({ id: 'u', key: 'usage', unitPrice: '1.50', minimumTurnoverFlag: true })],
          });
          const usage = quantities.map((q, i) => ({
            itemId: 'u',
            month: `2024-${String(i + 7).padStart(2, '0')}`,
            quantity: q,
          }));
          const cs = run([{ id: 'B', periods: [p], usage }]);
          for (let i = 0; i < 6; i++) {
            const month = `2024-${String(i + 7).padStart(2, '0')}`;
            const lines = cs.filter((c) => c.servicePeriod.from.startsWith(month));
            const flagged = lines
              .filter((c) => c.kind === 'charge')
              .reduce((s, c) => s + c.amount.amountMinor, 0);
            const topUps = lines.filter((c) => c.kind === 'minimum_turnover_topup');
            const min = exactRounded(minimum, 1, 1, 1);
            expect(flagged).toBe(Math.round(150 * (quantities[i] as number)));
            if (flagged >= min) expect(topUps).toEqual([]);
            else expect(topUps.map((t) => t.amount.amountMinor)).toEqual([min - flagged]);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
