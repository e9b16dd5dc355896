import { sql } from 'drizzle-orm';
import {
  boolean,
  customType,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type {
  IssuerData,
  LocalizedText,
  ModuleField,
  NumberPatternsData,
  PaymentTermsData,
  TerminationRuleInput,
} from '../../../shared/schemas/catalog';
import { tenants } from './tenants';
import { accounts, clientUsers } from './users';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

/** A service the operator sells (e.g. "Telephone service"), with the fields its bookings carry. */
export const modules = pgTable(
  'modules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    name: jsonb('name').$type<LocalizedText>().notNull(),
    description: jsonb('description').$type<LocalizedText>().notNull(),
    fields: jsonb('fields').$type<ModuleField[]>().notNull(),
    status: text('status', { enum: ['active', 'retired'] })
      .notNull()
      .default('active'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [unique('modules_tenant_id_id').on(t.tenantId, t.id)],
);

export const tariffs = pgTable(
  'tariffs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    moduleId: uuid('module_id').notNull(),
    title: jsonb('title').$type<LocalizedText>().notNull(),
    isPublic: boolean('is_public').notNull(),
    /** Given once when the tariff first becomes non-public; unique within the operator. */
    offerNumber: text('offer_number'),
    displayOrder: integer('display_order').notNull().default(0),
    vatRate: numeric('vat_rate', { precision: 5, scale: 2 }).notNull(),
    terminationRule: jsonb('termination_rule').$type<TerminationRuleInput>().notNull(),
    minimumTurnover: numeric('minimum_turnover', { precision: 18, scale: 6 }),
    businessOnly: boolean('business_only').notNull().default(false),
    /** Null while unpublished: orderable only when published and with at least one item (ADR 0007). */
    publishedAt: timestamp('published_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    unique('tariffs_tenant_id_id').on(t.tenantId, t.id),
    uniqueIndex('tariffs_offer_number').on(t.tenantId, t.offerNumber),
    index('tariffs_module').on(t.tenantId, t.moduleId, t.displayOrder),
    foreignKey({ columns: [t.tenantId, t.moduleId], foreignColumns: [modules.tenantId, modules.id] }),
  ],
);

export const tariffItems = pgTable(
  'tariff_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    tariffId: uuid('tariff_id').notNull(),
    title: jsonb('title').$type<LocalizedText>().notNull(),
    key: text('key', { enum: ['base_fee', 'setup_fee', 'usage', 'additional_option', 'manual'] }).notNull(),
    unitPrice: numeric('unit_price', { precision: 18, scale: 6 }).notNull(),
    billingMode: text('billing_mode', {
      enum: ['one_time', 'monthly_in_arrears', 'monthly_in_advance', 'yearly_in_advance'],
    }).notNull(),
    vatRate: numeric('vat_rate', { precision: 5, scale: 2 }),
    minimumTurnoverFlag: boolean('minimum_turnover_flag').notNull().default(false),
    unit: text('unit'),
    terminationRule: jsonb('termination_rule').$type<TerminationRuleInput>(),
    position: integer('position').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    unique('tariff_items_tenant_id_id').on(t.tenantId, t.id),
    index('tariff_items_tariff').on(t.tenantId, t.tariffId, t.position),
    foreignKey({
      columns: [t.tenantId, t.tariffId],
      foreignColumns: [tariffs.tenantId, tariffs.id],
    }).onDelete('cascade'),
  ],
);

/** The operator's invoice settings: general payment terms and issuer data. One row per tenant. */
export const invoiceSettings = pgTable('invoice_settings', {
  tenantId: uuid('tenant_id')
    .primaryKey()
    .references(() => tenants.id),
  paymentTerms: jsonb('payment_terms').$type<PaymentTermsData>().notNull(),
  issuer: jsonb('issuer').$type<IssuerData>().notNull(),
  /** Document-number patterns per series (validated with the domain's validateNumberPattern). */
  numberPatterns: jsonb('number_patterns')
    .$type<NumberPatternsData>()
    .notNull()
    .default({ invoice: 'RE-{YYYY}-{seq:5}', correction: 'RK-{YYYY}-{seq:5}', test: 'TEST-{YYYY}-{seq:5}' }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  version: integer('version').notNull().default(1),
});

/** Terms and conditions and privacy policy; every published version stays readable. */
export const legalDocuments = pgTable(
  'legal_documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    kind: text('kind', { enum: ['terms', 'privacy'] }).notNull(),
    version: integer('version').notNull(),
    title: text('title').notNull(),
    bodyText: text('body_text'),
    pdf: bytea('pdf'),
    pdfFilename: text('pdf_filename'),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
    publishedBy: uuid('published_by'),
  },
  (t) => [
    uniqueIndex('legal_documents_version').on(t.tenantId, t.kind, t.version),
    unique('legal_documents_tenant_id_id').on(t.tenantId, t.id),
  ],
);

/** Who accepted which version of a legal document, when and from where. Append-only. */
export const legalAcceptances = pgTable(
  'legal_acceptances',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    accountId: uuid('account_id').notNull(),
    clientUserId: uuid('client_user_id').notNull(),
    documentId: uuid('document_id').notNull(),
    kind: text('kind', { enum: ['terms', 'privacy'] }).notNull(),
    version: integer('version').notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }).notNull(),
    ip: text('ip').notNull(),
  },
  (t) => [
    index('legal_acceptances_account').on(t.tenantId, t.accountId, t.acceptedAt),
    foreignKey({ columns: [t.tenantId, t.accountId], foreignColumns: [accounts.tenantId, accounts.id] }),
    foreignKey({
      columns: [t.tenantId, t.documentId],
      foreignColumns: [legalDocuments.tenantId, legalDocuments.id],
    }),
  ],
);

