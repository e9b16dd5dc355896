import type { IsoDate } from './calendar';
import { dayFromYmd, formatDay, monthIndexOf, monthLength, parseDay, termEndDay } from './calendar';
import { DomainError } from './errors';
import type { Decimal6, Money } from './money';
import {
  currencyExponent,
  formatDecimal6,
  lineAmountMinor,
  parseDecimal6,
  parseQuantity,
  parseUnitPrice,
  parseVatRate,
} from './money';

// ---------------------------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------------------------

export type ItemKey = 'base_fee' | 'setup_fee' | 'usage' | 'additional_option' | 'manual';
export type BillingMode = 'one_time' | 'monthly_in_arrears' | 'monthly_in_advance' | 'yearly_in_advance';

export const itemKeys: readonly ItemKey[] = ['base_fee', 'setup_fee', 'usage', 'additional_option', 'manual'];
export const billingModes: readonly BillingMode[] = [
  'one_time',
  'monthly_in_arrears',
  'monthly_in_advance',
  'yearly_in_advance',
];

const ITEM_KEYS: ReadonlySet<string> = new Set(itemKeys);
const BILLING_MODES: ReadonlySet<string> = new Set(billingModes);

export type TariffItem = {
  id: string;
  title: string;
  key: ItemKey;
  /** Exact decimal, up to 6 places, ≥ 0 (a `manual` item may be negative, e.g. a discount). */
  unitPrice: string;
  billingMode: BillingMode;
  /** Percent; overrides the tariff's rate. */
  vatRate?: string | null;
  /** Counts towards the tariff's minimum turnover. */
  minimumTurnoverFlag?: boolean;
  /** Default 1. Decimal allowed (up to 6 places). */
  quantity?: number | string | null;
  /** Display unit (e.g. 'minute'); passed through to the charge. */
  unit?: string | null;
};

/** A stretch of a booking under one tariff. A booking's periods are consecutive; only the last may be open. */
export type TariffPeriod = {
  tariffId: string;
  start: IsoDate;
  /** Inclusive; null/absent = runs on. */
  end?: IsoDate | null;
  /** The tariff's VAT rate in percent, e.g. '19'. */
  vatRate: string;
  /** Per calendar month, for the items flagged for it; exact decimal. */
  minimumTurnover?: string | null;
  /** When this tariff was ordered (first order or change of tariff): one-time items fall due then. Default: start. */
  orderedOn?: IsoDate | null;
  items: readonly TariffItem[];
};

/** An additional option booked on the booking: an item (key `additional_option`) of one of its tariffs. */
export type OptionBooking = {
  id: string;
  itemId: string;
  start: IsoDate;
  end?: IsoDate | null;
  /** Default: the item's quantity, else 1. */
  quantity?: number | string | null;
  /** When the option was booked: a one-time option falls due then. Default: start. */
  bookedOn?: IsoDate | null;
};

/** Measured usage of a `usage` item in one calendar month (`YYYY-MM`). */
export type UsageRecord = {
  id?: string;
  itemId: string;
  month: string;
  quantity: number | string;
};

export type BookingInput = {
  id: string;
  periods: readonly TariffPeriod[];
  options?: readonly OptionBooking[];
  usage?: readonly UsageRecord[];
};

export type ChargesInput = {
  currency: string;
  /** Charges are returned when their due date lies in [from, to] (both inclusive). */
  period: { from: IsoDate; to: IsoDate };
  bookings: readonly BookingInput[];
};

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

export type ChargeKind = 'charge' | 'minimum_turnover_topup';

export type ChargeSource = {
  readonly bookingId: string;
  readonly tariffId: string;
  readonly itemId: string | null;
  readonly optionId: string | null;
  readonly usageId: string | null;
};

export type Proration = { readonly days: number; readonly ofDays: number };

/**
 * One due charge. Treat as immutable: `source` and `proration` objects are shared between charges.
 */
export type Charge = {
  /** Stable identity of the line (same input → same key); lets an invoice claim a charge exactly once. */
  key: string;
  kind: ChargeKind;
  title: string;
  itemKey: ItemKey | null;
  billingMode: BillingMode | null;
  servicePeriod: { from: IsoDate; to: IsoDate };
  dueDate: IsoDate;
  quantity: string;
  unit: string | null;
  unitPrice: string;
  /** Days charged of the days in the whole period (month or booking year); null for non-recurring lines. */
  proration: Proration | null;
  amount: Money;
  vatRate: string;
  source: ChargeSource;
};

