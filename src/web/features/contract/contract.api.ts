import type { z } from 'zod';
import type {
  billingAddressBody,
  contractCustomerNumberBody,
  contractStartBody,
  invoiceReceiptBody,
  partnerBody,
  paymentTermsBody,
  purchaseOrderBody,
  testAccountBody,
  vatBody,
} from '../../../shared/schemas/contract-page';
import { apiRequest } from '../../app/api';

export type ContractRealm = 'staff' | 'client';

/** Staff pages sit under `accounts` so that invalidating `['accounts']` (closing, list) reloads them. */
export const contractKey = (realm: ContractRealm, accountId: string) =>
  realm === 'staff'
    ? (['accounts', 'contract', accountId] as const)
    : (['client', 'contract', accountId] as const);

const base = (realm: ContractRealm, accountId: string) =>
  realm === 'staff'
    ? `/api/v1/staff/accounts/${encodeURIComponent(accountId)}/contract`
    : '/api/v1/client/account/contract';

/** The Contract data tab in one request: every section with the viewer's abilities. */
export function fetchContract(realm: ContractRealm, accountId: string, signal?: AbortSignal) {
  return apiRequest(base(realm, accountId), { response: 'contractPage', signal });
}

/** The body of each section's PUT (DOMAIN.md §3; src/shared/schemas/contract-page.ts). */
export type SectionBodies = {
  partner: z.input<typeof partnerBody>;
  'billing-address': z.input<typeof billingAddressBody>;
  'payment-terms': z.input<typeof paymentTermsBody>;
  'contract-start': z.input<typeof contractStartBody>;
  'customer-number': z.input<typeof contractCustomerNumberBody>;
  vat: z.input<typeof vatBody>;
  'invoice-receipt': z.input<typeof invoiceReceiptBody>;
  'purchase-order': z.input<typeof purchaseOrderBody>;
  'test-account': z.input<typeof testAccountBody>;
};
export type SectionPath = keyof SectionBodies;

export function putSection<P extends SectionPath>(
  realm: ContractRealm,
  accountId: string,
  path: P,
  body: SectionBodies[P],
) {
  return apiRequest(`${base(realm, accountId)}/${path}`, { method: 'PUT', body, response: 'contractPage' });
}

/** One published version of a legal document (every version stays readable). */
export function fetchLegalDocument(id: string, signal?: AbortSignal) {
  return apiRequest(`/api/v1/legal/documents/${encodeURIComponent(id)}`, {
    response: 'legalDocumentDto',
    signal,
  });
}
