import { type Action, type Actor, abilitiesFor } from '../../../shared/permissions';
import type { DocumentSummaryDto } from '../../../shared/schemas';
import type { DocumentRow } from './billing.repository';

const documentActions = ['billing.view', 'billing.manage'] as const satisfies readonly Action[];

/** An issued document as listed in the archive, with the PDF link of the reader's realm. */
export function presentDocument(
  actor: Actor,
  row: DocumentRow,
  extra: { corrected: boolean; correctsNumber: string | null },
): DocumentSummaryDto {
  const realm = actor.realm === 'client' ? 'client' : 'staff';
  return {
    id: row.id,
    accountId: row.accountId,
    kind: row.kind,
    number: row.number,
    issueDate: row.issueDate,
    currency: row.currency,
    net: row.netMinor,
    vat: row.vatMinor,
    gross: row.grossMinor,
    isTest: row.isTest,
    state: extra.corrected ? 'corrected' : 'issued',
    correctsNumber: extra.correctsNumber,
    pdfUrl: `/api/v1/${realm}/documents/${row.id}/pdf`,
    abilities: abilitiesFor(actor, documentActions),
  };
}
