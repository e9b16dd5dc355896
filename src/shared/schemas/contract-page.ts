import { z } from 'zod';
import { locales } from '../locales';
import { clientRoles, staffLevels } from '../permissions';
import { contractPartnerData, paymentTermsData } from './catalog';
import { email, isoInstant, uuid } from './common';
import { billingAddressData, invoiceDeliveryModes, vatIdCheckData, vatTreatments } from './contract';

/**
 * The contract management page (DOMAIN.md §3): one response with every section of the Contract
 * data tab, each with what the viewer may do there and, where not, why (from the permission matrix).
 */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date such as 2026-01-31');
const clientRequirement = z.enum([...clientRoles, 'account_owner']);

/** Why an action is refused: a level or role the matrix requires, or the account's state. */
export const refusal = z
  .discriminatedUnion('code', [
    z.object({ code: z.literal('staff_level'), level: z.enum(staffLevels) }),
    z.object({ code: z.literal('client_role'), role: clientRequirement }),
    z.object({ code: z.literal('staff_only'), level: z.enum(staffLevels) }),
    z.object({ code: z.literal('client_only'), role: clientRequirement }),
    z.object({ code: z.literal('account_closed') }),
  ])
  .meta({ id: 'Refusal' });
export type RefusalDto = z.infer<typeof refusal>;

/** What the viewer may do with one section. */
export const sectionAbility = z
  .object({
    canEdit: z.boolean(),
    /** Why not, when canEdit is false. */
    refusal: refusal.nullable(),
    /** A change must carry a reason (manager overrides); stored in the audit log. */
    reasonRequired: z.boolean(),
  })
  .meta({ id: 'SectionAbility' });
export type SectionAbility = z.infer<typeof sectionAbility>;

const person = z.object({ type: z.enum(['staff', 'client', 'system']), name: z.string().nullable() });

const legalAcceptance = z.object({
  documentId: uuid,
  title: z.string(),
  version: z.number().int(),
  acceptedAt: isoInstant,
  acceptedBy: z.string().nullable(),
});
export type LegalAcceptanceDto = z.infer<typeof legalAcceptance>;

export const contractPage = z
  .object({
    account: z.object({
      id: uuid,
      name: z.string(),
      email: z.string(),
      customerNumber: z.string().nullable(),
      customerType: z.enum(['business', 'consumer']),
      isTestAccount: z.boolean(),
      closedAt: isoInstant.nullable(),
      contractConcludedAt: isoInstant.nullable(),
      /** The version every change of a section sends back (stale → 409 with this page). */
      version: z.number().int(),
    }),
    /** (2) The account owner; the closing action is a separate feature. */
    owner: z.object({ id: uuid, name: z.string(), email: z.string() }).nullable(),
    partner: z.object({
      value: contractPartnerData.nullable(),
      /** When and by whom it was given (the first order) or last changed (a manager). */
      givenAt: isoInstant.nullable(),
      givenBy: person.nullable(),
      lastChange: z.object({ at: isoInstant, by: person, reason: z.string().nullable() }).nullable(),
      ability: sectionAbility,
    }),
    billingAddress: z.object({ value: billingAddressData.nullable(), ability: sectionAbility }),
    paymentTerms: z.object({
      source: z.enum(['general', 'custom']).nullable(),
      terms: paymentTermsData.nullable(),
      /** The operator's current general terms (what "return to general" would copy). */
      generalTerms: paymentTermsData.nullable(),
      ability: sectionAbility,
    }),
    contractDuration: z.object({
      /** Start of the oldest booking that is still current (derived, never stored). */
      derivedStart: isoDate.nullable(),
      override: isoDate.nullable(),
      /** The start that applies: the override when set, else the derived one. */
      start: isoDate.nullable(),
      ability: sectionAbility,
    }),
    customerNumber: z.object({ value: z.string().nullable(), ability: sectionAbility }),
    vat: z.object({
      treatment: z.enum(vatTreatments),
      vatId: z.string().nullable(),
      check: vatIdCheckData.nullable(),
      /** The language of the client's documents, and the legend they will carry (null for standard). */
      documentLanguage: z.enum(locales),
      legend: z.string().nullable(),
      /** The operator's VAT ID, printed with reverse charge. */
      issuerVatId: z.string().nullable(),
      viesEnabled: z.boolean(),
      ability: sectionAbility,
    }),
    invoiceReceipt: z.object({
      recipients: z.array(z.string()),
      delivery: z.enum(invoiceDeliveryModes),
      ability: sectionAbility,
    }),
    purchaseOrder: z.object({ value: z.string().nullable(), ability: sectionAbility }),
    legal: z.object({ terms: legalAcceptance.nullable(), privacy: legalAcceptance.nullable() }),
    testAccount: z.object({ value: z.boolean(), ability: sectionAbility }),
    abilities: z.record(z.string(), z.boolean()).describe('Actions the current user may perform'),
  })
  .meta({ id: 'ContractPage' });
export type ContractPage = z.infer<typeof contractPage>;

const version = z.number().int().min(1);
const reason = z.string().trim().max(500);

// Request bodies, one per section. Each carries the account version read.

export const partnerBody = z
  .object({ contractPartner: contractPartnerData, reason: reason.optional(), version })
  .strict();
export const billingAddressBody = z
  .object({ billingAddress: billingAddressData.nullable(), version })
  .strict();
export const paymentTermsBody = z
  .object({
    source: z.enum(['general', 'custom']),
    /** Required for custom terms; ignored for general (the operator's current terms are copied). */
    terms: paymentTermsData.optional(),
    reason: reason.optional(),
    version,
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.source === 'custom' && !b.terms)
      ctx.addIssue({ code: 'custom', path: ['terms'], message: 'Give the custom payment terms' });
  });
export const contractStartBody = z
  .object({
    /** The overriding start date, or null to return to the derived start. */
    override: isoDate.nullable(),
    reason: reason.optional(),
    version,
  })
  .strict();
export const contractCustomerNumberBody = z
  .object({ customerNumber: z.string().trim().min(1).max(40).nullable(), reason: reason.optional(), version })
  .strict();
export const vatBody = z
  .object({
    treatment: z.enum(vatTreatments),
    vatId: z.string().trim().max(20).nullable(),
    version,
  })
  .strict();
export const MAX_INVOICE_RECIPIENTS = 10;
export const invoiceReceiptBody = z
  .object({
    recipients: z
      .array(email)
      .min(1, 'Give at least one recipient')
      .max(MAX_INVOICE_RECIPIENTS, `Give at most ${MAX_INVOICE_RECIPIENTS} recipients`),
    delivery: z.enum(invoiceDeliveryModes),
    version,
  })
  .strict()
  .superRefine((b, ctx) => {
    const seen = new Set<string>();
    b.recipients.forEach((r, i) => {
      const key = r.trim().toLowerCase();
      if (seen.has(key))
        ctx.addIssue({
          code: 'custom',
          path: ['recipients', i],
          message: 'This address is already a recipient',
          params: { code: 'duplicate' },
        });
      seen.add(key);
    });
  });
export const purchaseOrderBody = z
  .object({ purchaseOrderNumber: z.string().trim().min(1).max(60).nullable(), version })
  .strict();
export const testAccountBody = z.object({ isTestAccount: z.boolean(), version }).strict();
