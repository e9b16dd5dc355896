import i18next, { type BackendModule, type Resource } from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { isLocale, type Locale } from '../../shared/locales';
import { setRequestLanguage } from './api';
import { browserLanguages, pickLanguage, readStoredLanguage } from './language';

/**
 * Each language is its own chunk, fetched when it is first used: the first page loads one
 * language, not three. i18next waits for it on start and on every language change.
 */
const lazyLanguages: BackendModule = {
  type: 'backend',
  init: () => {},
  read: (language, _namespace, callback) => {
    const load: Record<Locale, () => Promise<{ default: unknown }>> = {
      nl: () => import('../i18n/nl.json'),
      de: () => import('../i18n/de.json'),
      en: () => import('../i18n/en.json'),
    };
    if (!isLocale(language)) return callback(new Error(`No translations for ${language}`), false);
    load[language]().then(
      (module) => callback(null, module.default as Record<string, unknown>),
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), false),
    );
  },
};

/** The language known before the session arrives: this browser's choice, else the browser language. */
export function browserLanguage(): Locale {
  return pickLanguage({ storedLocale: readStoredLanguage(), browserLanguages: browserLanguages() });
}

/**
 * Starts i18next with `language` (main.tsx passes the session's, see sessionLanguage), else the
 * browser's. The app renders once `ready` resolves (its language is loaded). Tests pass all
 * `resources` (src/web/test/resources.ts), which makes start and language changes synchronous.
 */
export function initI18n(
  options: { resources?: Resource; language?: Locale } = {},
): typeof i18next & { ready: Promise<unknown> } {
  const lng = options.language ?? browserLanguage();
  const instance = options.resources
    ? i18next.use(initReactI18next)
    : i18next.use(lazyLanguages).use(initReactI18next);
  const ready = instance.init({
    ...(options.resources ? { resources: options.resources, initAsync: false } : {}),
    lng,
    // All three files have the same keys (i18n.test.ts), so no other language is loaded as a fallback.
    fallbackLng: false,
    supportedLngs: ['nl', 'de', 'en'],
    load: 'currentOnly',
    interpolation: { escapeValue: false },
    returnNull: false,
    react: { useSuspense: false },
  });
  setDocumentLanguage(lng);
  return Object.assign(i18next, { ready });
}

/** Marks the page (`<html lang>`) and the API requests with the UI language. */
export function setDocumentLanguage(locale: Locale): void {
  if (globalThis.document) globalThis.document.documentElement.lang = locale;
  setRequestLanguage(locale);
}

/** The current UI language as a Locale. */
export function useLocale(): Locale {
  const { i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? i18n.language;
  return isLocale(lng) ? lng : 'en';
}
