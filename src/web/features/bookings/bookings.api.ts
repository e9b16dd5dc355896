import type { z } from 'zod';
import type { moduleDataBody } from '../../../shared/schemas';
import { apiRequest } from '../../app/api';

export type ModuleDataChange = z.infer<typeof moduleDataBody>;

export const bookingKeys = {
  /** The logged-in client's modules section (bookings and orderable modules). */
  own: ['client', 'modules'] as const,
  /** An account's modules section as staff see it. */
  ofAccount: (accountId: string) => ['accounts', 'modules', accountId] as const,
  /** One booking, as the client or staff read it. */
  one: (realm: 'client' | 'staff', bookingId: string) => ['bookings', realm, bookingId] as const,
};

export function fetchOwnModules(signal?: AbortSignal) {
  return apiRequest('/api/v1/client/bookings', { response: 'accountModules', signal });
}

export function fetchAccountModules(accountId: string, signal?: AbortSignal) {
  return apiRequest(`/api/v1/staff/accounts/${encodeURIComponent(accountId)}/bookings`, {
    response: 'accountModules',
    signal,
  });
}

/** One booking with its module data (404 when it is not the client's or not the tenant's). */
export function fetchBooking(realm: 'client' | 'staff', bookingId: string, signal?: AbortSignal) {
  return apiRequest(`/api/v1/${realm}/bookings/${encodeURIComponent(bookingId)}`, {
    response: 'bookingDto',
    signal,
  });
}

export function changeModuleData(realm: 'client' | 'staff', bookingId: string, body: ModuleDataChange) {
  return apiRequest(`/api/v1/${realm}/bookings/${encodeURIComponent(bookingId)}/module-data`, {
    method: 'PATCH',
    body,
    response: 'bookingDto',
  });
}
