import type { z } from 'zod';
import { type orderBody, orderPage, orderResult, tariffList } from '../../../shared/schemas';
import { apiRequest } from '../../app/api';

export type OrderBody = z.infer<typeof orderBody>;

export const orderingKeys = {
  all: ['ordering'] as const,
  page: (moduleId: string, offerNumber: string | undefined) =>
    ['ordering', 'page', moduleId, offerNumber ?? null] as const,
  staffTariffs: (moduleId: string) => ['ordering', 'staff-tariffs', moduleId] as const,
};

/** A module's order page; with an offer number also the non-public tariff it names (else 404). */
export function fetchOrderPage(moduleId: string, offerNumber: string | undefined, signal?: AbortSignal) {
  return apiRequest(`/api/v1/client/modules/${encodeURIComponent(moduleId)}/order-page`, {
    query: { offerNumber },
    schema: orderPage,
    signal,
  });
}

export function placeOrder(moduleId: string, body: OrderBody) {
  return apiRequest(`/api/v1/client/modules/${encodeURIComponent(moduleId)}/orders`, {
    method: 'POST',
    body,
    schema: orderResult,
  });
}

export function placeOrderOnBehalf(accountId: string, body: OrderBody) {
  return apiRequest(`/api/v1/staff/accounts/${encodeURIComponent(accountId)}/orders`, {
    method: 'POST',
    body,
    schema: orderResult,
  });
}

/** Every tariff of a module, with offer numbers (the staff catalog list). */
export function fetchModuleTariffs(moduleId: string, signal?: AbortSignal) {
  return apiRequest(`/api/v1/staff/modules/${encodeURIComponent(moduleId)}/tariffs`, {
    schema: tariffList,
    signal,
  });
}
