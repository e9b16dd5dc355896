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

/** True for answers about the request itself (4xx): the user can act on them, support needs no reference. */
function isRequestProblem(error: unknown): boolean {
  return isApiError(error) && error.kind === 'http' && error.status >= 400 && error.status < 500;
}

export function ErrorBanner({ error, message, onRetry }: ErrorBannerProps) {
  const { t } = useTranslation();
  const requestProblem = isRequestProblem(error);
  const requestId = isApiError(error) && !requestProblem ? error.problem?.requestId : undefined;
  return (
    <Alert
      color="red"
      variant="light"
      title={requestProblem ? undefined : t('errors.title')}
      role="alert"
      data-testid="error-banner"
      // Inside an AppForm the focus moves here after a refused submit that marks no field.
      data-form-error
      tabIndex={-1}
    >
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