export const MINIMUM_TURNOVER_TITLE = 'Minimum turnover';

// ---------------------------------------------------------------------------------------------
// Parsing with memo (tariffs are shared by many bookings; prices repeat)
// ---------------------------------------------------------------------------------------------

type Parsed = { value: Decimal6; text: string };
const memo = new Map<string, Parsed>();

function memoParse(kind: string, raw: string | number, parse: () => Decimal6, minDecimals: number): Parsed {
  const k = `${kind}|${typeof raw}|${raw}|${minDecimals}`;
  let p = memo.get(k);
  if (p === undefined) {
    const value = parse();
    p = { value, text: formatDecimal6(value, minDecimals) };
    if (memo.size > 50_000) memo.clear();
    memo.set(k, p);
  }
  return p;
}

function priceOf(item: TariffItem, exp: number): Parsed {
  const allowNegative = item.key === 'manual';
  return memoParse(
    allowNegative ? 'price±' : 'price',
    item.unitPrice,
    () => parseUnitPrice(item.unitPrice, { allowNegative, field: `items[${item.id}].unitPrice` }),
    exp,
  );
}

function quantityOf(raw: number | string | null | undefined, field: string): Parsed {
  if (raw == null) return memoParse('qty', 1, () => parseQuantity(1), 0);
  return memoParse('qty', raw, () => parseQuantity(raw, field), 0);
}

function vatOf(raw: string, field: string): Parsed {
  return memoParse('vat', raw, () => parseVatRate(raw, field), 0);
}

function minimumOf(raw: string, exp: number, field: string): Parsed {
  return memoParse('price', raw, () => parseDecimal6(raw, { field }), exp);
}

const OPEN_END = Number.POSITIVE_INFINITY;

function parseMonth(value: string, field: string): number {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}$/.test(value)) {
    throw new DomainError('invalid_date', `${field} must be a month YYYY-MM, got ${String(value)}`, {
      field,
      value,
    });
  }
  return monthIndexOf(parseDay(`${value}-01`, field));
}

// ---------------------------------------------------------------------------------------------
// The computation
// ---------------------------------------------------------------------------------------------

type Ctx = {
  currency: string;
  exp: number;
  from: number;
  to: number;
  out: Charge[];
};

type Line = {
  bookingId: string;
  tariffId: string;
  item: TariffItem;
  optionId: string | null;
  price: Parsed;
  qty: Parsed;
  vat: string;
  /** `bookingId|tariffId|itemId|optionId|`: the charge key without the service start. */
  keyPrefix: string;
  /** Shared by every charge of the line (treat as immutable). */
  source: ChargeSource;
  /** Due date of a one-time line (order or booking date; else the start). */
  oneTimeDue: number | null;
  /** Full-period amount (unprorated), precomputed. */
  fullAmount: number;
  /** Flagged monthly amounts are added here: index = month index − base. */
  flagged: number[] | null;
  flaggedBase: number;
};

function push(
  ctx: Ctx,
  line: Line,
  from: number,
  to: number,
  due: number,
  days: number,
  ofDays: number,
  amountMinor: number,
): void {
  const fromIso = formatDay(from);
  ctx.out.push({
    key: line.keyPrefix + fromIso,
    kind: 'charge',
    title: line.item.title,
    itemKey: line.item.key,
    billingMode: line.item.billingMode,
    servicePeriod: { from: fromIso, to: formatDay(to) },
    dueDate: formatDay(due),
    quantity: line.qty.text,
    unit: line.item.unit ?? null,
    unitPrice: line.price.text,
    proration: ofDays > 0 ? prorationOf(days, ofDays) : null,
    amount: { amountMinor, currency: ctx.currency },
    vatRate: line.vat,
    source: line.source,
  });
}

const prorations = new Map<number, Proration>();

/** Shared, immutable proration objects (there are only a few hundred distinct ones). */
function prorationOf(days: number, ofDays: number): Proration {
  const k = ofDays * 1000 + days;
  let p = prorations.get(k);
  if (p === undefined) {
    p = Object.freeze({ days, ofDays });
    if (prorations.size < 200_000) prorations.set(k, p);
  }
  return p;
}

