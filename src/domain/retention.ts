import type { IsoDate } from './calendar';

/**
 * Retention of a closed account's records (ADR 0009). Invoices and credit notes are kept for
 * 8 years from the end of the year of issue (§147 AO, §257 HGB as amended in 2025). The contract
 * records that explain them, the acceptances of the terms and the change history are kept for the
 * regular limitation period of 3 years from the end of the year of closing (§§195, 199 BGB), and
 * never shorter than the documents they underlie.
 */
export const DOCUMENT_RETENTION_YEARS = 8;
export const RECORD_RETENTION_YEARS = 3;

/** The last day a record issued or closed on this date is kept: 31 December, `years` after its year. */
export function endOfRetention(date: IsoDate, years: number): IsoDate {
  const year = Number(date.slice(0, 4));
  return `${String(year + years).padStart(4, '0')}-12-31`;
}

export type RetentionDates = {
  /** Last day the documents are kept; null when the account has no documents. */
  documentsUntil: IsoDate | null;
  /** Last day the contract records, legal acceptances and history are kept. */
  recordsUntil: IsoDate;
};

export function retentionDates(input: {
  latestDocumentDate: IsoDate | null;
  closedOn: IsoDate;
}): RetentionDates {
  const documentsUntil =
    input.latestDocumentDate === null
      ? null
      : endOfRetention(input.latestDocumentDate, DOCUMENT_RETENTION_YEARS);
  const records = endOfRetention(input.closedOn, RECORD_RETENTION_YEARS);
  return {
    documentsUntil,
    recordsUntil: documentsUntil && documentsUntil > records ? documentsUntil : records,
  };
}