export const emailVerificationTokens = pgTable(
  'email_verification_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    clientUserId: uuid('client_user_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [
    foreignKey({
      name: 'email_verification_tokens_client_user_fk',
      columns: [t.tenantId, t.clientUserId],
      foreignColumns: [clientUsers.tenantId, clientUsers.id],
    }),
  ],
);

/**
 * A module booked by an account. Its tariff over time is in booking_tariff_periods. The days of
 * service of one account's bookings of one module never overlap (exclusion constraint
 * bookings_one_current_per_module, migration 0015, ADR 0007).
 */
export const bookings = pgTable(
  'bookings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    accountId: uuid('account_id').notNull(),
    moduleId: uuid('module_id').notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    /** Last day of service (inclusive); null while the booking runs on. */
    endDate: date('end_date', { mode: 'string' }),
    moduleData: jsonb('module_data').$type<Record<string, string | number | boolean | null>>().notNull(),
    /** The client's key for one order: a repeated request with the same key returns the same booking. */
    idempotencyKey: text('idempotency_key'),
    orderedByType: text('ordered_by_type', { enum: ['staff', 'client'] }).notNull(),
    orderedById: uuid('ordered_by_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    unique('bookings_tenant_id_id').on(t.tenantId, t.id),
    uniqueIndex('bookings_idempotency').on(t.tenantId, t.accountId, t.idempotencyKey),
    index('bookings_account').on(t.tenantId, t.accountId),
    foreignKey({ columns: [t.tenantId, t.accountId], foreignColumns: [accounts.tenantId, accounts.id] }),
    foreignKey({ columns: [t.tenantId, t.moduleId], foreignColumns: [modules.tenantId, modules.id] }),
  ],
);

export const bookingTariffPeriods = pgTable(
  'booking_tariff_periods',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    bookingId: uuid('booking_id').notNull(),
    tariffId: uuid('tariff_id').notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('booking_tariff_periods_booking').on(t.tenantId, t.bookingId, t.startDate),
    index('booking_tariff_periods_tariff').on(t.tenantId, t.tariffId),
    foreignKey({ columns: [t.tenantId, t.bookingId], foreignColumns: [bookings.tenantId, bookings.id] }),
    // No cascade: a tariff that any booking ever used cannot be deleted.
    foreignKey({ columns: [t.tenantId, t.tariffId], foreignColumns: [tariffs.tenantId, tariffs.id] }),
  ],
);

/**
 * An additional option (DOMAIN.md §3 "Per module booking" (3)): an item with key
 * additional_option of the booking's tariff, booked for the account from startDate with a
 * quantity; endDate is the last day of service (inclusive), null while it runs on. An option
 * never outlives its booking.
 */
export const bookingOptions = pgTable(
  'booking_options',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    bookingId: uuid('booking_id').notNull(),
    itemId: uuid('item_id').notNull(),
    quantity: integer('quantity').notNull().default(1),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }),
    /** Why the end was set: a termination with notice, the booking's end, or a change of tariff. */
    endCause: text('end_cause', { enum: ['termination', 'booking_end', 'tariff_change'] }),
    /** When the termination that set the end was declared. */
    endDeclaredAt: timestamp('end_declared_at', { withTimezone: true }),
    /** A manager's reason for an end other than the computed one. */
    endReason: text('end_reason'),
    /** The option of the previous tariff this one continues after a change of tariff. */
    continuesOptionId: uuid('continues_option_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    unique('booking_options_tenant_id_id').on(t.tenantId, t.id),
    index('booking_options_booking').on(t.tenantId, t.bookingId, t.startDate),
    foreignKey({ columns: [t.tenantId, t.bookingId], foreignColumns: [bookings.tenantId, bookings.id] }),
    foreignKey({ columns: [t.tenantId, t.itemId], foreignColumns: [tariffItems.tenantId, tariffItems.id] }),
  ],
);

