import { z } from 'zod';
import { validateNumberPattern } from '../../domain/documents';
import { abilities, email, isoInstant, uuid } from './common';

/** Text in the portal's languages; at least one must be given, the UI falls back to another. */
export const localizedText = z
  .object({
    nl: z.string().trim().max(2000).optional(),
    de: z.string().trim().max(2000).optional(),
    en: z.string().trim().max(2000).optional(),
  })
  .strict()
  .refine((t) => Boolean(t.nl || t.de || t.en), { message: 'Give the text in at least one language' })
  .meta({ id: 'LocalizedText' });
export type LocalizedText = z.infer<typeof localizedText>;

/** A decimal with up to `places` places, as a string (never a float). */
/**
 * A non-negative decimal with at most `places` decimals. A negative number is answered as such
 * (a custom issue "must not be negative"), not as a format problem.
 */
export const decimalString = (places: number) =>
  z
    .string()
    .trim()
    .regex(
      new RegExp(`^-?\\d{1,12}(\\.\\d{1,${places}})?$`),
      `Use a number with at most ${places} decimals, e.g. 29.90`,
    )
    .refine((value) => !value.startsWith('-'), { message: 'Must not be negative' });

export const vatRate = z
  .string()
  .trim()
  .regex(/^\d{1,3}(\.\d{1,2})?$/, 'Use a percentage such as 21 or 19.00')
  // Only a well-formed rate is compared (a malformed one already has its message).
  .refine((v) => !/^\d{1,3}(\.\d{1,2})?$/.test(v) || Number(v) <= 100, 'A VAT rate is at most 100 %');

// ---------------------------------------------------------------------------------------------
// Modules and their own fields
// ---------------------------------------------------------------------------------------------

export const moduleFieldTypes = ['text', 'number', 'email', 'phone', 'select', 'boolean'] as const;

export const moduleField = z
  .object({
    key: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,39}$/, 'Use lower-case letters, digits and _ (starting with a letter)'),
    label: localizedText,
    type: z.enum(moduleFieldTypes),
    options: z
      .array(z.object({ value: z.string().trim().min(1).max(100), label: localizedText }).strict())
      .max(100)
      .optional(),
    required: z.boolean(),
    clientEditable: z.boolean(),
  })
  .strict()
  .superRefine((f, ctx) => {
    if (f.type === 'select' && !f.options?.length)
      ctx.addIssue({
        code: 'custom',
        path: ['options'],
        message: 'A select field needs at least one option',
      });
    if (f.type !== 'select' && f.options?.length)
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'Only select fields have options' });
  })
  .meta({ id: 'ModuleField' });
export type ModuleField = z.infer<typeof moduleField>;

export const moduleFields = z
  .array(moduleField)
  .max(50)
  .superRefine((fields, ctx) => {
    const seen = new Set<string>();
    fields.forEach((f, i) => {
      if (seen.has(f.key))
        ctx.addIssue({ code: 'custom', path: [i, 'key'], message: `Key "${f.key}" is used twice` });
      seen.add(f.key);
    });
  });

export const moduleBody = z
  .object({
    name: localizedText,
    description: localizedText,
    fields: moduleFields,
    status: z.enum(['active', 'retired']).default('active'),
  })
  .strict();
export const moduleUpdateBody = moduleBody.extend({ version: z.number().int().min(1) }).strict();

export const moduleDto = z
  .object({
    id: uuid,
    name: localizedText,
    description: localizedText,
    fields: z.array(moduleField),
    status: z.enum(['active', 'retired']),
    tariffCount: z.number().int(),
    publicTariffCount: z.number().int(),
    version: z.number().int(),
    abilities,
  })
  .meta({ id: 'Module' });
export type ModuleDto = z.infer<typeof moduleDto>;

// ---------------------------------------------------------------------------------------------
// Termination rules, tariffs and items
// ---------------------------------------------------------------------------------------------

