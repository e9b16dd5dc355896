import type { IsoDate } from './calendar';
import { formatDay, parseDay } from './calendar';
import type { BillingMode, Charge, ChargeSource, ItemKey } from './charges';
import { DomainError } from './errors';
import type { Money } from './money';
import { currencyExponent, lineAmountMinor, parseDecimal6, parseQuantity } from './money';

/** A charge as it was issued on an invoice. */
export type InvoicedCharge = Charge & {
  invoiceId: string;
  invoiceNumber?: string | null;
  invoiceDate?: IsoDate | null;
};

/**
 * What changed: the booking (or, with `optionId`, one option; with `tariffId`, one tariff period of
 * a tariff switch) now ends on `newEnd`.
 */
export type CorrectionRequest = {
  bookingId: string;
  newEnd: IsoDate;
  tariffId?: string | null;
  optionId?: string | null;
};

export type CorrectionLine = {
  key: string;
  kind: 'correction';
  title: string;
  itemKey: ItemKey | null;
  billingMode: BillingMode | null;
  /** The credited days: from the day after the new end to the end of the invoiced period. */
  servicePeriod: { from: IsoDate; to: IsoDate };
  quantity: string;
  unit: string | null;
  unitPrice: string;
  /** Days credited of the days of the whole period (month or booking year). */
  proration: { days: number; ofDays: number };
  /** Negative (a credit). */
  amount: Money;
  /** What stays charged for the original line: original amount + this credit. */
  usedAmount: Money;
  vatRate: string;
  source: ChargeSource;
  corrects: {
    chargeKey: string;
    invoiceId: string;
    invoiceNumber: string | null;
    invoiceDate: IsoDate | null;
  };
};

const CORRECTABLE: ReadonlySet<string> = new Set([
  'monthly_in_advance',
  'monthly_in_arrears',
  'yearly_in_advance',
]);

export type CorrectionOptions = {
  /**
   * The charges recomputed with the new end (computeCharges on the changed booking) over at least
   * the invoiced months. Needed when minimum-turnover top-ups were invoiced: a top-up depends on
   * every flagged line of its month, so its corrected amount is the recomputed top-up (absent: 0).
   */
  recomputed?: readonly Charge[];
};

/**
 * Credit lines for invoiced recurring charges whose service period reaches beyond a new end
 * (a cancellation, a manager's earlier end, an option's end, or the old tariff of a switch).
 *
 * Rule: the days used of an invoiced line are the days from its service start to the new end. What
 * stays charged is computed exactly as a prorated charge is: unit price × quantity × used days /
 * days of the whole period (calendar month, or booking year for yearly charges), rounded half up
 * once. The credit is that minus the invoiced amount, so invoiced + credit equals, to the cent, what
 * `computeCharges` yields for the same line with the new end. Lines wholly after the new end are
 * credited in full. One-time and usage lines are never corrected (usage is what was used; an end
 * inside an invoiced usage month leaves its line as it is).
 *
 * Minimum-turnover top-ups of the booking (of the tariff, when `tariffId` is given) are corrected to
 * the top-up of `options.recomputed` with the same key (0 when the recomputation has none), so that
 * invoiced + corrections equals the recomputed charges for them too (DOMAIN.md §5).
 * `amount` of an invoiced charge is what stands of it now: a charge corrected before is passed with
 * its invoiced amount plus those earlier corrections.
 */
