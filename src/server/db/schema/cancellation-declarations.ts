import { date, foreignKey, index, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { bookingCancellations, bookings } from './catalog';
import { tenants } from './tenants';
import { accounts } from './users';

/**
 * A declaration made with the §312k BGB cancellation button, exactly as received. Append-only
 * (the database refuses UPDATE and DELETE, migration 0016): what happened to it afterwards is
 * recorded beside it (its match, the confirmations sent).
 */
export const cancellationDeclarations = pgTable(
  'cancellation_declarations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    kind: text('kind', { enum: ['ordinary', 'extraordinary'] }).notNull(),
    /** Required for (and only for) an extraordinary cancellation. */
    extraordinaryReason: text('extraordinary_reason'),
    name: text('name').notNull(),
    email: text('email').notNull(),
    /** The contract as the consumer named it: customer number or module, free text. */
    contract: text('contract').notNull(),
    /** Null: the earliest possible end. */
    desiredEndDate: date('desired_end_date', { mode: 'string' }),
    confirmationEmail: text('confirmation_email').notNull(),
    /** The page language: of the confirmations and the receipt. */
    locale: text('locale', { enum: ['nl', 'de', 'en'] }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    /** "Today" in the operator's zone at receipt: the day the cancellation was requested. */
    receivedOn: date('received_on', { mode: 'string' }).notNull(),
    /** Hash of the single secret that lets the declarant download the receipt. */
    receiptTokenHash: text('receipt_token_hash').notNull(),
  },
  (t) => [
    unique('cancellation_declarations_tenant_id_id').on(t.tenantId, t.id),
    index('cancellation_declarations_received').on(t.tenantId, t.receivedAt),
  ],
);

/** The booking a declaration was matched to (automatically or by staff), once per declaration. */
export const cancellationDeclarationMatches = pgTable(
  'cancellation_declaration_matches',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    declarationId: uuid('declaration_id').notNull(),
    accountId: uuid('account_id').notNull(),
    bookingId: uuid('booking_id').notNull(),
    bookingCancellationId: uuid('booking_cancellation_id').notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    matchedByType: text('matched_by_type', { enum: ['system', 'staff'] }).notNull(),
    matchedById: uuid('matched_by_id'),
    matchedAt: timestamp('matched_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    unique('cancellation_declaration_matches_one').on(t.tenantId, t.declarationId),
    foreignKey({
      name: 'cancellation_declaration_matches_declaration_fk',
      columns: [t.tenantId, t.declarationId],
      foreignColumns: [cancellationDeclarations.tenantId, cancellationDeclarations.id],
    }),
    foreignKey({
      name: 'cancellation_declaration_matches_account_fk',
      columns: [t.tenantId, t.accountId],
      foreignColumns: [accounts.tenantId, accounts.id],
    }),
    foreignKey({
      name: 'cancellation_declaration_matches_booking_fk',
      columns: [t.tenantId, t.bookingId],
      foreignColumns: [bookings.tenantId, bookings.id],
    }),
    foreignKey({
      name: 'cancellation_declaration_matches_cancellation_fk',
      columns: [t.tenantId, t.bookingCancellationId],
      foreignColumns: [bookingCancellations.tenantId, bookingCancellations.id],
    }),
  ],
);

/** Every confirmation e-mail sent for a declaration: the receipt, and the end date once known. */
export const cancellationConfirmations = pgTable(
  'cancellation_confirmations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    declarationId: uuid('declaration_id').notNull(),
    kind: text('kind', { enum: ['receipt', 'end_date'] }).notNull(),
    toEmail: text('to_email').notNull(),
    locale: text('locale', { enum: ['nl', 'de', 'en'] }).notNull(),
    endDate: date('end_date', { mode: 'string' }),
    subject: text('subject').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('cancellation_confirmations_declaration').on(t.tenantId, t.declarationId),
    foreignKey({
      name: 'cancellation_confirmations_declaration_fk',
      columns: [t.tenantId, t.declarationId],
      foreignColumns: [cancellationDeclarations.tenantId, cancellationDeclarations.id],
    }),
  ],
);