export const terminationRuleInput = z
  .object({
    minimumTermMonths: z.number().int().min(0).max(1200),
    renewalMonths: z.number().int().min(0).max(1200),
    notice: z
      .object({ amount: z.number().int().min(0).max(36500), unit: z.enum(['days', 'months']) })
      .strict(),
    anchor: z.enum(['any_day', 'month_end', 'term_end']),
  })
  .strict()
  .meta({ id: 'TerminationRule' });
export type TerminationRuleInput = z.infer<typeof terminationRuleInput>;

export const itemKeys = ['base_fee', 'setup_fee', 'usage', 'additional_option', 'manual'] as const;
export const billingModes = [
  'one_time',
  'monthly_in_arrears',
  'monthly_in_advance',
  'yearly_in_advance',
] as const;
export const usageUnits = ['call', 'second', 'minute', 'message', 'piece'] as const;

export const tariffBody = z
  .object({
    title: localizedText,
    isPublic: z.boolean(),
    displayOrder: z.number().int().min(0).max(10_000).default(0),
    vatRate,
    terminationRule: terminationRuleInput,
    minimumTurnover: decimalString(6).nullable().default(null),
    businessOnly: z.boolean().default(false),
  })
  .strict();
export const tariffUpdateBody = tariffBody.extend({ version: z.number().int().min(1) }).strict();
/** Publishing or unpublishing a tariff, guarded by the version read. */
export const tariffPublishBody = z.object({ version: z.number().int().min(1) }).strict();

export const tariffItemBody = z
  .object({
    title: localizedText,
    key: z.enum(itemKeys),
    unitPrice: decimalString(6),
    billingMode: z.enum(billingModes),
    vatRate: vatRate.nullable().default(null),
    minimumTurnoverFlag: z.boolean().default(false),
    unit: z.enum(usageUnits).nullable().default(null),
    terminationRule: terminationRuleInput.nullable().default(null),
    position: z.number().int().min(0).max(10_000).default(0),
  })
  .strict()
  .superRefine((item, ctx) => {
    if (item.key === 'usage' && !item.unit)
      ctx.addIssue({ code: 'custom', path: ['unit'], message: 'A usage item needs a unit' });
    if (item.key !== 'usage' && item.unit)
      ctx.addIssue({ code: 'custom', path: ['unit'], message: 'Only usage items have a unit' });
    if (item.key !== 'additional_option' && item.terminationRule)
      ctx.addIssue({
        code: 'custom',
        path: ['terminationRule'],
        message: 'Only additional options have their own notice rule',
      });
  });
export const tariffItemUpdateBody = z
  .object({ item: tariffItemBody, version: z.number().int().min(1) })
  .strict();

export const tariffItemDto = z
  .object({
    id: uuid,
    title: localizedText,
    key: z.enum(itemKeys),
    unitPrice: z.string(),
    billingMode: z.enum(billingModes),
    vatRate: z.string().nullable(),
    minimumTurnoverFlag: z.boolean(),
    unit: z.enum(usageUnits).nullable(),
    terminationRule: terminationRuleInput.nullable(),
    position: z.number().int(),
    version: z.number().int(),
    /**
     * What staff may do with the item: `item.edit` (title, VAT, flags), `item.editPrice` (the price
     * in place: not on a tariff in use), `item.changePrice` (a new price from a date: not for manual
     * items), `item.changeKind` (kind and billing mode: not on a tariff in use), `item.delete` (not
     * on a tariff in use).
     */
    abilities,
  })
  .meta({ id: 'TariffItem' });
export type TariffItemDto = z.infer<typeof tariffItemDto>;