/** Emits the charges of one recurring or one-time line active on [start, end] (end may be open). */
function emitLine(ctx: Ctx, line: Line, start: number, end: number): void {
  const mode = line.item.billingMode;
  const { from, to } = ctx;
  if (mode === 'one_time') {
    const due = line.oneTimeDue ?? start;
    if (due >= from && due <= to) push(ctx, line, start, start, due, 0, 0, line.fullAmount);
    return;
  }
  if (mode === 'yearly_in_advance') {
    emitYearly(ctx, line, start, end);
    return;
  }
  // Monthly: every calendar month overlapping [start, end] whose charge could be due in [from, to].
  const lo = Math.max(start, from);
  const hi = Math.min(end, to);
  const arrears = mode === 'monthly_in_arrears';
  // In arrears a month falls due on its last day, which lies after the end when the end cuts the
  // month short: that month can be due inside the period although its days lie before it.
  if (lo > hi && !arrears) return;
  const m1 = monthIndexOf(hi);
  let mi = monthIndexOf(lo);
  let y = Math.floor(mi / 12);
  let m = (mi % 12) + 1;
  let first = dayFromYmd(y, m, 1);
  for (; mi <= m1; mi++) {
    const len = monthLength(y, m);
    const last = first + len - 1;
    const a = Math.max(start, first);
    const b = Math.min(end, last);
    if (a <= b) {
      const days = b - a + 1;
      const amount =
        days === len
          ? line.fullAmount
          : lineAmountMinor(line.price.value, line.qty.value, ctx.exp, days, len);
      const due = arrears ? last : a;
      if (due >= from && due <= to) push(ctx, line, a, b, due, days, len, amount);
      if (line.flagged) addFlagged(line, mi, amount);
    }
    first = last + 1;
    if (++m === 13) {
      m = 1;
      y++;
    }
  }
}

function addFlagged(line: Line, mi: number, amount: number): void {
  const flagged = line.flagged as number[];
  const i = mi - line.flaggedBase;
  if (i >= 0 && i < flagged.length) flagged[i] = (flagged[i] as number) + amount;
}

/** Booking years counted from `start` (§188 BGB, like terms), each due on its first day. */
function emitYearly(ctx: Ctx, line: Line, start: number, end: number): void {
  const { from, to } = ctx;
  const hi = Math.min(end, to);
  if (start > hi) return;
  // Skip directly to the year containing `from` (estimate low, then step).
  let k = from > start ? Math.max(0, Math.floor((monthIndexOf(from) - monthIndexOf(start)) / 12) - 1) : 0;
  for (; ; k++) {
    const ys = k === 0 ? start : termEndDay(start, 12, k) + 1;
    if (ys > hi) break;
    if (ys < from) continue;
    const ye = termEndDay(start, 12, k + 1);
    const ofDays = ye - ys + 1;
    const b = Math.min(end, ye);
    const days = b - ys + 1;
    const amount =
      days === ofDays
        ? line.fullAmount
        : lineAmountMinor(line.price.value, line.qty.value, ctx.exp, days, ofDays);
    push(ctx, line, ys, b, ys, days, ofDays, amount);
  }
}

type PeriodState = {
  period: TariffPeriod;
  start: number;
  end: number;
  vat: string;
  orderedOn: number | null;
  itemsById: Map<string, TariffItem>;
  minimum: Parsed | null;
  flagged: number[] | null;
  flaggedBase: number;
};

/**
 * All charges of the bookings that fall due in `input.period` (DOMAIN.md §5):
 *
 * - one-time: due on the day it arises (the tariff's order date, else its start; an option's booking
 *   date, else its start); its service period is the start day;
 * - monthly in arrears: each calendar month (or part) due on the month's last day;
 * - monthly in advance: each calendar month due on its 1st, a partial first month on the start date;
 * - yearly in advance: each booking year (counted from the start like terms) due on its first day;
 * - usage: per usage record, due on the last day of its month;
 * - partial months (and a last booking year cut short by a known end) are prorated by days, and
 *   every line is rounded half up to minor units once;
 * - minimum turnover: per calendar month, a top-up line when the flagged items sum below it.
 *
 * Pure and deterministic; charges come grouped by booking.
 */
export function computeCharges(input: ChargesInput): Charge[] {
  const exp = currencyExponent(input.currency);
  const from = parseDay(input.period.from, 'period.from');
  const to = parseDay(input.period.to, 'period.to');
  if (to < from) {
    throw new DomainError('end_before_start', 'period.to lies before period.from', { field: 'period.to' });
  }
  const ctx: Ctx = { currency: input.currency, exp, from, to, out: [] };
  for (const booking of input.bookings) computeBooking(ctx, booking);
  return ctx.out;
}

