import { and, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/client';
import { outboxEmails } from '../../db/schema';

export type OutboxRow = typeof outboxEmails.$inferSelect;

/** Puts a message in the outbox, inside the caller's transaction. */
export async function enqueueEmail(
  tx: Queryable,
  msg: { tenantId: string; to: string; subject: string; text: string; now: Date },
): Promise<void> {
  await tx.insert(outboxEmails).values({
    tenantId: msg.tenantId,
    to: msg.to,
    subject: msg.subject,
    text: msg.text,
    createdAt: msg.now,
    nextAttemptAt: msg.now,
  });
}

/**
 * Claims due messages of all tenants for one dispatcher: moves their lease forward so no other
 * dispatcher takes them (SKIP LOCKED), and counts the attempt.
 */
export async function claimDue(db: Db, now: Date, leaseMs: number, limit: number): Promise<OutboxRow[]> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: outboxEmails.id })
      .from(outboxEmails)
      .where(and(eq(outboxEmails.status, 'pending'), lte(outboxEmails.nextAttemptAt, now)))
      .orderBy(outboxEmails.createdAt)
      .limit(limit)
      .for('update', { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(outboxEmails)
      .set({ nextAttemptAt: new Date(now.getTime() + leaseMs), attempts: sql`${outboxEmails.attempts} + 1` })
      .where(
        inArray(
          outboxEmails.id,
          due.map((d) => d.id),
        ),
      )
      .returning();
  });
}

/**
 * Records a delivery outcome. Sent and finally failed messages lose their body, so no token-bearing
 * link stays readable; only the development outbox (no SMTP) keeps bodies.
 */
export async function markOutcome(
  db: Db,
  id: string,
  outcome:
    | { status: 'sent' | 'kept'; at: Date }
    | { status: 'pending'; error: string; retryAt: Date }
    | { status: 'failed'; error: string },
): Promise<void> {
  const set =
    outcome.status === 'pending'
      ? { lastError: outcome.error, nextAttemptAt: outcome.retryAt }
      : outcome.status === 'failed'
        ? { status: 'failed' as const, lastError: outcome.error, text: '' }
        : outcome.status === 'sent'
          ? // Delivered: the body (it may hold a reset or verification link) is not kept.
            { status: 'sent' as const, sentAt: outcome.at, lastError: null, text: '' }
          : { status: 'kept' as const, sentAt: outcome.at, lastError: null };
  await db.update(outboxEmails).set(set).where(eq(outboxEmails.id, id));
}

export async function listOutbox(tx: Queryable, tenantId: string, page: { page: number; pageSize: number }) {
  const rows = await tx
    .select()
    .from(outboxEmails)
    .where(eq(outboxEmails.tenantId, tenantId))
    .orderBy(desc(outboxEmails.createdAt), desc(outboxEmails.id))
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize);
  const [count] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(outboxEmails)
    .where(eq(outboxEmails.tenantId, tenantId));
  return { rows, total: Number(count?.n ?? 0) };
}