export const tariffDto = z
  .object({
    id: uuid,
    moduleId: uuid,
    title: localizedText,
    isPublic: z.boolean(),
    offerNumber: z.string().nullable().describe('Shown to staff only'),
    displayOrder: z.number().int(),
    vatRate: z.string(),
    terminationRule: terminationRuleInput,
    minimumTurnover: z.string().nullable(),
    businessOnly: z.boolean(),
    items: z.array(tariffItemDto),
    /** Whether any booking ever used it (then it cannot be deleted). */
    inUse: z.boolean(),
    /** How many bookings ever used it (ended ones included). */
    bookingCount: z.number().int(),
    /**
     * How many of them use it now or will (neither the booking nor its period of this tariff has
     * ended by today): the bookings a change of the tariff or its items affects.
     */
    currentBookingCount: z.number().int(),
    /** Null while unpublished; orderable only when published and with at least one item. */
    publishedAt: isoInstant.nullable(),
    version: z.number().int(),
    abilities,
  })
  .meta({ id: 'Tariff' });
export type TariffDto = z.infer<typeof tariffDto>;

export const moduleList = z.object({ items: z.array(moduleDto) }).meta({ id: 'ModuleList' });
export const tariffList = z.object({ items: z.array(tariffDto) }).meta({ id: 'TariffList' });

/** A rule to explain in the tariff form; `today` defaults to the server's today. */
export const terminationPreviewBody = z
  .object({ rule: terminationRuleInput, today: z.iso.date().optional() })
  .strict();
export const terminationPreview = z
  .object({
    /** Problems found by the domain core (empty when the rule is valid). */
    problems: z.array(z.object({ field: z.string(), code: z.string(), message: z.string() })),
    preset: z.enum(['immediate', 'monthly', 'yearly']).nullable(),
    /** The rule in words; null while the rule has problems. */
    description: z.object({ nl: z.string(), de: z.string(), en: z.string() }).nullable(),
    /** Ordered today and cancelled today: when it ends. Null while the rule has problems. */
    example: z
      .object({
        orderedOn: z.string(),
        cancelledOn: z.string(),
        earliestEnd: z.string(),
        lastDayToCancel: z.string(),
      })
      .nullable(),
  })
  .meta({ id: 'TerminationPreview' });
export type TerminationPreview = z.infer<typeof terminationPreview>;

// ---------------------------------------------------------------------------------------------
// Invoice settings
// ---------------------------------------------------------------------------------------------

export const paymentTermsData = z
  .object({
    dueDays: z.number().int().min(0).max(365),
    discountPercent: z
      .string()
      .regex(/^\d{1,2}(\.\d{1,2})?$/, 'Use a percentage such as 2 or 2.5')
      .nullable(),
    discountDays: z.number().int().min(0).max(365).nullable(),
    text: localizedText,
  })
  .strict()
  .superRefine((t, ctx) => {
    if ((t.discountPercent === null) !== (t.discountDays === null))
      ctx.addIssue({
        code: 'custom',
        path: ['discountDays'],
        message: 'Give both the discount and its days, or neither',
      });
    if (t.discountDays !== null && t.discountDays > t.dueDays)
      ctx.addIssue({
        code: 'custom',
        path: ['discountDays'],
        message: 'The discount period cannot exceed the payment term',
      });
  })
  .meta({ id: 'PaymentTerms' });
export type PaymentTermsData = z.infer<typeof paymentTermsData>;

export const issuerData = z
  .object({
    name: z.string().trim().min(1).max(200),
    street: z.string().trim().min(1).max(200),
    postalCode: z.string().trim().min(1).max(20),
    city: z.string().trim().min(1).max(100),
    country: z.string().regex(/^[A-Z]{2}$/, 'Use the two-letter country code, e.g. NL or DE'),
    vatId: z.string().trim().max(20).nullable(),
    taxNumber: z.string().trim().max(40).nullable(),
    iban: z.string().trim().min(1).max(42),
    bic: z
      .string()
      .trim()
      .regex(/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/, 'A BIC has 8 or 11 characters, e.g. INGBNL2A')
      .nullable(),
    bankName: z.string().trim().max(100).nullable(),
  })
  .strict()
  .meta({ id: 'Issuer' });
export type IssuerData = z.infer<typeof issuerData>;

