import type { z } from 'zod';
import { type LegalDocumentDto, type legalDocumentBody, legalDocumentDto } from '../../../shared/schemas';
import {
  ApiError,
  apiRequest,
  buildUrl,
  CSRF_COOKIE,
  CSRF_HEADER,
  problemFromResponse,
  readCookie,
} from '../../app/api';
import { fetchSession } from '../../app/session';

export type LegalKind = LegalDocumentDto['kind'];
export type LegalTextInput = z.input<typeof legalDocumentBody>;

export const legalKeys = { list: ['legal', 'documents'] as const };

export function fetchLegalDocuments(signal?: AbortSignal) {
  return apiRequest('/api/v1/staff/legal-documents', { response: 'legalDocumentList', signal });
}

export function publishLegalText(body: LegalTextInput) {
  return apiRequest('/api/v1/staff/legal-documents', { method: 'POST', body, response: 'legalDocumentDto' });
}

/** Where anyone (also logged out) reads the PDF of a version published as a PDF. */
export function legalPdfUrl(id: string): string {
  return `/api/v1/legal/documents/${encodeURIComponent(id)}/pdf`;
}

/** A file name the server accepts (letters, digits, space, . ( ) - _; ending in .pdf). */
export function safePdfFilename(name: string): string | undefined {
  const cleaned = name.replace(/[^\w .()-]+/g, '_').slice(-120);
  return /^[\w .()-]{1,120}\.pdf$/i.test(cleaned) ? cleaned : undefined;
}

/**
 * Publishes a PDF version: the body is the file itself (application/pdf), so this is the one call
 * that does not send JSON; CSRF token, language and problem+json are handled as in apiRequest.
 */
export async function publishLegalPdf(kind: LegalKind, title: string, file: File): Promise<LegalDocumentDto> {
  let token = readCookie(CSRF_COOKIE);
  if (!token) {
    await fetchSession().catch(() => undefined);
    token = readCookie(CSRF_COOKIE);
  }
  const headers: Record<string, string> = {
    accept: 'application/json, application/problem+json',
    'content-type': 'application/pdf',
    'accept-language': document.documentElement.lang || 'en',
  };
  if (token) headers[CSRF_HEADER] = token;
  let response: Response;
  try {
    response = await fetch(
      buildUrl('/api/v1/staff/legal-documents/pdf', {
        kind,
        title: title.trim(),
        filename: safePdfFilename(file.name),
      }),
      { method: 'POST', headers, credentials: 'same-origin', body: file },
    );
  } catch {
    throw new ApiError('network', 0, null, 'Network request failed');
  }
  if (!response.ok) throw await problemFromResponse(response);
  const parsed = legalDocumentDto.safeParse(await response.json().catch(() => null));
  if (!parsed.success)
    throw new ApiError('invalid-response', response.status, null, 'Response is off the contract');
  return parsed.data;
}
