import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { isLocale, type Locale } from '../../shared/locales';
import de from '../i18n/de.json';
import en from '../i18n/en.json';
import nl from '../i18n/nl.json';
import { setRequestLanguage } from './api';
import { browserLanguages, pickLanguage, readStoredLanguage } from './language';

export const resources = {
  nl: { translation: nl },
  de: { translation: de },
  en: { translation: en },
} as const;

/** Starts i18next with the language known before the session arrives (this browser's choice). */
export function initI18n(): typeof i18next {
  const lng = pickLanguage({ storedLocale: readStoredLanguage(), browserLanguages: browserLanguages() });
  void i18next.use(initReactI18next).init({
    resources,
    lng,
    fallbackLng: 'en',
    supportedLngs: ['nl', 'de', 'en'],
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  setDocumentLanguage(lng);
  return i18next;
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
