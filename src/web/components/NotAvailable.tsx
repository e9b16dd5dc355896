import { EmptyState } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Shown on a page whose action the session's abilities do not include. */
export function NotAvailable() {
  const { t } = useTranslation();
  return <EmptyState title={t('common.notAvailableTitle')} description={t('common.notAvailable')} />;
}
