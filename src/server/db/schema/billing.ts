import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { DocumentData } from '../../../shared/schemas/documents';
import { bookings, tariffItems } from './catalog';
import { tenants } from './tenants';
import { accounts } from './users';

/** The three number series of an operator (DOMAIN.md §6): invoices, corrections, test accounts. */
export const documentSeries = ['invoice', 'correction', 'test'] as const;
export type DocumentSeries = (typeof documentSeries)[number];

/**
 * The counter of one number series within one scope (the year for `RE-{YYYY}-{seq:5}`, '' for a
 * pattern without a date). The issuing transaction increments it with
 * `INSERT … ON CONFLICT DO UPDATE … RETURNING`, which holds the row lock until commit: concurrent
 * issues of the same series wait for each other, and a rolled-back issue gives its number back.
 */
export const numberSeries = pgTable(
  'number_series',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    series: text('series', { enum: documentSeries }).notNull(),
    scope: text('scope').notNull(),
    lastValue: integer('last_value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.series, t.scope] })],
);

/**
 * An issued invoice or correction. Immutable: the database refuses UPDATE and DELETE (trigger and
 * privileges in the migration). `data` is the frozen document (rendered to PDF from it alone); the
 * totals and dates beside it are copies for queries and exports.
 */
export const documents = pgTable(
  'documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** No key of its own to tenants: the account's composite key implies it (migration 0019). */
    tenantId: uuid('tenant_id').notNull(),
    accountId: uuid('account_id').notNull(),
    kind: text('kind', { enum: ['invoice', 'correction'] }).notNull(),
    series: text('series', { enum: documentSeries }).notNull(),
    number: text('number').notNull(),
    /** Position in its series and scope (1, 2, …, without gaps). */
    sequence: integer('sequence').notNull(),
    scope: text('scope').notNull(),
    issueDate: date('issue_date', { mode: 'string' }).notNull(),
    /** Charges due up to this date were billed (invoices); null for corrections. */
    billedUntil: date('billed_until', { mode: 'string' }),
    currency: text('currency').notNull(),
    netMinor: bigint('net_minor', { mode: 'number' }).notNull(),
    vatMinor: bigint('vat_minor', { mode: 'number' }).notNull(),
    grossMinor: bigint('gross_minor', { mode: 'number' }).notNull(),
    isTest: boolean('is_test').notNull(),
    /** For a correction: the invoice it corrects. */
    correctsDocumentId: uuid('corrects_document_id'),
    data: jsonb('data').$type<DocumentData>().notNull(),
    /** A manual correction's reason (also in the audit log). */
    reason: text('reason'),
    issuedByType: text('issued_by_type', { enum: ['staff', 'system'] }).notNull(),
    issuedById: uuid('issued_by_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    unique('documents_tenant_id_id').on(t.tenantId, t.id),
    unique('documents_tenant_id_id_account_id').on(t.tenantId, t.id, t.accountId),
    uniqueIndex('documents_number').on(t.tenantId, t.number),
    uniqueIndex('documents_series_sequence').on(t.tenantId, t.series, t.scope, t.sequence),
    index('documents_account').on(t.tenantId, t.accountId, t.issueDate),
    index('documents_issue_date').on(t.tenantId, t.issueDate),
    foreignKey({ columns: [t.tenantId, t.accountId], foreignColumns: [accounts.tenantId, accounts.id] }),
    foreignKey({
      columns: [t.tenantId, t.correctsDocumentId],
      foreignColumns: [t.tenantId, t.id],
    }),
  ],
);

/**
 * The lines of an issued document, one per charge. `chargeKey` is unique per operator, so a
 * charge (or a correction of it) is on exactly one document — enforced here, not only in code.
 * Immutable like its document.
 */
export const documentLines = pgTable(
  'document_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** No key of its own to tenants: the document's composite key implies it (migration 0019). */
    tenantId: uuid('tenant_id').notNull(),
    documentId: uuid('document_id').notNull(),
    accountId: uuid('account_id').notNull(),
    position: integer('position').notNull(),
    chargeKey: text('charge_key').notNull(),
    kind: text('kind', {
      enum: ['base_fee', 'setup_fee', 'usage', 'additional_option', 'manual', 'minimum_turnover'],
    }).notNull(),
    bookingId: uuid('booking_id'),
    periodFrom: date('period_from', { mode: 'string' }).notNull(),
    periodTo: date('period_to', { mode: 'string' }).notNull(),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    vatRate: numeric('vat_rate', { precision: 5, scale: 2 }).notNull(),
    netMinor: bigint('net_minor', { mode: 'number' }).notNull(),
    /** For a correction line: the charge it corrects and the invoice that billed it. */
    correctsChargeKey: text('corrects_charge_key'),
    correctsDocumentId: uuid('corrects_document_id'),
    /**
     * The charge as computed by the domain (billing mode, proration, source), for later corrections;
     * what the columns above hold is not stored in it again (billing.repository storedCharge).
     */
    charge: jsonb('charge').notNull(),
  },
  (t) => [
    // Unique through the key's 128-bit digest: a small index of fixed-size entries (migration 0020).
    uniqueIndex('document_lines_charge_key').on(t.tenantId, sql`(md5(${t.chargeKey})::uuid)`),
    uniqueIndex('document_lines_position').on(t.tenantId, t.documentId, t.position),
    index('document_lines_corrects')
      .on(t.tenantId, t.correctsChargeKey)
      .where(sql`${t.correctsChargeKey} is not null`),
    // The line's document and account in one key (migration 0019): the account is the document's.
    foreignKey({
      name: 'document_lines_document_account_fk',
      columns: [t.tenantId, t.documentId, t.accountId],
      foreignColumns: [documents.tenantId, documents.id, documents.accountId],
    }),
    foreignKey({
      columns: [t.tenantId, t.correctsDocumentId],
      foreignColumns: [documents.tenantId, documents.id],
    }),
  ],
);

