import { sql } from 'drizzle-orm';
import { boolean, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { ContractPartnerData, PaymentTermsData } from '../../../shared/schemas/catalog';
import { tenants } from './tenants';

export const staffUsers = pgTable(
  'staff_users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash'),
    level: text('level', { enum: ['employee', 'manager', 'supermanager', 'owner'] }).notNull(),
    locale: text('locale'),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [uniqueIndex('staff_users_email').on(t.tenantId, sql`lower(${t.email})`)],
);

/** A client account (the contract party's account in the portal). */
export const accounts = pgTable(
  'accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    name: text('name').notNull(),
    email: text('email').notNull(),
    customerNumber: text('customer_number'),
    isTestAccount: boolean('is_test_account').notNull().default(false),
    customerType: text('customer_type', { enum: ['business', 'consumer'] })
      .notNull()
      .default('business'),
    /** Set by the first order (DOMAIN.md §3 (3)); later orders do not change it. */
    contractPartner: jsonb('contract_partner').$type<ContractPartnerData>(),
    /** Copied from the invoice settings at the first order ("general"), or set by a manager ("custom"). */
    paymentTerms: jsonb('payment_terms').$type<PaymentTermsData>(),
    paymentTermsSource: text('payment_terms_source', { enum: ['general', 'custom'] }),
    contractConcludedAt: timestamp('contract_concluded_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('accounts_customer_number').on(t.tenantId, t.customerNumber),
    uniqueIndex('accounts_tenant_id_id').on(t.tenantId, t.id),
  ],
);

export const clientUsers = pgTable(
  'client_users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash'),
    role: text('role', { enum: ['member', 'admin'] }).notNull(),
    isAccountOwner: boolean('is_account_owner').notNull().default(false),
    locale: text('locale'),
    emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true }),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('client_users_email').on(t.tenantId, sql`lower(${t.email})`),
    uniqueIndex('client_users_one_owner').on(t.accountId).where(sql`${t.isAccountOwner}`),
  ],
);
