import { formattingLocale, type Locale } from '../../shared/locales';
import type { TariffItemDto, TerminationRuleInput } from '../../shared/schemas';

/** An item as the price list needs it: a staff tariff's item or an offered tariff's item. */
export type PriceListItem = Pick<
  TariffItemDto,
  'id' | 'title' | 'key' | 'unitPrice' | 'billingMode' | 'vatRate' | 'unit' | 'terminationRule'
> & { minimumTurnoverFlag?: boolean; position?: number };

/** A tariff as the price list needs it (TariffDto and OfferedTariff both fit). */
export type PriceListTariff = {
  items: readonly PriceListItem[];
  vatRate: string;
  terminationRule: TerminationRuleInput;
  minimumTurnover: string | null;
  businessOnly?: boolean;
};

export const priceGroups = ['oneTime', 'monthly', 'yearly', 'usage', 'options'] as const;
export type PriceGroup = (typeof priceGroups)[number];

/** Usage and additional options are their own groups; every other item goes by its billing mode. */
export function priceGroupOf(item: PriceListItem): PriceGroup {
  if (item.key === 'additional_option') return 'options';
  if (item.key === 'usage') return 'usage';
  switch (item.billingMode) {
    case 'one_time':
      return 'oneTime';
    case 'yearly_in_advance':
      return 'yearly';
    default:
      return 'monthly';
  }
}

/** The non-empty groups in price-list order, items in their position order. */
export function groupPriceList(
  items: readonly PriceListItem[],
): { group: PriceGroup; items: PriceListItem[] }[] {
  const sorted = [...items].sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  return priceGroups
    .map((group) => ({ group, items: sorted.filter((item) => priceGroupOf(item) === group) }))
    .filter((entry) => entry.items.length > 0);
}

function currencyDigits(currency: string): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  );
}

/**
 * A unit price (an exact decimal string, up to 6 places) with its currency in the UI language.
 * Shows the currency's usual places, more when the price has them (0.0125 → € 0,0125); the
 * string goes to Intl as a decimal, never through a float.
 */
export function formatUnitPrice(price: string, currency: string, locale: Locale): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(price.trim());
  if (!match) return price;
  const digits = currencyDigits(currency);
  const places = (match[3] ?? '').replace(/0+$/, '').length;
  return new Intl.NumberFormat(formattingLocale[locale], {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: Math.max(digits, places),
  }).format(price.trim() as Intl.StringNumericLiteral);
}

/** A quantity in the UI language ("1", "2,5"), from its decimal string (never through a float). */
export function formatQuantity(value: string, locale: Locale): string {
  const match = /^-?\d+(?:\.(\d+))?$/.exec(value.trim());
  if (!match) return value;
  const places = (match[1] ?? '').replace(/0+$/, '').length;
  return new Intl.NumberFormat(formattingLocale[locale], {
    minimumFractionDigits: 0,
    maximumFractionDigits: places,
  }).format(value.trim() as Intl.StringNumericLiteral);
}

/** A percentage in the UI language ("21 %", "7,5 %", with a non-breaking space), from its decimal string. */
export function formatPercent(rate: string, locale: Locale): string {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(rate.trim());
  if (!match) return `${rate}\u00a0%`;
  const places = (match[2] ?? '').replace(/0+$/, '').length;
  const number = new Intl.NumberFormat(formattingLocale[locale], {
    minimumFractionDigits: 0,
    maximumFractionDigits: places,
  }).format(rate.trim() as Intl.StringNumericLiteral);
  // A non-breaking space: "21 %" never ends a line with the number and starts the next with "%".
  return `${number}\u00a0%`;
}

/**
 * Splits an amount such as "€ 0,85 per gesprek" into the price and the words around it, each to be
 * kept on one line (spaces inside become non-breaking): a narrow column may then wrap only between
 * the price and its unit, never inside either.
 */
export function amountParts(amount: string, price: string): string[] {
  const at = amount.indexOf(price);
  const glue = (text: string) => text.trim().replace(/\s+/g, '\u00a0');
  if (at < 0) return [glue(amount)];
  return [amount.slice(0, at), price, amount.slice(at + price.length)].map(glue).filter(Boolean);
}
