import type { LegalDocumentDto } from '../../../shared/schemas';
import type { LegalDocumentSummary } from './legal.repository';

export function presentLegalDocument(row: LegalDocumentSummary): LegalDocumentDto {
  return {
    id: row.id,
    kind: row.kind,
    version: row.version,
    title: row.title,
    bodyText: row.bodyText,
    hasPdf: Boolean(row.hasPdf),
    publishedAt: row.publishedAt.toISOString(),
  };
}
