import { Alert, Button, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../app/api';
import { errorMessage } from './error-message';

type ErrorBannerProps = {
  error: unknown;
  /** Overrides the message, e.g. the login page's generic "e-mail or password is wrong". */
  message?: string;
  onRetry?: () => void;
};

export function ErrorBanner({ error, message, onRetry }: ErrorBannerProps) {
  const { t } = useTranslation();
  const requestId = isApiError(error) ? error.problem?.requestId : undefined;
  return (
    <Alert color="red" variant="light" title={t('errors.title')} role="alert" data-testid="error-banner">
      <Text size="sm">{message ?? errorMessage(error, t)}</Text>
      {requestId && (
        <Text size="xs" c="dimmed" mt={4}>
          {t('errors.reference', { id: requestId })}
        </Text>
      )}
      {onRetry && (
        <Button size="xs" variant="outline" color="red" mt="sm" onClick={onRetry}>
          {t('common.retry')}
        </Button>
      )}
    </Alert>
  );
}
