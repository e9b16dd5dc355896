import { apiRequest } from '../../app/api';

export const billingRunKeys = {
  all: ['billing-runs'] as const,
  list: ['billing-runs', 'list'] as const,
  one: (id: string) => ['billing-runs', 'one', id] as const,
};

export function fetchBillingRuns(signal?: AbortSignal) {
  return apiRequest('/api/v1/staff/billing-runs', { response: 'billingRunList', signal });
}

export function fetchBillingRun(id: string, signal?: AbortSignal) {
  return apiRequest(`/api/v1/staff/billing-runs/${encodeURIComponent(id)}`, {
    response: 'billingRunDetail',
    signal,
  });
}

export function startBillingRun(until: string) {
  return apiRequest('/api/v1/staff/billing-runs', {
    method: 'POST',
    body: { until },
    response: 'billingRunDetail',
  });
}
