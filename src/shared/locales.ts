export const locales = ['nl', 'de', 'en'] as const;
export type Locale = (typeof locales)[number];

/** The BCP 47 tag used for formatting dates and money in each UI language. */
export const formattingLocale: Record<Locale, string> = { nl: 'nl-NL', de: 'de-DE', en: 'en-GB' };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}
