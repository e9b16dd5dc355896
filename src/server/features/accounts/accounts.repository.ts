import { and, asc, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { accounts, clientUsers } from '../../db/schema';

export type AccountRow = typeof accounts.$inferSelect;

/** Escapes LIKE wildcards so a search for "50%" finds "50%". */
function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export const accountsRepository = {
  async search(
    tx: Queryable,
    tenantId: string,
    q: string | undefined,
    page: { page: number; pageSize: number },
  ) {
    const conditions = [eq(accounts.tenantId, tenantId)];
    if (q) {
      const p = likePattern(q);
      // A union of id lists, so that each branch is served by its own trigram index (an OR over an
      // EXISTS subquery would scan every account).
      conditions.push(
        sql`${accounts.id} in (
          select a.id from ${accounts} a
           where a.tenant_id = ${tenantId} and (a.name ilike ${p} or a.email ilike ${p} or a.customer_number ilike ${p})
          union
          select cu.account_id from ${clientUsers} cu
           where cu.tenant_id = ${tenantId} and (cu.email ilike ${p} or cu.name ilike ${p}))`,
      );
    }
    const where = and(...conditions);
    const rows = await tx
      .select()
      .from(accounts)
      .where(where)
      .orderBy(asc(sql`lower(${accounts.name})`), asc(accounts.id))
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize);
    const [count] = await tx.select({ n: sql<number>`count(*)::int` }).from(accounts).where(where);
    return { rows, total: Number(count?.n ?? 0) };
  },

  async find(tx: Queryable, tenantId: string, id: string, opts: { forUpdate?: boolean } = {}) {
    const q = tx
      .select()
      .from(accounts)
      .where(and(eq(accounts.tenantId, tenantId), eq(accounts.id, id)))
      .limit(1);
    const [row] = opts.forUpdate ? await q.for('update') : await q;
    return row;
  },

  async users(tx: Queryable, tenantId: string, accountId: string) {
    return tx
      .select()
      .from(clientUsers)
      .where(and(eq(clientUsers.tenantId, tenantId), eq(clientUsers.accountId, accountId)))
      .orderBy(sql`${clientUsers.isAccountOwner} desc`, asc(clientUsers.name));
  },

  async findByCustomerNumber(tx: Queryable, tenantId: string, customerNumber: string) {
    const [row] = await tx
      .select({ id: accounts.id })
      .from(accounts)
      .where(and(eq(accounts.tenantId, tenantId), eq(accounts.customerNumber, customerNumber)))
      .limit(1);
    return row;
  },

  async updateCustomerNumber(
    tx: Queryable,
    tenantId: string,
    id: string,
    customerNumber: string | null,
    version: number,
  ) {
    const [row] = await tx
      .update(accounts)
      .set({ customerNumber, version: sql`${accounts.version} + 1` })
      .where(and(eq(accounts.tenantId, tenantId), eq(accounts.id, id), eq(accounts.version, version)))
      .returning();
    return row;
  },
};
