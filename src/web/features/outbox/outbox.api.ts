import { apiRequest } from '../../app/api';

export const OUTBOX_PAGE_SIZE = 20;

export const outboxKey = (page: number) => ['outbox', page] as const;

export function fetchOutbox(page: number, signal?: AbortSignal) {
  return apiRequest('/api/v1/staff/outbox', {
    query: { page, pageSize: OUTBOX_PAGE_SIZE },
    response: 'outboxList',
    signal,
  });
}
