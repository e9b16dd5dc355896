import {
  type BookingInput,
  type Charge,
  type CorrectionLine,
  computeCharges,
  computeCorrections,
  currencyExponent,
  type InvoicedCharge,
  lineAmountMinor,
  parseQuantity,
  parseUnitPrice,
  type TariffPeriod,
} from '../../../domain';
import type { LocalizedText } from '../../../shared/schemas';
import type { AccountBillingState, DocumentLineRow } from './billing.repository';

/** The earliest date charges are computed from (every booking starts after it). */
export const BILLING_EPOCH = '1970-01-01';
/** The new end passed for tariff periods and options that run on (only top-ups can change then). */
const OPEN_END = '9999-12-31';

type Language = 'nl' | 'de' | 'en';

export function textIn(text: LocalizedText, language: Language): string {
  return text[language] || text.nl || text.de || text.en || '';
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** A date of an instant in the operator's time zone (one formatter per zone: making one is slow). */
export function dateInZone(instant: Date, timeZone: string): string {
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('sv-SE', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dateFormats.set(timeZone, format);
  }
  return format.format(instant);
}

const minDate = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a < b ? a : b);

/**
 * The booking inputs of the domain for one account, one set per price version: prices change on
 * the dates of announced price changes, and a charge takes the price valid on its service start.
 */
function bookingInputs(
  state: AccountBillingState,
  language: Language,
  timeZone: string,
  priceOn: (itemId: string, basePrice: string) => string,
): BookingInput[] {
  const tariffsById = new Map(state.tariffs.map((t) => [t.id, t]));
  const out: BookingInput[] = [];
  for (const booking of state.bookings) {
    const periods: TariffPeriod[] = [];
    const own = state.periods
      .filter((p) => p.bookingId === booking.id)
      .sort((a, b) => (a.startDate < b.startDate ? -1 : 1));
    for (const [i, p] of own.entries()) {
      if (booking.endDate !== null && p.startDate > booking.endDate) break;
      const tariff = tariffsById.get(p.tariffId);
      if (!tariff) continue;
      let end = minDate(p.endDate, booking.endDate);
      if (i === own.length - 1 && end === null) end = booking.endDate;
      periods.push({
        tariffId: p.tariffId,
        start: p.startDate,
        end,
        vatRate: tariff.vatRate,
        minimumTurnover: tariff.minimumTurnover,
        orderedOn: i === 0 ? minDate(dateInZone(booking.createdAt, timeZone), p.startDate) : p.startDate,
        items: state.items
          .filter((it) => it.tariffId === p.tariffId && it.key !== 'manual')
          .map((it) => ({
            id: it.id,
            title: textIn(it.title, language),
            key: it.key,
            unitPrice: priceOn(it.id, it.unitPrice),
            billingMode: it.billingMode,
            vatRate: it.vatRate,
            minimumTurnoverFlag: it.minimumTurnoverFlag,
            unit: it.unit,
          })),
      });
    }
    if (periods.length === 0) continue;
    const covers = (itemId: string, month: string) =>
      periods.some(
        (p) =>
          p.items.some((it) => it.id === itemId) &&
          p.start <= `${month}-31` &&
          (p.end == null || p.end >= `${month}-01`),
      );
    out.push({
      id: booking.id,
      periods,
      options: state.options
        .filter((o) => o.bookingId === booking.id)
        .filter((o) => periods.some((p) => p.items.some((it) => it.id === o.itemId)))
        .filter((o) => o.startDate >= booking.startDate)
        .map((o) => ({
          id: o.id,
          itemId: o.itemId,
          start: o.startDate,
          end: o.endDate,
          quantity: o.quantity,
          bookedOn: minDate(dateInZone(o.createdAt, timeZone), o.startDate),
        })),
      usage: state.usage
        .filter((u) => u.bookingId === booking.id && covers(u.itemId, u.month))
        .map((u) => ({ id: u.id, itemId: u.itemId, month: u.month, quantity: u.quantity })),
    });
  }
  return out;
}

/** A manual item as a charge: one line due on its date. */
function manualCharges(state: AccountBillingState, currency: string, until: string): Charge[] {
  const exp = currencyExponent(currency);
  return state.manualItems
    .filter((m) => m.date <= until)
    .map((m) => ({
      key: `manual|${m.id}`,
      kind: 'charge' as const,
      title: m.title,
      itemKey: 'manual' as const,
      billingMode: 'one_time' as const,
      servicePeriod: { from: m.date, to: m.date },
      dueDate: m.date,
      quantity: trimDecimal(m.quantity),
      unit: null,
      unitPrice: trimDecimal(m.unitPrice, exp),
      proration: null,
      amount: {
        amountMinor: lineAmountMinor(
          parseUnitPrice(m.unitPrice, { allowNegative: true }),
          parseQuantity(m.quantity),
          exp,
          1,
          1,
        ),
        currency,
      },
      vatRate: trimDecimal(m.vatRate),
      source: { bookingId: '', tariffId: '', itemId: null, optionId: null, usageId: null },
    }));
}

/** '29.900000' → '29.90' (at least `minDecimals` places), '1.000000' → '1'. */
export function trimDecimal(value: string, minDecimals = 0): string {
  const [int, frac = ''] = value.split('.');
  let f = frac.replace(/0+$/, '');
  while (f.length < minDecimals) f += '0';
  return f ? `${int}.${f}` : (int ?? value);
}