/** A document-number pattern such as `RE-{YYYY}-{seq:5}` (DOMAIN.md §6). */
export const numberPattern = z
  .string()
  .trim()
  .superRefine((pattern, ctx) => {
    for (const issue of validateNumberPattern(pattern))
      ctx.addIssue({ code: 'custom', message: issue.message, params: { code: issue.code } });
  });

/** Number patterns per series: invoices, corrections, and documents of test accounts. */
export const numberPatternsData = z
  .object({ invoice: numberPattern, correction: numberPattern, test: numberPattern })
  .strict()
  .superRefine((p, ctx) => {
    // Two series with the same pattern would hand out the same numbers.
    const seen = new Map<string, string>();
    for (const key of ['invoice', 'correction', 'test'] as const) {
      const other = seen.get(p[key]);
      if (other)
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `Use a pattern different from the ${other} series, or numbers would repeat`,
        });
      seen.set(p[key], key);
    }
  })
  .meta({ id: 'NumberPatterns' });
export type NumberPatternsData = z.infer<typeof numberPatternsData>;
export const defaultNumberPatterns: NumberPatternsData = {
  invoice: 'RE-{YYYY}-{seq:5}',
  correction: 'RK-{YYYY}-{seq:5}',
  test: 'TEST-{YYYY}-{seq:5}',
};

export const invoiceSettingsBody = z
  .object({
    paymentTerms: paymentTermsData,
    issuer: issuerData,
    numberPatterns: numberPatternsData.default(defaultNumberPatterns),
    version: z.number().int().min(0),
  })
  .strict();
export const invoiceSettingsDto = z
  .object({
    paymentTerms: paymentTermsData.nullable(),
    issuer: issuerData.nullable(),
    numberPatterns: numberPatternsData,
    version: z.number().int().describe('0 while nothing is saved'),
    abilities,
  })
  .meta({ id: 'InvoiceSettings' });
export type InvoiceSettingsDto = z.infer<typeof invoiceSettingsDto>;

// ---------------------------------------------------------------------------------------------
// Legal documents
// ---------------------------------------------------------------------------------------------

export const legalKind = z.enum(['terms', 'privacy']);
export const legalDocumentBody = z
  .object({
    kind: legalKind,
    title: z.string().trim().min(1).max(200),
    bodyText: z.string().trim().min(1).max(200_000),
  })
  .strict();
export const legalDocumentDto = z
  .object({
    id: uuid,
    kind: legalKind,
    version: z.number().int(),
    title: z.string(),
    bodyText: z.string().nullable(),
    hasPdf: z.boolean(),
    publishedAt: isoInstant,
  })
  .meta({ id: 'LegalDocument' });
export type LegalDocumentDto = z.infer<typeof legalDocumentDto>;

export const legalDocumentList = z
  .object({ items: z.array(legalDocumentDto) })
  .meta({ id: 'LegalDocumentList' });
/** Query of a PDF upload (the body is the PDF itself, content-type application/pdf). */
export const legalPdfQuery = z
  .object({
    kind: legalKind,
    title: z.string().trim().min(1).max(200),
    filename: z
      .string()
      .trim()
      .regex(/^[\w .()-]{1,120}\.pdf$/i, 'Use a file name such as terms-2026.pdf')
      .optional(),
  })
  .strict();

// ---------------------------------------------------------------------------------------------
// Registration, contract partner, ordering, bookings
// ---------------------------------------------------------------------------------------------

export const registrationBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    email,
    password: z.string().min(10, 'Use at least 10 characters').max(256),
    privacyPolicyId: uuid.describe('The privacy policy version shown and accepted'),
    acceptPrivacyPolicy: z.literal(true, { message: 'Please accept the privacy policy' }),
    locale: z.enum(['nl', 'de', 'en']).optional(),
  })
  .strict();

export const customerType = z.enum(['business', 'consumer']);
export type CustomerType = z.infer<typeof customerType>;

