import type { z } from 'zod';
import type { manualItemBody } from '../../../shared/schemas';
import { apiRequest } from '../../app/api';

export type ManualItemInput = z.input<typeof manualItemBody>;

export const billingKeys = {
  all: ['billing'] as const,
  data: (realm: 'staff' | 'client', accountId: string) => ['billing', 'data', realm, accountId] as const,
  documents: (realm: 'staff' | 'client', accountId: string) =>
    ['billing', 'documents', realm, accountId] as const,
};

const enc = encodeURIComponent;

export function fetchBillingData(realm: 'staff' | 'client', accountId: string, signal?: AbortSignal) {
  const url =
    realm === 'staff' ? `/api/v1/staff/accounts/${enc(accountId)}/billing` : '/api/v1/client/billing';
  return apiRequest(url, { response: 'billingData', signal });
}

export function fetchDocuments(realm: 'staff' | 'client', accountId: string, signal?: AbortSignal) {
  const url =
    realm === 'staff' ? `/api/v1/staff/accounts/${enc(accountId)}/documents` : '/api/v1/client/documents';
  return apiRequest(url, { response: 'documentList', signal });
}

export function issueInvoice(accountId: string, until: string) {
  return apiRequest(`/api/v1/staff/accounts/${enc(accountId)}/invoices`, {
    method: 'POST',
    body: { until },
    response: 'issueResult',
  });
}

export function issueCorrections(accountId: string) {
  return apiRequest(`/api/v1/staff/accounts/${enc(accountId)}/corrections`, {
    method: 'POST',
    response: 'issueResult',
  });
}

export function addManualItem(accountId: string, body: ManualItemInput) {
  return apiRequest(`/api/v1/staff/accounts/${enc(accountId)}/manual-items`, {
    method: 'POST',
    body,
    response: 'manualItemDto',
  });
}
