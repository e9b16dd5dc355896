import { z } from 'zod';
import { abilities, isoInstant, paged, uuid } from './common';

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

export const auditEntry = z
  .object({
    id: z.string(),
    at: isoInstant,
    actorType: z.enum(['staff', 'client', 'system']),
    actorId: z.string().nullable(),
    actorName: z.string().nullable(),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string(),
    before: z.unknown().nullable(),
    after: z.unknown().nullable(),
    reason: z.string().nullable(),
    requestId: z.string().nullable(),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof auditEntry>;
export const auditList = paged(auditEntry);
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