export const contractPartnerData = z
  .object({
    company: z.string().trim().max(200).nullable(),
    name: z.string().trim().min(1).max(200),
    street: z.string().trim().min(1).max(200),
    postalCode: z.string().trim().min(1).max(20),
    city: z.string().trim().min(1).max(100),
    country: z.string().regex(/^[A-Z]{2}$/, 'Use the two-letter country code, e.g. NL or DE'),
    email,
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9 ()/-]{6,30}$/, 'Use a phone number such as +31 20 123 4567')
      .nullable(),
  })
  .strict()
  .meta({ id: 'ContractPartner' });
export type ContractPartnerData = z.infer<typeof contractPartnerData>;

export const moduleDataValue = z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]);
export const moduleData = z.record(z.string(), moduleDataValue);

export const orderBody = z
  .object({
    tariffId: uuid,
    offerNumber: z.string().trim().max(40).optional(),
    /** Required on the first order (it concludes the contract); refused afterwards. */
    contractPartner: contractPartnerData.optional(),
    /** The terms and conditions version shown and accepted; required on the first order. */
    termsId: uuid.optional(),
    acceptTerms: z.literal(true).optional(),
    /**
     * Required on the first order: a business (contractPartner.company required, optional VAT ID)
     * or a private person. Stored on the account; business-only tariffs are refused to consumers.
     */
    customerType: customerType.optional(),
    vatId: z.string().trim().max(20).optional(),
    idempotencyKey: z.string().min(8).max(100),
  })
  .strict();

export const bookingState = z.enum(['active', 'terminated', 'ended']);

export const bookingDto = z
  .object({
    id: uuid,
    moduleId: uuid,
    moduleName: localizedText,
    tariffId: uuid,
    tariffTitle: localizedText,
    startDate: z.string(),
    endDate: z.string().nullable(),
    state: bookingState,
    moduleData,
    fields: z.array(moduleField),
    version: z.number().int(),
    abilities,
  })
  .meta({ id: 'Booking' });
export type BookingDto = z.infer<typeof bookingDto>;

export const moduleDataBody = z.object({ values: moduleData, version: z.number().int().min(1) }).strict();

/** A tariff as offered on a module's order page, with the dates the domain core computes. */
export const offeredTariff = z
  .object({
    id: uuid,
    title: localizedText,
    isPublic: z.boolean(),
    vatRate: z.string(),
    terminationRule: terminationRuleInput,
    minimumTurnover: z.string().nullable(),
    businessOnly: z.boolean(),
    items: z.array(tariffItemDto.omit({ version: true, abilities: true })),
    /** Earliest end and last day to cancel if ordered today and cancelled today. */
    ifOrderedToday: z.object({ start: z.string(), earliestEnd: z.string(), lastDayToCancel: z.string() }),
  })
  .meta({ id: 'OfferedTariff' });
export type OfferedTariff = z.infer<typeof offeredTariff>;

export const orderPage = z
  .object({
    module: z.object({ id: uuid, name: localizedText, description: localizedText }),
    /** The account's name: staff ordering on its behalf see whom they order for. */
    accountName: z.string(),
    tariffs: z.array(offeredTariff),
    /** Whether this order would be the first (then it needs the contract partner and the terms). */
    isFirstOrder: z.boolean(),
    contractPartnerDefaults: contractPartnerData.partial().nullable(),
    currentTerms: legalDocumentDto.nullable(),
    emailVerified: z.boolean(),
    currency: z.string(),
    /** The account's customer type; null before the first order (the order page asks it). */
    customerType: customerType.nullable(),
    /** The account's current booking of this module (not ended as of today): it cannot be ordered again. */
    currentBooking: z.object({ id: uuid, startDate: z.string(), endDate: z.string().nullable() }).nullable(),
  })
  .meta({ id: 'OrderPage' });
export type OrderPage = z.infer<typeof orderPage>;

export const orderResult = z
  .object({ booking: bookingDto, contractConcluded: z.boolean() })
  .meta({ id: 'OrderResult' });
