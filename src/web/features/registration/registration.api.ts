import type { z } from 'zod';
import type { registrationBody } from '../../../shared/schemas';
import { apiRequest } from '../../app/api';

export type RegistrationBody = z.infer<typeof registrationBody>;
export type LegalKind = 'terms' | 'privacy';

export const legalKeys = {
  current: (kind: LegalKind) => ['legal', 'current', kind] as const,
};

/** The portal's current terms and conditions or privacy policy (404 while none is published). */
export function fetchCurrentLegalDocument(kind: LegalKind, signal?: AbortSignal) {
  return apiRequest(`/api/v1/legal/${kind}/current`, { response: 'legalDocumentDto', signal });
}

/** The address of a legal document's PDF (for versions published as a PDF). */
export function legalDocumentPdfUrl(id: string): string {
  return `/api/v1/legal/documents/${encodeURIComponent(id)}/pdf`;
}

export function register(body: RegistrationBody) {
  return apiRequest('/api/v1/client/register', { method: 'POST', body, response: 'registrationResult' });
}

export function verifyEmail(token: string) {
  return apiRequest('/api/v1/client/verify-email', { method: 'POST', body: { token } });
}

export function resendVerification() {
  return apiRequest('/api/v1/client/verify-email/resend', { method: 'POST' });
}
