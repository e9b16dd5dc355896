import { sql } from 'drizzle-orm';
import {
  check,
  date,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { tenants } from './tenants';
import { accounts } from './users';

export const billingRunStates = ['running', 'completed'] as const;
export type BillingRunState = (typeof billingRunStates)[number];
export const billingRunItemStates = ['pending', 'done', 'failed'] as const;
export const billingRunBatchStates = ['pending', 'done'] as const;
export type BillingRunItemState = (typeof billingRunItemStates)[number];

/**
 * A billing run: every account of the operator invoiced up to `until` (DOMAIN.md §5). Its items
 * are fixed when it starts; batches of them are pg-boss jobs. At most one run per operator is
 * running. The counts are written when it completes; while it runs they are counted from the items.
 */
export const billingRuns = pgTable(
  'billing_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    until: date('until', { mode: 'string' }).notNull(),
    state: text('state', { enum: billingRunStates }).notNull(),
    totalAccounts: integer('total_accounts').notNull(),
    doneAccounts: integer('done_accounts').notNull().default(0),
    failedAccounts: integer('failed_accounts').notNull().default(0),
    documentsIssued: integer('documents_issued').notNull().default(0),
    batchSize: integer('batch_size').notNull(),
    startedByType: text('started_by_type', { enum: ['staff', 'system'] }).notNull(),
    startedById: uuid('started_by_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    unique('billing_runs_tenant_id_id').on(t.tenantId, t.id),
    index('billing_runs_tenant_created_idx').on(t.tenantId, t.createdAt),
    uniqueIndex('billing_runs_one_running_idx').on(t.tenantId).where(sql`${t.state} = 'running'`),
    check('billing_runs_state_check', sql`${t.state} IN ('running', 'completed')`),
  ],
);

/**
 * One account of a run. A batch issued at once marks only the items it refused (failed, with the
 * reason) and records its counts on its batch; accounts issued one by one (after a batch's write
 * failed as a whole) are marked done or failed each. So an account is finished when its item is
 * done or failed or its batch is done. Done and failed are final for the run.
 */
export const billingRunItems = pgTable(
  'billing_run_items',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    runId: uuid('run_id').notNull(),
    accountId: uuid('account_id').notNull(),
    batch: integer('batch').notNull(),
    state: text('state', { enum: billingRunItemStates }).notNull(),
    documentsIssued: integer('documents_issued').notNull().default(0),
    failureCode: text('failure_code'),
    failureReason: text('failure_reason'),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.runId, t.accountId] }),
    foreignKey({
      name: 'billing_run_items_run_fk',
      columns: [t.tenantId, t.runId],
      foreignColumns: [billingRuns.tenantId, billingRuns.id],
    }),
    foreignKey({
      name: 'billing_run_items_account_fk',
      columns: [t.tenantId, t.accountId],
      foreignColumns: [accounts.tenantId, accounts.id],
    }),
    index('billing_run_items_batch_idx').on(t.tenantId, t.runId, t.batch),
    index('billing_run_items_failed_idx').on(t.tenantId, t.runId).where(sql`${t.state} = 'failed'`),
    check('billing_run_items_state_check', sql`${t.state} IN ('pending', 'done', 'failed')`),
  ],
);

/**
 * A batch of a run (one pg-boss job): its accounts' count and, as they are finished, how many are
 * done (failed included), failed, and the documents issued. Done when every account is finished.
 * Its row is locked while a worker issues it, so two workers never issue the same batch; the
 * run's progress is the sum over its batches (migration 0020).
 */
export const billingRunBatches = pgTable(
  'billing_run_batches',
  {
    tenantId: uuid('tenant_id').notNull(),
    runId: uuid('run_id').notNull(),
    batch: integer('batch').notNull(),
    state: text('state', { enum: billingRunBatchStates }).notNull(),
    accounts: integer('accounts').notNull(),
    doneAccounts: integer('done_accounts').notNull().default(0),
    failedAccounts: integer('failed_accounts').notNull().default(0),
    documentsIssued: integer('documents_issued').notNull().default(0),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.runId, t.batch] }),
    foreignKey({
      name: 'billing_run_batches_run_fk',
      columns: [t.tenantId, t.runId],
      foreignColumns: [billingRuns.tenantId, billingRuns.id],
    }),
    index('billing_run_batches_pending_idx')
      .on(t.tenantId, t.runId, t.batch)
      .where(sql`${t.state} = 'pending'`),
    check('billing_run_batches_state_check', sql`${t.state} IN ('pending', 'done')`),
    check(
      'billing_run_batches_counts_check',
      sql`0 <= ${t.failedAccounts} AND ${t.failedAccounts} <= ${t.doneAccounts} AND ${t.doneAccounts} <= ${t.accounts} AND ${t.documentsIssued} >= 0`,
    ),
  ],
);
