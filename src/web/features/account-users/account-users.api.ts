import type { TFunction } from 'i18next';
import type { z } from 'zod';
import type { Locale } from '../../../shared/locales';
import type { invitationAcceptBody } from '../../../shared/schemas';
import { apiRequest, isApiError } from '../../app/api';
import { errorMessage } from '../../components/error-message';

export type UsersRealm = 'staff' | 'client';

export const accountUsersKey = (realm: UsersRealm, accountId: string) =>
  ['account-users', realm, accountId] as const;

const base = (realm: UsersRealm, accountId: string) =>
  realm === 'staff' ? `/api/v1/staff/accounts/${encodeURIComponent(accountId)}` : '/api/v1/client/account';

export function fetchAccountUsers(realm: UsersRealm, accountId: string, signal?: AbortSignal) {
  return apiRequest(`${base(realm, accountId)}/users`, { response: 'accountUsersView', signal });
}

export function inviteUser(body: { email: string; role: 'member' | 'admin'; locale?: Locale | undefined }) {
  return apiRequest('/api/v1/client/account/invitations', {
    method: 'POST',
    body,
    response: 'accountUsersView',
  });
}

export function resendInvitation(realm: UsersRealm, accountId: string, invitationId: string) {
  return apiRequest(`${base(realm, accountId)}/invitations/${encodeURIComponent(invitationId)}/resend`, {
    method: 'POST',
    response: 'accountUsersView',
  });
}

export function revokeInvitation(invitationId: string) {
  return apiRequest(`/api/v1/client/account/invitations/${encodeURIComponent(invitationId)}`, {
    method: 'DELETE',
    response: 'accountUsersView',
  });
}

export function changeRole(userId: string, body: { role: 'member' | 'admin'; version: number }) {
  return apiRequest(`/api/v1/client/account/users/${encodeURIComponent(userId)}/role`, {
    method: 'PATCH',
    body,
    response: 'accountUsersView',
  });
}

export function removeUser(userId: string) {
  return apiRequest(`/api/v1/client/account/users/${encodeURIComponent(userId)}`, {
    method: 'DELETE',
    response: 'accountUsersView',
  });
}

export function transferOwnership(userId: string) {
  return apiRequest('/api/v1/client/account/owner', {
    method: 'PUT',
    body: { userId },
    response: 'accountUsersView',
  });
}

export function previewInvitation(token: string) {
  return apiRequest('/api/v1/invitations/preview', {
    method: 'POST',
    body: { token },
    response: 'invitationPreview',
  });
}

export function acceptInvitation(body: z.infer<typeof invitationAcceptBody>) {
  return apiRequest('/api/v1/invitations/accept', { method: 'POST', body, response: 'sessionInfo' });
}

/** Refusals this feature explains in its own words; anything else gets the general message. */
const knownProblems = [
  'account_owner',
  'last_admin',
  'not_admin',
  'already_owner',
  'email_in_use',
  'invitation_pending',
  'invitation_closed',
  'account_closed',
  'stale_version',
  'invitation_invalid',
  'invitation_used',
  'invitation_revoked',
  'invitation_expired',
] as const;

export type UsersProblem = (typeof knownProblems)[number];

export function usersProblemOf(error: unknown): UsersProblem | null {
  if (!isApiError(error)) return null;
  return knownProblems.find((p) => p === error.code) ?? null;
}

export function usersErrorMessage(error: unknown, t: TFunction): string {
  const known = usersProblemOf(error);
  return known ? t(`accountUsers.problems.${known}`) : errorMessage(error, t);
}
