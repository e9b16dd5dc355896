import {
  type CancellationDeclarationBody,
  type CancellationReceipt,
  cancellationReceipt,
} from '../../../shared/schemas';
import { apiRequest } from '../../app/api';

export const cancellationKeys = {
  incoming: (status: 'incoming' | 'all') => ['cancellation-declarations', status] as const,
};

export function declareCancellation(body: CancellationDeclarationBody) {
  return apiRequest('/api/v1/public/cancellations', {
    method: 'POST',
    body,
    response: 'cancellationReceipt',
  });
}

/** The link that downloads the receipt as PDF (the token is the receipt's own secret). */
export function receiptPdfUrl(receipt: Pick<CancellationReceipt, 'id' | 'receiptToken'>): string {
  return `/api/v1/public/cancellations/${encodeURIComponent(receipt.id)}/receipt.pdf?token=${encodeURIComponent(receipt.receiptToken)}`;
}

export function fetchIncomingCancellations(status: 'incoming' | 'all', signal?: AbortSignal) {
  return apiRequest('/api/v1/staff/cancellation-declarations', {
    query: { status },
    response: 'incomingCancellationList',
    signal,
  });
}

export function matchCancellation(id: string, bookingId: string) {
  return apiRequest(`/api/v1/staff/cancellation-declarations/${encodeURIComponent(id)}/match`, {
    method: 'POST',
    body: { bookingId },
    response: 'incomingCancellation',
  });
}

/**
 * The receipt of this tab's last declaration: kept in the tab's session storage so that the receipt
 * page survives a reload, and gone with the tab (nothing of it stays on a shared computer).
 */
const RECEIPT_KEY = 'kontor.cancellationReceipt';

export function keepReceipt(receipt: CancellationReceipt): void {
  try {
    sessionStorage.setItem(RECEIPT_KEY, JSON.stringify(receipt));
  } catch {
    // Storage may be unavailable (private mode); the receipt page then shows that it is gone.
  }
}

export function keptReceipt(): CancellationReceipt | null {
  try {
    const raw = sessionStorage.getItem(RECEIPT_KEY);
    if (!raw) return null;
    const parsed = cancellationReceipt.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
