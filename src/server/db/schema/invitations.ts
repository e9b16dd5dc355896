import { sql } from 'drizzle-orm';
import { foreignKey, index, pgTable, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenants } from './tenants';
import { accounts } from './users';

/**
 * An invitation of a person to a client account: a single-use link valid for a limited time.
 * The link's token is stored only as its SHA-256 hash; a resend replaces it (the old link stops
 * working). Accepting creates the client user and sets acceptedAt.
 */
export const clientInvitations = pgTable(
  'client_invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    accountId: uuid('account_id').notNull(),
    email: text('email').notNull(),
    role: text('role', { enum: ['member', 'admin'] }).notNull(),
    /** Language of the invitation e-mail and of the new user (null: the account's language). */
    locale: text('locale', { enum: ['nl', 'de', 'en'] }),
    tokenHash: text('token_hash').notNull(),
    invitedByType: text('invited_by_type', { enum: ['staff', 'client'] }).notNull(),
    invitedById: uuid('invited_by_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** When the last link was sent (creation or resend). */
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    acceptedUserId: uuid('accepted_user_id'),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    unique('client_invitations_tenant_id_id').on(t.tenantId, t.id),
    uniqueIndex('client_invitations_token').on(t.tokenHash),
    // One open invitation per address within the operator (addresses are unique logins per operator).
    uniqueIndex('client_invitations_open_email')
      .on(t.tenantId, sql`lower(${t.email})`)
      .where(sql`${t.acceptedAt} is null and ${t.revokedAt} is null`),
    index('client_invitations_account').on(t.tenantId, t.accountId),
    foreignKey({ columns: [t.tenantId, t.accountId], foreignColumns: [accounts.tenantId, accounts.id] }),
  ],
);