/** A one-off line on an account's billing data (DOMAIN.md §2: supermanager; reason in the audit). */
export const manualItems = pgTable(
  'manual_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    accountId: uuid('account_id').notNull(),
    title: text('title').notNull(),
    quantity: numeric('quantity', { precision: 18, scale: 6 }).notNull(),
    unitPrice: numeric('unit_price', { precision: 18, scale: 6 }).notNull(),
    vatRate: numeric('vat_rate', { precision: 5, scale: 2 }).notNull(),
    /** Service and due date of the line. */
    date: date('date', { mode: 'string' }).notNull(),
    reason: text('reason').notNull(),
    createdById: uuid('created_by_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    unique('manual_items_tenant_id_id').on(t.tenantId, t.id),
    index('manual_items_account').on(t.tenantId, t.accountId, t.date),
    foreignKey({ columns: [t.tenantId, t.accountId], foreignColumns: [accounts.tenantId, accounts.id] }),
  ],
);

/**
 * Measured usage of a usage item of a booking in one calendar month. `sourceRecordId` is the
 * sender's id of the record: importing it again changes nothing.
 */
export const usageRecords = pgTable(
  'usage_records',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    bookingId: uuid('booking_id').notNull(),
    itemId: uuid('item_id').notNull(),
    /** YYYY-MM */
    month: text('month').notNull(),
    quantity: numeric('quantity', { precision: 18, scale: 6 }).notNull(),
    sourceRecordId: text('source_record_id').notNull(),
    importedVia: text('imported_via', { enum: ['csv', 'api'] }).notNull(),
    importedById: uuid('imported_by_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    unique('usage_records_tenant_id_id').on(t.tenantId, t.id),
    uniqueIndex('usage_records_source').on(t.tenantId, t.sourceRecordId),
    index('usage_records_booking').on(t.tenantId, t.bookingId, t.month),
    foreignKey({ columns: [t.tenantId, t.bookingId], foreignColumns: [bookings.tenantId, bookings.id] }),
    foreignKey({ columns: [t.tenantId, t.itemId], foreignColumns: [tariffItems.tenantId, tariffItems.id] }),
  ],
);

/**
 * Announced price changes of a tariff item: from `validFrom` on, charges whose service period
 * starts on or after it use `unitPrice`; earlier ones keep the price before it.
 */
export const tariffItemPrices = pgTable(
  'tariff_item_prices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    itemId: uuid('item_id').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    unitPrice: numeric('unit_price', { precision: 18, scale: 6 }).notNull(),
    /** The price before this change (as it was when the change was announced). */
    previousUnitPrice: numeric('previous_unit_price', { precision: 18, scale: 6 }).notNull(),
    createdById: uuid('created_by_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    unique('tariff_item_prices_tenant_id_id').on(t.tenantId, t.id),
    uniqueIndex('tariff_item_prices_item_from').on(t.tenantId, t.itemId, t.validFrom),
    foreignKey({
      columns: [t.tenantId, t.itemId],
      foreignColumns: [tariffItems.tenantId, tariffItems.id],
    }).onDelete('cascade'),
  ],
);
