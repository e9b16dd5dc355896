import { z } from 'zod';
import { isoInstant, uuid } from './common';

/** The billing run: every account of the operator invoiced up to a date (DOMAIN.md §5). */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date such as 2026-12-31');

export const billingRunStartBody = z
  .object({ until: isoDate.describe('Invoice every charge due up to this date (today or earlier)') })
  .strict();

export const billingRunFailureDto = z
  .object({
    accountId: uuid,
    accountName: z.string(),
    customerNumber: z.string().nullable(),
    code: z.string(),
    reason: z.string(),
  })
  .meta({ id: 'BillingRunFailure' });

export const billingRunDto = z
  .object({
    id: uuid,
    until: isoDate,
    state: z.enum(['running', 'completed']),
    /** Accounts in the run. */
    totalAccounts: z.number().int(),
    /** Accounts finished (issued or nothing due) or failed. */
    doneAccounts: z.number().int(),
    failedAccounts: z.number().int(),
    documentsIssued: z.number().int(),
    startedBy: z.object({ type: z.enum(['staff', 'system']), name: z.string().nullable() }),
    createdAt: isoInstant,
    finishedAt: isoInstant.nullable(),
  })
  .meta({ id: 'BillingRun' });
export type BillingRunDto = z.infer<typeof billingRunDto>;

export const billingRunDetail = billingRunDto
  .extend({
    /** The failed accounts with their reasons (the first 200). */
    failures: z.array(billingRunFailureDto),
  })
  .meta({ id: 'BillingRunDetail' });
export type BillingRunDetailDto = z.infer<typeof billingRunDetail>;

export const billingRunList = z.object({ items: z.array(billingRunDto) }).meta({ id: 'BillingRunList' });
