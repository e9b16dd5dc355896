/**
 * Domain benchmarks (not a test): `npm run bench:domain`.
 * Prints earliest-end computations per second and charge generation in booking-months per second.
 */
import type { BillingMode, BookingInput, TariffPeriod, TerminationRule } from '../src/domain';
import {
  addDays,
  computeCharges,
  computeTotals,
  earliestEnd,
  lastDayOfMonth,
  terminationPresets,
} from '../src/domain';

function timeIt(label: string, fn: () => number, unit: string, runs = 5): void {
  fn(); // warm-up
  const rates: number[] = [];
  let count = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    count = fn();
    rates.push(count / (Number(process.hrtime.bigint() - t0) / 1e9));
  }
  rates.sort((a, b) => a - b);
  const fmt = (n: number) => Math.round(n).toLocaleString('en-GB');
  const median = rates[Math.floor(rates.length / 2)] as number;
  console.log(
    `${label.padEnd(52)} ${fmt(count).padStart(10)} ${unit}/run; median ${fmt(median)} ${unit}/s (best ${fmt(rates[rates.length - 1] as number)}, ${runs} runs)`,
  );
}

// Deterministic pseudo-random numbers (no Math.random: runs are comparable).
let seed = 42;
const rnd = (n: number) => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
};

// ---------------------------------------------------------------------------------------------
// Earliest end
// ---------------------------------------------------------------------------------------------

const rules: TerminationRule[] = [
  terminationPresets.immediate,
  terminationPresets.monthly,
  terminationPresets.yearly,
  { minimumTermMonths: 24, renewalMonths: 12, notice: { amount: 90, unit: 'days' }, anchor: 'term_end' },
  { minimumTermMonths: 12, renewalMonths: 0, notice: { amount: 1, unit: 'months' }, anchor: 'month_end' },
];
const cases = Array.from({ length: 10_000 }, () => {
  const start = addDays('2015-01-01', rnd(3650));
  return { rule: rules[rnd(rules.length)] as TerminationRule, start, req: addDays(start, rnd(3650)) };
});

timeIt(
  'earliestEnd (ISO strings in and out)',
  () => {
    let n = 0;
    for (let round = 0; round < 50; round++) {
      for (const c of cases) {
        earliestEnd(c.rule, c.start, c.req);
        n++;
      }
    }
    return n;
  },
  'calls',
);

// ---------------------------------------------------------------------------------------------
// Charges: 100 000 bookings over 12 months
// ---------------------------------------------------------------------------------------------

const modes: BillingMode[] = [
  'monthly_in_advance',
  'monthly_in_arrears',
  'monthly_in_advance',
  'yearly_in_advance',
];
const tariffs: Omit<TariffPeriod, 'start' | 'end'>[] = modes.map((billingMode, i) => ({
  tariffId: `T${i}`,
  vatRate: '19',
  items: [
    { id: `base${i}`, title: 'Telephone service', key: 'base_fee', unitPrice: '29.90', billingMode },
    { id: `setup${i}`, title: 'Setup', key: 'setup_fee', unitPrice: '49.00', billingMode: 'one_time' },
  ],
}));

const BOOKINGS = 100_000;
const bookings: BookingInput[] = Array.from({ length: BOOKINGS }, (_, i) => {
  const start = addDays('2022-06-01', rnd(900));
  const tariff = tariffs[i % tariffs.length] as (typeof tariffs)[number];
  const end = rnd(4) === 0 ? addDays('2024-01-01', rnd(700)) : null;
  return { id: `B${i}`, periods: [{ ...tariff, start, end: end !== null && end < start ? start : end }] };
});

// Booking-months actually billed in 2024 (months of 2024 a booking overlaps).
const activeBookingMonths = bookings.reduce((n, b) => {
  const p = b.periods[0] as TariffPeriod;
  for (let m = 1; m <= 12; m++) {
    const first = `2024-${String(m).padStart(2, '0')}-01`;
    if (p.start <= lastDayOfMonth(first) && (p.end == null || p.end >= first)) n++;
  }
  return n;
}, 0);

let lastCharges = 0;
timeIt(
  'computeCharges, 100 000 bookings, mixed modes, 2024',
  () => {
    const charges = computeCharges({
      currency: 'EUR',
      period: { from: '2024-01-01', to: '2024-12-31' },
      bookings,
    });
    lastCharges = charges.length;
    return activeBookingMonths;
  },
  'booking-months',
);
console.log(`  (${lastCharges.toLocaleString('en-GB')} charge lines per run)`);

const simple: BookingInput[] = bookings.map((b, i) => ({
  id: b.id,
  periods: [
    {
      ...(tariffs[0] as (typeof tariffs)[number]),
      items: [tariffs[0]!.items[0]!],
      start: addDays('2020-01-01', i % 28),
      end: null,
    },
  ],
}));
timeIt(
  'computeCharges, 100 000 bookings × 12 months, 1 item',
  () => {
    computeCharges({ currency: 'EUR', period: { from: '2024-01-01', to: '2024-12-31' }, bookings: simple });
    return BOOKINGS * 12;
  },
  'booking-months',
);

const lines = computeCharges({
  currency: 'EUR',
  period: { from: '2024-01-01', to: '2024-12-31' },
  bookings,
}).slice(0, 100_000);
timeIt(
  'computeTotals over 100 000 lines',
  () => {
    computeTotals(lines, 'standard');
    return lines.length;
  },
  'lines',
);
