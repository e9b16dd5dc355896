import type { TFunction } from 'i18next';
import { apiRequest, isApiError } from '../../app/api';
import { errorMessage } from '../../components/error-message';

export type ClosingRealm = 'staff' | 'client';

export const ownerSectionKey = (realm: ClosingRealm, accountId: string) =>
  ['owner-section', realm, accountId] as const;

const base = (realm: ClosingRealm, accountId: string) =>
  realm === 'staff' ? `/api/v1/staff/accounts/${encodeURIComponent(accountId)}` : '/api/v1/client/account';

export function fetchOwnerSection(realm: ClosingRealm, accountId: string, signal?: AbortSignal) {
  return apiRequest(`${base(realm, accountId)}/owner-section`, { response: 'accountOwnerSection', signal });
}

export function closeAccount(realm: ClosingRealm, accountId: string, confirmName: string) {
  return apiRequest(`${base(realm, accountId)}/close`, {
    method: 'POST',
    body: { confirmName },
    response: 'accountOwnerSection',
  });
}

/** The owner's data export; the browser downloads it with the session cookie. */
export const EXPORT_URL = '/api/v1/client/account/export';

const known = ['confirmation_mismatch', 'bookings_running', 'account_closed'] as const;

export function closingErrorMessage(error: unknown, t: TFunction): string {
  const code = isApiError(error) ? known.find((k) => k === error.code) : undefined;
  return code ? t(`accountClosing.problems.${code}`) : errorMessage(error, t);
}
