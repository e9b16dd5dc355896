import type { z } from 'zod';
import type { orderBody } from '../../../shared/schemas';
import { apiRequest, isApiError } from '../../app/api';

export type OrderBody = z.infer<typeof orderBody>;

export const orderingKeys = {
  all: ['ordering'] as const,
  page: (moduleId: string, offerNumber: string | undefined) =>
    ['ordering', 'page', moduleId, offerNumber ?? null] as const,
  staffPage: (accountId: string, moduleId: string, offerNumber: string | undefined) =>
    ['ordering', 'staff-page', accountId, moduleId, offerNumber ?? null] as const,
};

/** Order pages answer 4xx for a wrong offer number or a module that cannot be ordered: no retry. */
export const noRetryOn4xx = (count: number, error: unknown) =>
  !(isApiError(error) && error.status >= 400 && error.status < 500) && count < 2;

/** A module's order page; with an offer number also the non-public tariff it names (else 404). */
export function fetchOrderPage(moduleId: string, offerNumber: string | undefined, signal?: AbortSignal) {
  return apiRequest(`/api/v1/client/modules/${encodeURIComponent(moduleId)}/order-page`, {
    query: { offerNumber },
    response: 'orderPage',
    signal,
  });
}

export function placeOrder(moduleId: string, body: OrderBody) {
  return apiRequest(`/api/v1/client/modules/${encodeURIComponent(moduleId)}/orders`, {
    method: 'POST',
    body,
    response: 'orderResult',
  });
}

export function placeOrderOnBehalf(accountId: string, body: OrderBody) {
  return apiRequest(`/api/v1/staff/accounts/${encodeURIComponent(accountId)}/orders`, {
    method: 'POST',
    body,
    response: 'orderResult',
  });
}

/**
 * A module's order page for ordering on an account's behalf: a manager or above gets every tariff,
 * an employee the public ones and, with an offer number, the one it names (else 404).
 */
export function fetchStaffOrderPage(
  accountId: string,
  moduleId: string,
  offerNumber: string | undefined,
  signal?: AbortSignal,
) {
  return apiRequest(
    `/api/v1/staff/accounts/${encodeURIComponent(accountId)}/modules/${encodeURIComponent(moduleId)}/order-page`,
    { query: { offerNumber }, response: 'orderPage', signal },
  );
}
