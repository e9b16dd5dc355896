import type { AuditKind } from '../../../shared/audit-actions';
import { apiRequest } from '../../app/api';

export const ACCOUNTS_PAGE_SIZE = 20;
export const AUDIT_PAGE_SIZE = 10;

export const accountKeys = {
  all: ['accounts'] as const,
  list: (q: string, page: number) => ['accounts', 'list', { q, page }] as const,
  audit: (id: string, page: number, kind?: AuditKind) => ['accounts', 'audit', id, { page, kind }] as const,
  auditAll: (id: string) => ['accounts', 'audit', id] as const,
};

export function fetchAccounts(q: string, page: number, signal?: AbortSignal) {
  return apiRequest('/api/v1/staff/accounts', {
    query: { q, page, pageSize: ACCOUNTS_PAGE_SIZE },
    response: 'accountList',
    signal,
  });
}

export function fetchAudit(id: string, page: number, kind: AuditKind | undefined, signal?: AbortSignal) {
  return apiRequest(`/api/v1/staff/accounts/${encodeURIComponent(id)}/audit`, {
    query: { page, pageSize: AUDIT_PAGE_SIZE, kind },
    response: 'auditList',
    signal,
  });
}
