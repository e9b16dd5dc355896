import de from '../i18n/de.json';
import en from '../i18n/en.json';
import nl from '../i18n/nl.json';

/** All translations at once, for tests (the app loads one language at a time, src/web/app/i18n.ts). */
export const resources = {
  nl: { translation: nl },
  de: { translation: de },
  en: { translation: en },
};
