import { and, desc, eq, sql } from 'drizzle-orm';
import type { RequestContext } from '../../context';
import type { Queryable } from '../../db/client';
import { auditLog, clientUsers, staffUsers } from '../../db/schema';

export type AuditInput = {
  action: string;
  entityType: string;
  entityId: string;
  accountId?: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
};

/** Writes one audit entry in the caller's transaction: the change and its record commit together. */
export async function recordAudit(tx: Queryable, ctx: RequestContext, entry: AuditInput): Promise<void> {
  await tx.insert(auditLog).values({
    tenantId: ctx.tenantId,
    actorType: ctx.actor?.realm ?? 'system',
    actorId: ctx.actor?.userId ?? null,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    accountId: entry.accountId ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
    reason: entry.reason ?? null,
    requestId: ctx.requestId,
    at: ctx.now,
  });
}

export async function listAccountAudit(
  tx: Queryable,
  tenantId: string,
  accountId: string,
  page: { page: number; pageSize: number },
) {
  const where = and(eq(auditLog.tenantId, tenantId), eq(auditLog.accountId, accountId));
  const rows = await tx
    .select({
      entry: auditLog,
      actorName: sql<string | null>`coalesce(${staffUsers.name}, ${clientUsers.name})`,
    })
    .from(auditLog)
    .leftJoin(staffUsers, and(eq(auditLog.actorType, 'staff'), eq(staffUsers.id, auditLog.actorId)))
    .leftJoin(clientUsers, and(eq(auditLog.actorType, 'client'), eq(clientUsers.id, auditLog.actorId)))
    .where(where)
    .orderBy(desc(auditLog.id))
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize);
  const [count] = await tx.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(where);
  return { rows, total: Number(count?.n ?? 0) };
}
