import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { ContractPartnerData, PaymentTermsData } from '../../../shared/schemas/catalog';
import type { BillingAddressData, VatIdCheckData } from '../../../shared/schemas/contract';
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
    /** (4) Optional: when set, documents issued afterwards are addressed to it instead of the partner. */
    billingAddress: jsonb('billing_address').$type<BillingAddressData>(),
    /** (8) VAT treatment of documents issued afterwards. */
    vatTreatment: text('vat_treatment', { enum: ['standard', 'reverse_charge', 'not_taxable'] })
      .notNull()
      .default('standard'),
    /** (8) The client's VAT ID (required for reverse charge). */
    vatId: text('vat_id'),
    /** (8) The last VIES check of vatId, kept as evidence (null: never checked). */
    vatIdCheck: jsonb('vat_id_check').$type<VatIdCheckData>(),
    /** (9) Recipients of invoices and corrections (1–10 addresses once the contract is concluded). */
    invoiceRecipients: jsonb('invoice_recipients').$type<string[]>().notNull().default([]),
    /** (9) How documents are delivered: PDF attached, or a download link. */
    invoiceDelivery: text('invoice_delivery', { enum: ['attachment', 'link'] })
      .notNull()
      .default('attachment'),
    /** (10) Printed on documents issued afterwards. */
    purchaseOrderNumber: text('purchase_order_number'),
    /** (6) A manager's override of the derived contract start (reason in the audit log). */
    contractStartOverride: date('contract_start_override', { mode: 'string' }),
    /** Language of documents and contract e-mails (null: the account owner's, else the operator's). */
    documentLocale: text('document_locale', { enum: ['nl', 'de', 'en'] }),
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
    uniqueIndex('client_users_tenant_id_id').on(t.tenantId, t.id),
  ],
);
