import { z } from 'zod';
import { billingAddressData } from './contract';

/**
 * The frozen content of an issued document (invoice or correction), DOMAIN.md §6: everything the
 * document says, copied at issue from the invoice settings, the account and the billing data.
 * It is stored with the document and never changes; the PDF (and later an EN 16931 e-invoice) is
 * rendered from it alone, so a later change of the account, the tariff or the invoice settings
 * never changes what an issued document says.
 *
 * Amounts are integer minor units of `currency`; unit prices and rates are exact decimal strings.
 */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const minor = z.number().int();

export const documentIssuer = z
  .object({
    name: z.string(),
    street: z.string(),
    postalCode: z.string(),
    city: z.string(),
    country: z.string(),
    vatId: z.string().nullable(),
    taxNumber: z.string().nullable(),
    iban: z.string(),
    bic: z.string().nullable(),
    bankName: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
  })
  .strict()
  .meta({ id: 'DocumentIssuer' });

export const documentRecipient = billingAddressData
  .extend({ email: z.string().nullable() })
  .strict()
  .meta({ id: 'DocumentRecipient' });

export const documentLine = z
  .object({
    position: z.number().int().min(1),
    title: z.string(),
    /** What fed the line: an item key, a minimum-turnover top-up, or a correction of a line. */
    kind: z.enum(['base_fee', 'setup_fee', 'usage', 'additional_option', 'manual', 'minimum_turnover']),
    /** Service period (inclusive); a one-time line has from = to. */
    periodFrom: isoDate,
    periodTo: isoDate,
    /** Quantity as an exact decimal string (usage may be fractional, e.g. minutes). */
    quantity: z.string(),
    unit: z.string().nullable(),
    /** Unit price, exact decimal with up to 6 places. */
    unitPrice: z.string(),
    /** Share of the period billed (days used / days in the period) as "used/total", null when whole. */
    proration: z.string().nullable(),
    vatRate: z.string(),
    net: minor,
    /** The charge this line bills (unique per operator: one charge, one document). */
    chargeKey: z.string(),
  })
  .strict()
  .meta({ id: 'DocumentLine' });

export const documentRateTotal = z
  .object({ vatRate: z.string(), net: minor, vat: minor, gross: minor })
  .strict()
  .meta({ id: 'DocumentRateTotal' });

export const documentData = z
  .object({
    kind: z.enum(['invoice', 'correction']),
    number: z.string(),
    issueDate: isoDate,
    language: z.enum(['nl', 'de', 'en']),
    currency: z.string(),
    isTest: z.boolean(),
    issuer: documentIssuer,
    recipient: documentRecipient,
    customerNumber: z.string().nullable(),
    purchaseOrderNumber: z.string().nullable(),
    vatTreatment: z.enum(['standard', 'reverse_charge', 'not_taxable']),
    /** The client's VAT ID (printed under reverse charge). */
    recipientVatId: z.string().nullable(),
    /** The legend in the document's language, when the treatment is not standard. */
    vatLegend: z.string().nullable(),
    paymentTerms: z
      .object({
        dueDays: z.number().int(),
        dueDate: isoDate,
        discountPercent: z.string().nullable(),
        discountDays: z.number().int().nullable(),
        discountUntil: isoDate.nullable(),
        text: z.string().nullable(),
      })
      .strict(),
    /** Service period of the whole document (earliest and latest line date). */
    periodFrom: isoDate.nullable(),
    periodTo: isoDate.nullable(),
    /** For a correction: the invoice it corrects. */
    corrects: z.object({ number: z.string(), issueDate: isoDate }).strict().nullable(),
    lines: z.array(documentLine),
    totals: z.object({ perRate: z.array(documentRateTotal), net: minor, vat: minor, gross: minor }).strict(),
  })
  .strict()
  .meta({ id: 'DocumentData' });
export type DocumentData = z.infer<typeof documentData>;
export type DocumentLineData = z.infer<typeof documentLine>;
