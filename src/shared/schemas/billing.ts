import { z } from 'zod';
import { decimalString, vatRate } from './catalog';
import { abilities, isoInstant, uuid } from './common';
import { documentData } from './documents';

/**
 * Billing data, manual items, usage, issuing, corrections, the documents archive and the
 * bookkeeping export (DOMAIN.md §5, §6). Amounts are integer minor units of `currency`.
 */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date such as 2026-12-31');
const minor = z.number().int();

export const billingDataQuery = z
  .object({ until: isoDate.optional().describe('Charges due up to this date (default: today)') })
  .strict();

export const chargeStatus = z
  .enum(['due', 'future', 'invoiced'])
  .describe('due: can be issued now; future: due after the date; invoiced: on an issued invoice');

export const chargeDto = z
  .object({
    key: z.string(),
    kind: z.enum(['base_fee', 'setup_fee', 'usage', 'additional_option', 'manual', 'minimum_turnover']),
    title: z.string(),
    bookingId: uuid.nullable(),
    periodFrom: isoDate,
    periodTo: isoDate,
    dueDate: isoDate,
    quantity: z.string(),
    unit: z.string().nullable(),
    unitPrice: z.string(),
    proration: z.string().nullable(),
    vatRate: z.string(),
    amount: minor,
    status: chargeStatus,
    /** The invoice that billed it, when invoiced. */
    documentId: uuid.nullable(),
    documentNumber: z.string().nullable(),
  })
  .meta({ id: 'Charge' });
export type ChargeDto = z.infer<typeof chargeDto>;

export const pendingCorrectionDto = z
  .object({
    key: z.string(),
    title: z.string(),
    periodFrom: isoDate,
    periodTo: isoDate,
    vatRate: z.string(),
    amount: minor,
    correctsChargeKey: z.string(),
    correctsDocumentId: uuid,
    correctsDocumentNumber: z.string(),
    correctsDocumentDate: isoDate,
  })
  .meta({ id: 'PendingCorrection' });
export type PendingCorrectionDto = z.infer<typeof pendingCorrectionDto>;

export const priceChangeDto = z
  .object({
    id: uuid,
    itemId: uuid,
    itemTitle: z.string(),
    tariffTitle: z.string(),
    validFrom: isoDate,
    unitPrice: z.string(),
    previousUnitPrice: z.string(),
  })
  .meta({ id: 'PriceChange' });
export type PriceChangeDto = z.infer<typeof priceChangeDto>;

export const billingData = z
  .object({
    accountId: uuid,
    until: isoDate,
    today: isoDate,
    currency: z.string(),
    isTestAccount: z.boolean(),
    charges: z.array(chargeDto),
    pendingCorrections: z.array(pendingCorrectionDto),
    /** Net sum of the due charges. */
    dueNet: minor,
    /** Price changes of the account's tariffs that take effect after today. */
    announcedPriceChanges: z.array(priceChangeDto),
    /** Why nothing can be issued now (null when an invoice or corrections can be issued). */
    issueBlockedBy: z.enum(['no_invoice_settings', 'nothing_due']).nullable(),
    abilities,
  })
  .meta({ id: 'BillingData' });
export type BillingDataDto = z.infer<typeof billingData>;

export const reasonText = z
  .string()
  .trim()
  .min(1, 'Give a reason: it is kept in the account history')
  .max(1000);

export const manualItemBody = z
  .object({
    title: z.string().trim().min(1, 'Give the line a title').max(200),
    quantity: decimalString(6).refine((q) => Number(q) > 0, 'The quantity must be more than 0'),
    unitPrice: z
      .string()
      .trim()
      .regex(/^-?\d{1,12}(\.\d{1,6})?$/, 'Use a price with at most 6 decimals, e.g. 29.90 or -5.00'),
    vatRate,
    date: isoDate,
    reason: reasonText,
  })
  .strict();

export const manualItemDto = z
  .object({
    id: uuid,
    title: z.string(),
    quantity: z.string(),
    unitPrice: z.string(),
    vatRate: z.string(),
    date: isoDate,
    reason: z.string(),
    createdAt: isoInstant,
  })
  .meta({ id: 'ManualItem' });

export const issueBody = z.object({ until: isoDate }).strict();

export const documentState = z
  .enum(['issued', 'corrected'])
  .describe('corrected: a correction refers to this invoice');

export const documentSummary = z
  .object({
    id: uuid,
    accountId: uuid,
    kind: z.enum(['invoice', 'correction']),
    number: z.string(),
    issueDate: isoDate,
    currency: z.string(),
    net: minor,
    vat: minor,
    gross: minor,
    isTest: z.boolean(),
    state: documentState,
    correctsNumber: z.string().nullable(),
    /** Where the PDF is downloaded (for the reader's realm). */
    pdfUrl: z.string(),
    abilities,
  })
  .meta({ id: 'DocumentSummary' });
export type DocumentSummaryDto = z.infer<typeof documentSummary>;

export const documentList = z.object({ items: z.array(documentSummary) }).meta({ id: 'DocumentList' });
export const issueResult = z.object({ items: z.array(documentSummary) }).meta({ id: 'IssueResult' });

export const documentDetail = documentSummary
  .extend({ data: documentData, correctedBy: z.array(z.object({ id: uuid, number: z.string() })) })
  .meta({ id: 'DocumentDetail' });

export const manualCorrectionBody = z
  .object({
    lines: z
      .array(
        z
          .object({
            chargeKey: z.string().min(1).max(500),
            /** Net amount to credit in minor units (positive); the whole standing amount when absent. */
            credit: z.number().int().min(1).optional(),
          })
          .strict(),
      )
      .min(1, 'Choose at least one line')
      .max(500),
    reason: reasonText,
  })
  .strict();

export const usageRecordInput = z
  .object({
    sourceRecordId: z.string().trim().min(1).max(200),
    bookingId: uuid,
    itemId: uuid,
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Use a month such as 2026-11'),
    quantity: decimalString(6),
  })
  .strict();
export const usageImportBody = z
  .object({ records: z.array(z.unknown()).min(1, 'Send at least one record').max(10_000) })
  .strict();

export const usageRefusal = z
  .object({
    line: z.number().int(),
    sourceRecordId: z.string().nullable(),
    field: z.string(),
    reason: z.string(),
  })
  .meta({ id: 'UsageRefusal' });
export const usageImportResult = z
  .object({ imported: z.number().int(), unchanged: z.number().int() })
  .meta({ id: 'UsageImportResult' });

export const exportQuery = z.object({ from: isoDate, to: isoDate }).strict();

export const priceChangeBody = z.object({ unitPrice: decimalString(6), validFrom: isoDate }).strict();
export const priceChangeList = z.object({ items: z.array(priceChangeDto) }).meta({ id: 'PriceChangeList' });
