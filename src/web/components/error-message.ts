import type { TFunction } from 'i18next';
import { isApiError } from '../app/api';

/** A readable, translated sentence for any failure of an API call. */
export function errorMessage(error: unknown, t: TFunction): string {
  if (!isApiError(error)) return t('errors.unknown');
  if (error.kind === 'network') return t('errors.network');
  if (error.kind === 'invalid-response') return t('errors.invalidResponse');
  switch (error.status) {
    case 400:
    case 422:
      return Object.keys(error.fieldErrors).length > 0 ? t('errors.validation') : t('errors.badRequest');
    case 401:
      return t('errors.unauthorized');
    case 403:
      return t('errors.forbidden');
    case 404:
      return t('errors.notFound');
    case 409:
      return t('errors.conflict');
    case 429:
      return error.retryAfterSeconds
        ? `${t('errors.tooManyAttempts')} ${t('errors.retryAfter', { count: Math.max(1, Math.ceil(error.retryAfterSeconds / 60)) })}`
        : t('errors.tooManyAttempts');
    default:
      return error.status >= 500 ? t('errors.server') : t('errors.unknown');
  }
}
