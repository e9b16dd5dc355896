import { EmptyState } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from './AnchorLink';
import { AppLayout } from './AppLayout';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <AppLayout title={t('common.notFoundTitle')}>
      <EmptyState title={t('common.notFoundTitle')} description={t('common.notFound')} mt="xl">
        <AnchorLink to="/">{t('common.toHome')}</AnchorLink>
      </EmptyState>
    </AppLayout>
  );
}
