import { earliestEnd } from '../../../domain';
import type { Locale } from '../../../shared/locales';
import type { LocalizedText, OfferedTariff } from '../../../shared/schemas';
import type { TariffItemRow, TariffRow } from './ordering.repository';

/** Drops the trailing zeros the database adds to a decimal ("29.900000" → "29.90", "21.00" → "21"). */
export function trimDecimal(value: string, minPlaces = 0): string {
  if (!value.includes('.')) return minPlaces ? `${value}.${'0'.repeat(minPlaces)}` : value;
  const [whole, frac = ''] = value.split('.');
  let f = frac.replace(/0+$/, '');
  if (f.length < minPlaces) f = f.padEnd(minPlaces, '0');
  return f ? `${whole}.${f}` : (whole ?? value);
}

/** What ordering today means under a tariff's notice rule: start today, cancel today → end. */
export function ifOrderedToday(tariff: TariffRow, today: string) {
  const proposal = earliestEnd(tariff.terminationRule, today, today);
  return { start: today, earliestEnd: proposal.end, lastDayToCancel: proposal.lastDayToCancel };
}

export function presentOfferedTariff(
  tariff: TariffRow,
  items: TariffItemRow[],
  today: string,
): OfferedTariff {
  return {
    id: tariff.id,
    title: tariff.title,
    isPublic: tariff.isPublic,
    vatRate: trimDecimal(tariff.vatRate),
    terminationRule: tariff.terminationRule,
    minimumTurnover: tariff.minimumTurnover === null ? null : trimDecimal(tariff.minimumTurnover, 2),
    businessOnly: tariff.businessOnly,
    items: items.map((i) => ({
      id: i.id,
      title: i.title,
      key: i.key,
      unitPrice: trimDecimal(i.unitPrice, 2),
      billingMode: i.billingMode,
      vatRate: i.vatRate === null ? null : trimDecimal(i.vatRate),
      minimumTurnoverFlag: i.minimumTurnoverFlag,
      unit: (i.unit ?? null) as OfferedTariff['items'][number]['unit'],
      terminationRule: i.terminationRule ?? null,
      position: i.position,
    })),
    ifOrderedToday: ifOrderedToday(tariff, today),
  };
}

/** A text in the reader's language, else in any language given. */
export function localized(text: LocalizedText, locale: Locale): string {
  return text[locale] || text.nl || text.de || text.en || '';
}
