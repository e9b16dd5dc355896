import { NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isLocale, locales } from '../../shared/locales';
import { languageNames } from '../app/language';
import { useChangeLanguage } from '../app/session';

const options = locales.map((locale) => ({ value: locale, label: languageNames[locale] }));

export function LanguageSwitcher() {
  const { t } = useTranslation();
  const { change, current, failed } = useChangeLanguage();
  return (
    <NativeSelect
      aria-label={t('layout.language')}
      data-testid="language-select"
      size="xs"
      w={{ base: 110, sm: 130 }}
      value={current}
      data={options}
      error={failed ? t('layout.languageNotSaved') : undefined}
      onChange={(event) => {
        const value = event.currentTarget.value;
        if (isLocale(value)) change(value);
      }}
    />
  );
}