/**
 * Every charge of the account due up to `until` (recurring, one-time, options, usage, top-ups and
 * manual items), each with the price valid on its service start.
 */
export function accountCharges(
  state: AccountBillingState,
  opts: { currency: string; until: string; language: Language; timeZone: string },
): Charge[] {
  const changeDates = [...new Set(state.prices.map((p) => p.validFrom))].sort();
  const versions = ['', ...changeDates];
  const byVersion = versions.map((from) => {
    const priceOn = (itemId: string, base: string) => {
      let price = base;
      if (from === '') return price;
      for (const p of state.prices) if (p.itemId === itemId && p.validFrom <= from) price = p.unitPrice;
      return price;
    };
    const inputs = bookingInputs(state, opts.language, opts.timeZone, priceOn);
    const charges = inputs.length
      ? computeCharges({
          currency: opts.currency,
          period: { from: BILLING_EPOCH, to: opts.until },
          bookings: inputs,
        })
      : [];
    return new Map(charges.map((c) => [c.key, c]));
  });
  const versionOf = (serviceStart: string) => {
    let v = 0;
    for (let i = 0; i < changeDates.length; i++) if ((changeDates[i] as string) <= serviceStart) v = i + 1;
    return v;
  };
  const out: Charge[] = [];
  const seen = new Set<string>();
  for (const charges of byVersion) {
    for (const c of charges.values()) {
      if (seen.has(c.key)) continue;
      seen.add(c.key);
      const chosen = byVersion[versionOf(c.servicePeriod.from)]?.get(c.key);
      if (chosen) out.push(chosen);
    }
  }
  out.push(...manualCharges(state, opts.currency, opts.until));
  return out;
}

export type IssuedLine = { line: DocumentLineRow; documentNumber: string; documentDate: string };

export type PendingCorrection = CorrectionLine & {
  correctsDocumentNumber: string;
  correctsDocumentDate: string;
};

/**
 * Corrections due for the account's invoiced charges: for every tariff period and option, the
 * domain's computeCorrections against its effective end (the earliest of the booking's, the
 * period's and the option's end) and, for top-ups, against the charges recomputed now. Each
 * invoiced charge is passed with what stands of it (invoiced + earlier corrections), so only a
 * difference not yet corrected appears; a correction's key counts the earlier corrections of its
 * charge, so it stays unique.
 */
export function pendingCorrections(
  state: AccountBillingState,
  issued: readonly IssuedLine[],
  recomputed: readonly Charge[],
): PendingCorrection[] {
  const invoiced = new Map<string, InvoicedCharge & { standing: number }>();
  const earlier = new Map<string, number>();
  for (const { line, documentNumber, documentDate } of issued) {
    if (line.correctsChargeKey !== null) continue;
    const charge = line.charge as Charge;
    invoiced.set(line.chargeKey, {
      ...charge,
      invoiceId: line.documentId,
      invoiceNumber: documentNumber,
      invoiceDate: documentDate,
      standing: line.netMinor,
    });
  }
  for (const { line } of issued) {
    if (line.correctsChargeKey === null) continue;
    const c = invoiced.get(line.correctsChargeKey);
    if (c) c.standing += line.netMinor;
    earlier.set(line.correctsChargeKey, (earlier.get(line.correctsChargeKey) ?? 0) + 1);
  }
  const current = [...invoiced.values()]
    .filter((c) => c.source.bookingId !== '')
    .map((c) => ({ ...c, amount: { ...c.amount, amountMinor: c.standing } }));
  const out: CorrectionLine[] = [];
  for (const booking of state.bookings) {
    const own = current.filter((c) => c.source.bookingId === booking.id);
    if (own.length === 0) continue;
    const periods = state.periods.filter((p) => p.bookingId === booking.id);
    const tariffIds = new Set(own.map((c) => c.source.tariffId));
    for (const tariffId of tariffIds) {
      const ends = periods.filter((p) => p.tariffId === tariffId);
      // The latest period of this tariff on the booking decides its end.
      const last = ends.sort((a, b) => (a.startDate < b.startDate ? -1 : 1)).at(-1);
      const end = minDate(last?.endDate ?? null, booking.endDate) ?? OPEN_END;
      const lines = own.filter((c) => c.source.tariffId === tariffId && c.source.optionId === null);
      out.push(
        ...computeCorrections(lines, { bookingId: booking.id, tariffId, newEnd: end }, { recomputed }),
      );
    }
    for (const option of state.options.filter((o) => o.bookingId === booking.id)) {
      const lines = own.filter((c) => c.source.optionId === option.id);
      if (lines.length === 0) continue;
      const end = minDate(option.endDate, booking.endDate);
      if (end === null) continue;
      out.push(...computeCorrections(lines, { bookingId: booking.id, optionId: option.id, newEnd: end }));
    }
  }
  return out.map((k) => {
    const n = (earlier.get(k.corrects.chargeKey) ?? 0) + 1;
    return {
      ...k,
      key: `${k.corrects.chargeKey}|correction|${n}`,
      correctsDocumentNumber: k.corrects.invoiceNumber ?? '',
      correctsDocumentDate: k.corrects.invoiceDate ?? '',
    };
  });
}