function computeBooking(ctx: Ctx, booking: BookingInput): void {
  const { exp, from, to } = ctx;
  const states: PeriodState[] = [];
  let prevEnd = Number.NaN;
  booking.periods.forEach((period, i) => {
    const field = `bookings[${booking.id}].periods[${i}]`;
    const start = parseDay(period.start, `${field}.start`);
    const end = period.end == null ? OPEN_END : parseDay(period.end, `${field}.end`);
    if (end < start) {
      throw new DomainError('end_before_start', `${field} ends before it starts`, { field: `${field}.end` });
    }
    if (i > 0 && start !== prevEnd + 1) {
      throw new DomainError('invalid_period', `${field} must start the day after the previous period ends`, {
        field: `${field}.start`,
      });
    }
    prevEnd = end;
    const vat = vatOf(period.vatRate, `${field}.vatRate`).text;
    const itemsById = new Map<string, TariffItem>();
    for (const item of period.items) itemsById.set(item.id, item);
    let flagged: number[] | null = null;
    let flaggedBase = 0;
    const minimum =
      period.minimumTurnover == null
        ? null
        : minimumOf(period.minimumTurnover, exp, `${field}.minimumTurnover`);
    if (minimum !== null) {
      const lo = Math.max(start, from);
      const hi = Math.min(end, to);
      if (lo <= hi) {
        flaggedBase = monthIndexOf(lo);
        flagged = new Array<number>(monthIndexOf(hi) - flaggedBase + 1).fill(0);
      }
    }
    const orderedOn = period.orderedOn == null ? null : parseDay(period.orderedOn, `${field}.orderedOn`);
    states.push({ period, start, end, orderedOn, vat, itemsById, minimum, flagged, flaggedBase });
  });
  const first = states[0];
  const last = states[states.length - 1];
  if (!first || !last) return;
  const bookingStart = first.start;
  const bookingEnd = last.end;

  for (const st of states) {
    for (const item of st.period.items) {
      if (item.key === 'additional_option' || item.key === 'usage') continue;
      emitLine(ctx, makeLine(ctx, booking.id, st, item, null, item.quantity, st.orderedOn), st.start, st.end);
    }
  }

  for (const option of booking.options ?? []) {
    const field = `bookings[${booking.id}].options[${option.id}]`;
    const st = states.find((s) => s.itemsById.get(option.itemId)?.key === 'additional_option');
    const item = st?.itemsById.get(option.itemId);
    if (!st || !item) {
      throw new DomainError(
        'unknown_item',
        `${field}: no tariff of the booking has option item ${option.itemId}`,
        {
          field: `${field}.itemId`,
          value: option.itemId,
        },
      );
    }
    const start = parseDay(option.start, `${field}.start`);
    let end = option.end == null ? OPEN_END : parseDay(option.end, `${field}.end`);
    if (end < start) {
      throw new DomainError('end_before_start', `${field} ends before it starts`, { field: `${field}.end` });
    }
    if (start < bookingStart) {
      throw new DomainError('invalid_period', `${field} starts before its booking`, {
        field: `${field}.start`,
      });
    }
    if (end > bookingEnd) end = bookingEnd; // an option never outlives its booking
    if (start > end) continue;
    const bookedOn = option.bookedOn == null ? null : parseDay(option.bookedOn, `${field}.bookedOn`);
    const line = makeLine(ctx, booking.id, st, item, option.id, option.quantity ?? item.quantity, bookedOn);
    emitLine(ctx, line, start, end);
  }

  for (const [i, record] of (booking.usage ?? []).entries()) {
    const field = `bookings[${booking.id}].usage[${record.id ?? i}]`;
    const mi = parseMonth(record.month, `${field}.month`);
    const y = Math.floor(mi / 12);
    const m = (mi % 12) + 1;
    const mFirst = dayFromYmd(y, m, 1);
    const mLast = mFirst + monthLength(y, m) - 1;
    const st = states.find(
      (s) => s.itemsById.get(record.itemId)?.key === 'usage' && s.start <= mLast && s.end >= mFirst,
    );
    const item = st?.itemsById.get(record.itemId);
    if (!st || !item) {
      throw new DomainError(
        'unknown_item',
        `${field}: item ${record.itemId} is not booked in ${record.month}`,
        {
          field: `${field}.itemId`,
          value: record.itemId,
        },
      );
    }
    const line = makeLine(ctx, booking.id, st, item, null, record.quantity);
    const a = Math.max(st.start, mFirst);
    const b = Math.min(st.end, mLast);
    if (line.flagged) addFlagged(line, mi, line.fullAmount);
    if (mLast < from || mLast > to) continue;
    const fromIso = formatDay(a);
    ctx.out.push({
      key: `${booking.id}|${st.period.tariffId}|${item.id}||${fromIso}|usage:${record.id ?? i}`,
      kind: 'charge',
      title: item.title,
      itemKey: item.key,
      billingMode: item.billingMode,
      servicePeriod: { from: fromIso, to: formatDay(b) },
      dueDate: formatDay(mLast),
      quantity: line.qty.text,
      unit: item.unit ?? null,
      unitPrice: line.price.text,
      proration: null,
      amount: { amountMinor: line.fullAmount, currency: ctx.currency },
      vatRate: line.vat,
      source: {
        bookingId: booking.id,
        tariffId: st.period.tariffId,
        itemId: item.id,
        optionId: null,
        usageId: record.id ?? null,
      },
    });
  }

  for (const st of states) {
    if (st.flagged) emitTopUps(ctx, booking.id, st, exp);
  }
}

