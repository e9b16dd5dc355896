import { z } from 'zod';
import { auditKinds } from '../audit-actions';
import { moduleFieldTypes } from './catalog';
import { abilities, isoInstant, paged, pageQuery, uuid } from './common';

export const accountListQuery = z
  .object({
    q: z.string().trim().max(200).optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
    /** Test accounts: all, only test accounts, or none of them. */
    test: z.enum(['all', 'only', 'none']).default('all'),
  })
  .strict();

export const accountSummary = z
  .object({
    id: uuid,
    name: z.string(),
    email: z.string(),
    customerNumber: z.string().nullable(),
    isTestAccount: z.boolean(),
    closedAt: isoInstant.nullable().describe('When the account was closed; a closed account is read-only'),
    createdAt: isoInstant,
    version: z.number().int(),
    abilities,
  })
  .meta({ id: 'AccountSummary' });
export type AccountSummary = z.infer<typeof accountSummary>;

export const accountList = paged(accountSummary)
  .extend({
    totalCapped: z
      .boolean()
      .describe(
        'A search counts its matches up to 1,000: true when there are more than `total` (narrow the term to see them)',
      ),
  })
  .meta({ id: 'AccountList' });
export type AccountList = z.infer<typeof accountList>;

export const accountUser = z.object({
  id: uuid,
  name: z.string(),
  email: z.string(),
  role: z.enum(['member', 'admin']),
  isAccountOwner: z.boolean(),
});

export const accountDetail = accountSummary
  .extend({ users: z.array(accountUser) })
  .meta({ id: 'AccountDetail' });
export type AccountDetail = z.infer<typeof accountDetail>;

/** The account history's page and filter: `kind` groups the actions (src/shared/audit-actions.ts). */
export const auditQuery = pageQuery
  .extend({
    kind: z
      .enum(auditKinds)
      .optional()
      .describe(
        'Only entries of this kind: contract (contract data), modules (modules and bookings), documents (documents and billing), users (users and access), lifecycle (registration, conclusion, closing)',
      ),
  })
  .strict();
export type AuditQuery = z.infer<typeof auditQuery>;

/** A catalog title per language, as stored (a response shape: no refinements). */
const titleText = z
  .object({ nl: z.string().optional(), de: z.string().optional(), en: z.string().optional() })
  .describe('A title per language (module, tariff, item)');

/** Kinds of entities an entry can name: what it is about (subject) and ids inside its values (names). */
export const auditRefKinds = [
  'account',
  'booking',
  'booking_option',
  'cancellation_declaration',
  'client_invitation',
  'client_user',
  'document',
  'legal_document',
  'manual_item',
  'module',
  'tariff',
  'tariff_item',
] as const;

/** The name of a referenced entity: a plain name (document number, user name) or a title per language. */
export const auditName = z
  .object({
    kind: z.enum(auditRefKinds),
    name: z
      .string()
      .nullable()
      .describe('A plain name: document number, user name, e-mail address, item title'),
    title: titleText.nullable(),
  })
  .meta({ id: 'AuditName' });
export type AuditName = z.infer<typeof auditName>;

/** A module-specific field of the booking an entry is about, to word its module data. */
export const auditModuleField = z.object({
  key: z.string(),
  label: titleText,
  type: z.enum(moduleFieldTypes),
  options: z.array(z.object({ value: z.string(), label: titleText })).optional(),
});
export type AuditModuleField = z.infer<typeof auditModuleField>;

export const auditSubject = auditName
  .extend({
    module: titleText
      .nullable()
      .describe("The module of a booking, an option's booking or a matched declaration"),
    moduleFields: z
      .array(auditModuleField)
      .nullable()
      .describe("The module's field definitions (only for changes of module-specific data)"),
  })
  .describe('What the entry is about, by name; null when it no longer exists')
  .meta({ id: 'AuditSubject' });
export type AuditSubject = z.infer<typeof auditSubject>;

export const auditEntry = z
  .object({
    id: z.string(),
    at: isoInstant,
    actorType: z.enum(['staff', 'client', 'system']),
    actorId: z.string().nullable(),
    actorName: z.string().nullable(),
    action: z.string(),
    kind: z.enum(auditKinds).nullable().describe('The group of the action, as the kind filter uses it'),
    entityType: z.string(),
    entityId: z.string(),
    subject: auditSubject.nullable(),
    before: z.unknown().nullable(),
    after: z.unknown().nullable(),
    names: z
      .record(z.string(), auditName)
      .describe(
        'Names of the entities whose ids occur in before/after (tariffs, items, options, users, legal documents, …), by id; resolved in the same query, within the tenant and account',
      ),
    reason: z.string().nullable(),
    requestId: z.string().nullable(),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof auditEntry>;
export const auditList = paged(auditEntry).meta({ id: 'AuditList' });
export type AuditList = z.infer<typeof auditList>;

export const outboxMessage = z
  .object({
    id: uuid,
    to: z.string(),
    subject: z.string(),
    text: z.string(),
    status: z.enum(['pending', 'sent', 'kept', 'failed']),
    createdAt: isoInstant,
    sentAt: isoInstant.nullable(),
  })
  .meta({ id: 'OutboxMessage' });
export type OutboxMessage = z.infer<typeof outboxMessage>;
export const outboxList = paged(outboxMessage);
export type OutboxList = z.infer<typeof outboxList>;
