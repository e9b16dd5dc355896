import { describe, expect, it } from 'vitest';
import {
  amountParts,
  formatPercent,
  formatQuantity,
  formatUnitPrice,
  groupPriceList,
  type PriceListItem,
  priceGroupOf,
} from './price-list';

const item = (overrides: Partial<PriceListItem>): PriceListItem => ({
  id: 'x',
  title: { en: 'Item' },
  key: 'base_fee',
  unitPrice: '1.00',
  billingMode: 'monthly_in_advance',
  vatRate: null,
  unit: null,
  terminationRule: null,
  ...overrides,
});

describe('price list', () => {
  it('groups items as a client reads them', () => {
    expect(priceGroupOf(item({ key: 'setup_fee', billingMode: 'one_time' }))).toBe('oneTime');
    expect(priceGroupOf(item({ billingMode: 'monthly_in_arrears' }))).toBe('monthly');
    expect(priceGroupOf(item({ billingMode: 'yearly_in_advance' }))).toBe('yearly');
    expect(priceGroupOf(item({ key: 'usage', billingMode: 'monthly_in_arrears', unit: 'call' }))).toBe(
      'usage',
    );
    expect(priceGroupOf(item({ key: 'additional_option', billingMode: 'one_time' }))).toBe('options');
  });

  it('lists only groups with items, in a fixed order, items by position', () => {
    const groups = groupPriceList([
      item({ id: 'b', position: 2 }),
      item({ id: 'opt', key: 'additional_option' }),
      item({ id: 'a', position: 1 }),
      item({ id: 'setup', key: 'setup_fee', billingMode: 'one_time' }),
    ]);
    expect(groups.map((g) => g.group)).toEqual(['oneTime', 'monthly', 'options']);
    expect(groups[1]?.items.map((i) => i.id)).toEqual(['a', 'b']);
  });

  it('formats prices exactly, with the extra places a price has', () => {
    expect(formatUnitPrice('29.90', 'EUR', 'de')).toBe('29,90\u00a0€');
    expect(formatUnitPrice('0.0125', 'EUR', 'en')).toBe('€0.0125');
    expect(formatUnitPrice('1234567.000001', 'EUR', 'nl')).toBe('€\u00a01.234.567,000001');
    expect(formatUnitPrice('49', 'EUR', 'en')).toBe('€49.00');
  });

  it('formats quantities in the UI language from their decimal string', () => {
    expect(formatQuantity('1', 'nl')).toBe('1');
    expect(formatQuantity('2.500', 'de')).toBe('2,5');
    expect(formatQuantity('1234.25', 'en')).toBe('1,234.25');
    expect(formatQuantity('abc', 'nl')).toBe('abc');
  });

  it('formats percentages in the UI language', () => {
    expect(formatPercent('21', 'nl')).toBe('21\u00a0%');
    expect(formatPercent('7.50', 'de')).toBe('7,5\u00a0%');
  });

  it('keeps the price and its unit each on one line, breaking only between them', () => {
    const nbsp = '\u00a0';
    const price = formatUnitPrice('0.85', 'EUR', 'nl');
    expect(amountParts(`${price} per gesprek`, price)).toEqual([
      price.replace(/\s/g, nbsp),
      `per${nbsp}gesprek`,
    ]);
    expect(amountParts('je 0,85 € pro Anruf', '0,85 €')).toEqual(['je', `0,85${nbsp}€`, `pro${nbsp}Anruf`]);
    expect(amountParts('€49.00', '€49.00')).toEqual(['€49.00']);
    expect(amountParts('free of charge', '€0.00')).toEqual([`free${nbsp}of${nbsp}charge`]);
  });
});
