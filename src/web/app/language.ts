import { isLocale, type Locale, locales } from '../../shared/locales';

export const LANGUAGE_STORAGE_KEY = 'kontor.language';

export const languageNames: Record<Locale, string> = { nl: 'Nederlands', de: 'Deutsch', en: 'English' };

/** "de-AT" → "de"; anything not offered → null. */
export function localeFromTag(tag: string | null | undefined): Locale | null {
  if (!tag) return null;
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
  return isLocale(primary) ? primary : null;
}

export type LanguageSources = {
  /** The logged-in user's stored preference. */
  userLocale?: string | null;
  /** The choice remembered in this browser. */
  storedLocale?: string | null;
  /** navigator.languages, most preferred first. */
  browserLanguages?: readonly string[];
  /** The tenant's default language. */
  tenantDefault?: string | null;
};

/** The UI language: the user's stored locale, else this browser's choice, else the browser language, else the tenant default. */
export function pickLanguage(sources: LanguageSources): Locale {
  const fromUser = localeFromTag(sources.userLocale);
  if (fromUser) return fromUser;
  const fromStorage = localeFromTag(sources.storedLocale);
  if (fromStorage) return fromStorage;
  for (const tag of sources.browserLanguages ?? []) {
    const fromBrowser = localeFromTag(tag);
    if (fromBrowser) return fromBrowser;
  }
  return localeFromTag(sources.tenantDefault) ?? locales[0];
}

export function readStoredLanguage(): string | null {
  try {
    return globalThis.localStorage?.getItem(LANGUAGE_STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

export function storeLanguage(locale: Locale): void {
  try {
    globalThis.localStorage?.setItem(LANGUAGE_STORAGE_KEY, locale);
  } catch {
    // Storage can be unavailable (private mode); the choice then lasts for this page only.
  }
}

export function browserLanguages(): readonly string[] {
  const nav = globalThis.navigator;
  if (!nav) return [];
  if (nav.languages && nav.languages.length > 0) return nav.languages;
  return nav.language ? [nav.language] : [];
}
