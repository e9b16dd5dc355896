/**
 * Every field an entry of an account's history can carry in its before/after values, with the
 * type of its value: the account history labels each of them in nl, de and en (audit.fields.*)
 * and formats the value by its type (src/web/features/accounts/audit-values.ts). Fields of a
 * module's own data are not listed here: their labels come from the module's field definitions.
 * A unit test walks this list for labels; the history's HTTP test fails when an entry carries a
 * field that is missing here.
 */
export const auditFieldTypes = {
  // Contract data (the sections of the Contract data tab)
  customerNumber: 'text',
  contractPartner: 'address',
  billingAddress: 'address',
  paymentTerms: 'paymentTerms',
  paymentTermsSource: 'enum',
  contractStartOverride: 'date',
  vatTreatment: 'enum',
  vatId: 'text',
  vatIdCheck: 'vatIdCheck',
  invoiceRecipients: 'list',
  invoiceDelivery: 'enum',
  purchaseOrderNumber: 'text',
  isTestAccount: 'boolean',
  // Registration, conclusion and closing of the contract
  name: 'text',
  email: 'text',
  privacyPolicy: 'legalVersion',
  customerType: 'enum',
  contractConcludedAt: 'instant',
  termsAccepted: 'legalVersion',
  concludedOnBehalfByStaff: 'boolean',
  closedAt: 'instant',
  documentsUntil: 'date',
  recordsUntil: 'date',
  usersAnonymised: 'count',
  // Users and invitations
  role: 'enum',
  isAccountOwner: 'boolean',
  expiresAt: 'instant',
  ownerName: 'text',
  // Documents and billing
  number: 'text',
  issueDate: 'date',
  gross: 'money',
  title: 'text',
  quantity: 'decimal',
  unitPrice: 'price',
  vatRate: 'percent',
  date: 'date',
  // Modules and bookings
  moduleId: 'ref',
  tariffId: 'ref',
  itemId: 'ref',
  bookingId: 'ref',
  startDate: 'date',
  endDate: 'date',
  withOfferNumber: 'boolean',
  orderedBy: 'enum',
  requestedOn: 'date',
  computedEnd: 'date',
  lastDayToCancel: 'date',
  cancellationReason: 'text',
  receivedVia: 'enum',
  receivedAt: 'instant',
  options: 'optionEnds',
  optionsEnded: 'optionEnds',
  optionsContinued: 'refs',
  optionsRemoved: 'refs',
  periodEnd: 'date',
  oldEnds: 'date',
  newStarts: 'date',
  computedSwitchDate: 'date',
  newMinimumTermEnds: 'date',
  switchDate: 'date',
  endCause: 'enum',
  // Bookkeeping and links between records: never shown (the names of what they link are)
  version: 'hidden',
  currency: 'hidden',
  ownerId: 'hidden',
  cancellationId: 'hidden',
  changeId: 'hidden',
  declarationId: 'hidden',
} as const;

export type AuditField = keyof typeof auditFieldTypes;
export type AuditFieldType = (typeof auditFieldTypes)[AuditField];

/** The values of each enum field, every one worded in the history (audit.values.<field>.<value>). */
export const auditEnumValues = {
  paymentTermsSource: ['general', 'custom'],
  vatTreatment: ['standard', 'reverse_charge', 'not_taxable'],
  invoiceDelivery: ['attachment', 'link'],
  customerType: ['business', 'consumer'],
  role: ['member', 'admin'],
  orderedBy: ['client', 'staff_on_behalf'],
  receivedVia: ['cancellation_button'],
  endCause: ['termination', 'booking_end', 'tariff_change'],
} as const satisfies Record<string, readonly string[]>;

export type AuditEnumField = keyof typeof auditEnumValues;

export function isAuditField(key: string): key is AuditField {
  return Object.hasOwn(auditFieldTypes, key);
}