export function computeCorrections(
  invoiced: readonly InvoicedCharge[],
  change: CorrectionRequest,
  options: CorrectionOptions = {},
): CorrectionLine[] {
  const newEnd = parseDay(change.newEnd, 'newEnd');
  const out: CorrectionLine[] = [];
  let recomputedTopUps: Map<string, number> | null = null;
  for (const c of invoiced) {
    if (c.source.bookingId !== change.bookingId) continue;
    if (c.kind === 'minimum_turnover_topup') {
      if (change.tariffId != null && c.source.tariffId !== change.tariffId) continue;
      if (!options.recomputed) {
        const to = parseDay(c.servicePeriod.to, 'servicePeriod.to');
        if (to <= newEnd && change.optionId == null) continue;
        throw new DomainError(
          'recomputation_required',
          `top-up ${c.key} can only be corrected against the recomputed charges (options.recomputed)`,
          { field: 'recomputed', value: c.key },
        );
      }
      recomputedTopUps ??= new Map(
        options.recomputed
          .filter((r) => r.kind === 'minimum_turnover_topup')
          .map((r) => [r.key, r.amount.amountMinor]),
      );
      const target = recomputedTopUps.get(c.key) ?? 0;
      const delta = target - c.amount.amountMinor;
      if (delta === 0) continue;
      const from = parseDay(c.servicePeriod.from, 'servicePeriod.from');
      const to = parseDay(c.servicePeriod.to, 'servicePeriod.to');
      const creditFrom = newEnd >= from && newEnd < to ? newEnd + 1 : from;
      const ofDays = to - from + 1;
      out.push({
        key: `${c.key}|correction|${formatDay(newEnd)}${change.optionId ? `|${change.optionId}` : ''}`,
        kind: 'correction',
        title: c.title,
        itemKey: null,
        billingMode: null,
        servicePeriod: { from: formatDay(creditFrom), to: c.servicePeriod.to },
        quantity: '1',
        unit: c.unit,
        unitPrice: c.unitPrice,
        proration: { days: to - creditFrom + 1, ofDays },
        amount: { amountMinor: delta, currency: c.amount.currency },
        usedAmount: { amountMinor: target, currency: c.amount.currency },
        vatRate: c.vatRate,
        source: c.source,
        corrects: {
          chargeKey: c.key,
          invoiceId: c.invoiceId,
          invoiceNumber: c.invoiceNumber ?? null,
          invoiceDate: c.invoiceDate ?? null,
        },
      });
      continue;
    }
    if (c.kind !== 'charge' || c.billingMode === null || !CORRECTABLE.has(c.billingMode)) continue;
    if (c.itemKey === 'usage' || c.source.usageId !== null) continue;
    if (change.tariffId != null && c.source.tariffId !== change.tariffId) continue;
    if (change.optionId != null && c.source.optionId !== change.optionId) continue;
    const from = parseDay(c.servicePeriod.from, 'servicePeriod.from');
    const to = parseDay(c.servicePeriod.to, 'servicePeriod.to');
    if (to <= newEnd) continue;
    if (!c.proration || c.proration.ofDays <= 0 || c.proration.days !== to - from + 1) {
      throw new DomainError('invalid_period', `charge ${c.key} lacks a consistent proration`, {
        field: 'proration',
        value: c.key,
      });
    }
    const exp = currencyExponent(c.amount.currency);
    const usedDays = newEnd >= from ? newEnd - from + 1 : 0;
    const price = parseDecimal6(c.unitPrice, { allowNegative: true, field: 'unitPrice' });
    const qty = parseQuantity(c.quantity);
    const used = usedDays === 0 ? 0 : lineAmountMinor(price, qty, exp, usedDays, c.proration.ofDays);
    const credit = used - c.amount.amountMinor;
    if (credit === 0) continue;
    const creditFrom = usedDays === 0 ? from : newEnd + 1;
    out.push({
      key: `${c.key}|correction|${formatDay(newEnd)}`,
      kind: 'correction',
      title: c.title,
      itemKey: c.itemKey,
      billingMode: c.billingMode,
      servicePeriod: { from: formatDay(creditFrom), to: c.servicePeriod.to },
      quantity: c.quantity,
      unit: c.unit,
      unitPrice: c.unitPrice,
      proration: { days: to - creditFrom + 1, ofDays: c.proration.ofDays },
      amount: { amountMinor: credit, currency: c.amount.currency },
      usedAmount: { amountMinor: used, currency: c.amount.currency },
      vatRate: c.vatRate,
      source: c.source,
      corrects: {
        chargeKey: c.key,
        invoiceId: c.invoiceId,
        invoiceNumber: c.invoiceNumber ?? null,
        invoiceDate: c.invoiceDate ?? null,
      },
    });
  }
  return out;
}
