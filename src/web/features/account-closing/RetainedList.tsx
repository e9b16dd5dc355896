import { List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AccountOwnerSectionDto } from '../../../shared/schemas';
import { formatPlainDate } from '../../app/format';
import { useLocale } from '../../app/i18n';

/** Exactly what is kept and until when; shown before confirming and after closing. */
export function RetainedList({ section }: { section: AccountOwnerSectionDto }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <div data-testid="retained">
      <Text size="sm" fw={500} mb={4}>
        {t('accountClosing.kept.title')}
      </Text>
      <List size="sm" spacing={4}>
        {section.retained.map((r) => (
          <List.Item key={r.what} data-testid={`retained-${r.what}`}>
            {r.until
              ? t(`accountClosing.kept.${r.what}`, { date: formatPlainDate(r.until, locale) })
              : t(`accountClosing.kept.${r.what}_none`)}
          </List.Item>
        ))}
      </List>
    </div>
  );
}
