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

/** A module booked by an account. Its tariff over time is in booking_tariff_periods. */
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
