/**
 * Payment terms (DOMAIN.md §3 (5)) in words, in each document language: how the contract page
 * shows the terms as documents print them. Pure and small, so a page in one UI language can word
 * them in the client's document language without loading that language's UI texts.
 */
import type { Locale } from './locales';

type Words = {
  due(days: number): string;
  discount(percent: string, days: number): string;
};

const words: Record<Locale, Words> = {
  en: {
    due: (n) => `Payable within ${n} ${n === 1 ? 'day' : 'days'} of the invoice date.`,
    discount: (p, n) => `${p} % early-payment discount if paid within ${n} ${n === 1 ? 'day' : 'days'}.`,
  },
  de: {
    due: (n) => `Zahlbar innerhalb von ${n} ${n === 1 ? 'Tag' : 'Tagen'} nach Rechnungsdatum.`,
    discount: (p, n) => `${p} % Skonto bei Zahlung innerhalb von ${n} ${n === 1 ? 'Tag' : 'Tagen'}.`,
  },
  nl: {
    due: (n) => `Te betalen binnen ${n} ${n === 1 ? 'dag' : 'dagen'} na factuurdatum.`,
    discount: (p, n) => `${p} % korting bij betaling binnen ${n} ${n === 1 ? 'dag' : 'dagen'}.`,
  },
};

export type PaymentTermsWords = { due: string; discount: string | null };

/** The due line and, when the terms grant one, the early-payment discount line. */
export function paymentTermsText(
  terms: { dueDays: number; discountPercent: string | null; discountDays: number | null },
  language: Locale,
): PaymentTermsWords {
  const w = words[language];
  return {
    due: w.due(terms.dueDays),
    discount:
      terms.discountPercent !== null && terms.discountDays !== null
        ? w.discount(terms.discountPercent, terms.discountDays)
        : null,
  };
}