function makeLine(
  ctx: Ctx,
  bookingId: string,
  st: PeriodState,
  item: TariffItem,
  optionId: string | null,
  quantity: number | string | null | undefined,
  oneTimeDue: number | null = null,
): Line {
  if (!ITEM_KEYS.has(item.key) || !BILLING_MODES.has(item.billingMode)) {
    throw new DomainError(
      'invalid_item',
      `item ${item.id}: unknown key ${item.key} or billing mode ${item.billingMode}`,
      {
        field: `items[${item.id}]`,
        value: { key: item.key, billingMode: item.billingMode },
      },
    );
  }
  const price = priceOf(item, ctx.exp);
  const qty = quantityOf(quantity, `items[${item.id}].quantity`);
  const vat = item.vatRate == null ? st.vat : vatOf(item.vatRate, `items[${item.id}].vatRate`).text;
  // Only monthly-billed and usage items count towards the monthly minimum turnover.
  const countsForMinimum =
    item.minimumTurnoverFlag === true &&
    (item.key === 'usage' ||
      item.billingMode === 'monthly_in_arrears' ||
      item.billingMode === 'monthly_in_advance');
  return {
    bookingId,
    tariffId: st.period.tariffId,
    item,
    optionId,
    keyPrefix: `${bookingId}|${st.period.tariffId}|${item.id}|${optionId ?? ''}|`,
    oneTimeDue,
    source: { bookingId, tariffId: st.period.tariffId, itemId: item.id, optionId, usageId: null },
    price,
    qty,
    vat,
    fullAmount: lineAmountMinor(price.value, qty.value, ctx.exp, 1, 1),
    flagged: countsForMinimum ? st.flagged : null,
    flaggedBase: st.flaggedBase,
  };
}

function emitTopUps(ctx: Ctx, bookingId: string, st: PeriodState, exp: number): void {
  const flagged = st.flagged as number[];
  const minimum = minimumOf(
    st.period.minimumTurnover as string,
    exp,
    `tariff ${st.period.tariffId} minimumTurnover`,
  );
  const one = quantityOf(1, 'quantity');
  for (let i = 0; i < flagged.length; i++) {
    const mi = st.flaggedBase + i;
    const y = Math.floor(mi / 12);
    const m = (mi % 12) + 1;
    const len = monthLength(y, m);
    const mFirst = dayFromYmd(y, m, 1);
    const mLast = mFirst + len - 1;
    if (mLast < ctx.from || mLast > ctx.to) continue;
    const a = Math.max(st.start, mFirst);
    const b = Math.min(st.end, mLast);
    if (a > b) continue;
    const days = b - a + 1;
    // A month the tariff covers only in part has a prorated minimum.
    const due = lineAmountMinor(minimum.value, one.value, exp, days, len);
    const sum = flagged[i] as number;
    if (sum >= due) continue;
    const topUp = due - sum;
    const fromIso = formatDay(a);
    ctx.out.push({
      key: `${bookingId}|${st.period.tariffId}|minimum_turnover||${fromIso}`,
      kind: 'minimum_turnover_topup',
      title: MINIMUM_TURNOVER_TITLE,
      itemKey: null,
      billingMode: null,
      servicePeriod: { from: fromIso, to: formatDay(b) },
      dueDate: formatDay(mLast),
      quantity: '1',
      unit: null,
      unitPrice: formatDecimal6({ micros: topUp * 10 ** (6 - exp) }, exp),
      proration: null,
      amount: { amountMinor: topUp, currency: ctx.currency },
      vatRate: st.vat,
      source: { bookingId, tariffId: st.period.tariffId, itemId: null, optionId: null, usageId: null },
    });
  }
}
