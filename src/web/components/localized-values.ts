import { type Locale, locales } from '../../shared/locales';
import type { LocalizedText } from '../../shared/schemas';

/** Localized text as a form holds it: every language present, empty when not given. */
export type LocalizedValues = Record<Locale, string>;

export const emptyLocalized = (): LocalizedValues => ({ nl: '', de: '', en: '' });

/**
 * The text in the UI language, else in another portal language (English first, then the order
 * of `locales`), else the empty string. Blank texts count as missing.
 */
export function localizedTextOf(text: LocalizedText | null | undefined, locale: Locale): string {
  if (!text) return '';
  const order: Locale[] = [locale, 'en', ...locales.filter((l) => l !== locale && l !== 'en')];
  for (const lang of order) {
    const value = text[lang]?.trim();
    if (value) return value;
  }
  return '';
}

/** Stored text → form values. */
export function toLocalizedValues(text: LocalizedText | null | undefined): LocalizedValues {
  return { nl: text?.nl ?? '', de: text?.de ?? '', en: text?.en ?? '' };
}

/** Form values → the API shape: trimmed, languages left empty are omitted. */
export function fromLocalizedValues(values: LocalizedValues): LocalizedText {
  const out: LocalizedText = {};
  for (const lang of locales) {
    const value = values[lang].trim();
    if (value) out[lang] = value;
  }
  return out;
}