/**
 * A cancellation declared for a booking (DOMAIN.md §3 "Per module booking" (2)): when it was
 * received, the end it asked for and the end computed by the notice rule, who declared it and why.
 * The resulting end is written into bookings.end_date (the source of truth for billing); this row
 * keeps the declaration. A withdrawal stamps withdrawn_at; at most one cancellation per booking is
 * not withdrawn.
 */
export const bookingCancellations = pgTable(
  'booking_cancellations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    bookingId: uuid('booking_id').notNull(),
    requestedOn: date('requested_on', { mode: 'string' }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    computedEnd: date('computed_end', { mode: 'string' }).notNull(),
    lastDayToCancel: date('last_day_to_cancel', { mode: 'string' }).notNull(),
    /** The client's own words, optional. */
    cancellationReason: text('cancellation_reason'),
    /** A manager's reason for an end other than the computed one. */
    overrideReason: text('override_reason'),
    /** 'button': received through the §312k BGB cancellation button; declaredById is then the declaration. */
    declaredByType: text('declared_by_type', { enum: ['staff', 'client', 'button'] }).notNull(),
    declaredById: uuid('declared_by_id').notNull(),
    /** Ends of the booking's options before this cancellation shortened them (restored on withdrawal). */
    optionsBefore: jsonb('options_before').$type<OptionEndBefore[]>().notNull(),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    withdrawnByType: text('withdrawn_by_type', { enum: ['staff', 'client'] }),
    withdrawnById: uuid('withdrawn_by_id'),
  },
  (t) => [
    unique('booking_cancellations_tenant_id_id').on(t.tenantId, t.id),
    uniqueIndex('booking_cancellations_one_current')
      .on(t.tenantId, t.bookingId)
      .where(sql`${t.withdrawnAt} IS NULL`),
    foreignKey({ columns: [t.tenantId, t.bookingId], foreignColumns: [bookings.tenantId, bookings.id] }),
  ],
);

/**
 * A change of tariff on a booking: the old tariff period ends the day before switch_date and a new
 * period starts on it (both in booking_tariff_periods). Kept with what is needed to withdraw it
 * before it takes effect: the new period, the options it ended and the options it continued.
 */
export const bookingTariffChanges = pgTable(
  'booking_tariff_changes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    bookingId: uuid('booking_id').notNull(),
    fromTariffId: uuid('from_tariff_id').notNull(),
    toTariffId: uuid('to_tariff_id').notNull(),
    /** The period the change created (removed again on withdrawal). */
    newPeriodId: uuid('new_period_id').notNull(),
    switchDate: date('switch_date', { mode: 'string' }).notNull(),
    computedSwitchDate: date('computed_switch_date', { mode: 'string' }).notNull(),
    requestedOn: date('requested_on', { mode: 'string' }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    overrideReason: text('override_reason'),
    declaredByType: text('declared_by_type', { enum: ['staff', 'client'] }).notNull(),
    declaredById: uuid('declared_by_id').notNull(),
    optionsBefore: jsonb('options_before').$type<OptionEndBefore[]>().notNull(),
    /** Options booked on the new tariff's matching items, continuing ended ones. */
    optionsCreated: jsonb('options_created').$type<string[]>().notNull(),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    withdrawnByType: text('withdrawn_by_type', { enum: ['staff', 'client'] }),
    withdrawnById: uuid('withdrawn_by_id'),
  },
  (t) => [
    unique('booking_tariff_changes_tenant_id_id').on(t.tenantId, t.id),
    index('booking_tariff_changes_booking').on(t.tenantId, t.bookingId, t.switchDate),
    foreignKey({ columns: [t.tenantId, t.bookingId], foreignColumns: [bookings.tenantId, bookings.id] }),
    foreignKey({ columns: [t.tenantId, t.fromTariffId], foreignColumns: [tariffs.tenantId, tariffs.id] }),
    foreignKey({ columns: [t.tenantId, t.toTariffId], foreignColumns: [tariffs.tenantId, tariffs.id] }),
  ],
);

/** An option's end before a declaration changed it (restored when the declaration is withdrawn). */
export type OptionEndBefore = {
  id: string;
  endDate: string | null;
  endCause: 'termination' | 'booking_end' | 'tariff_change' | null;
  /** The end the declaration wrote: restored only while the option still has it. */
  changedTo: string;
};
