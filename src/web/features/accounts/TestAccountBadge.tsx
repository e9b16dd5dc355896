import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function TestAccountBadge() {
  const { t } = useTranslation();
  return (
    <Badge color="orange" variant="light" size="sm" style={{ flexShrink: 0 }}>
      {t('accounts.testAccount')}
    </Badge>
  );
}
