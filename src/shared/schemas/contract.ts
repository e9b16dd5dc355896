import { z } from 'zod';

/**
 * Shapes of the contract management page's sections (DOMAIN.md §3) that are stored on the
 * account. The page's request and response schemas build on these.
 */

/** (4) Billing address: where documents go instead of the contract partner. */
export const billingAddressData = z
  .object({
    company: z.string().trim().max(200).nullable(),
    name: z.string().trim().min(1).max(200),
    street: z.string().trim().min(1).max(200),
    postalCode: z.string().trim().min(1).max(20),
    city: z.string().trim().min(1).max(100),
    country: z.string().regex(/^[A-Z]{2}$/, 'Use the two-letter country code, e.g. NL or DE'),
  })
  .strict()
  .meta({ id: 'BillingAddress' });
export type BillingAddressData = z.infer<typeof billingAddressData>;

export const vatTreatments = ['standard', 'reverse_charge', 'not_taxable'] as const;
export type VatTreatmentName = (typeof vatTreatments)[number];

export const invoiceDeliveryModes = ['attachment', 'link'] as const;

/** (8) Evidence of a VIES check of the client's VAT ID. */
export const vatIdCheckData = z
  .object({
    vatId: z.string(),
    result: z.enum(['valid', 'invalid', 'not_checked']),
    checkedAt: z.string().describe('ISO 8601 instant'),
    /** Name and address as VIES returned them, when it did. */
    name: z.string().nullable(),
    address: z.string().nullable(),
    /** Why the check could not be made (service unavailable, not configured). */
    detail: z.string().nullable(),
  })
  .strict()
  .meta({ id: 'VatIdCheck' });
export type VatIdCheckData = z.infer<typeof vatIdCheckData>;
