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
    test: 'all' | 'only' | 'none' = 'all',
  ) {
    const conditions = [eq(accounts.tenantId, tenantId)];
    if (test !== 'all') conditions.push(eq(accounts.isTestAccount, test === 'only'));
    if (q) {
      const p = likePattern(q);
      // kontor_account_search (migration 0014) matches within the request's operator with the
      // trigram indexes, which row-level security would keep the planner from using here.
      conditions.push(sql`${accounts.id} in (select kontor_account_search(${p}))`);
    }
    const where = and(...conditions);
    // One statement: the page and the number of all matches (a window count before the limit).
    const found = await tx
      .select({ account: accounts, total: sql<number>`count(*) over ()`.mapWith(Number) })
      .from(accounts)
      .where(where)
      .orderBy(asc(sql`lower(${accounts.name})`), asc(accounts.id))
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize);
    if (found.length > 0 || page.page === 1) {
      return { rows: found.map((f) => f.account), total: found[0]?.total ?? 0 };
    }
    // A page beyond the last one: count separately.
    const [count] = await tx.select({ n: sql<number>`count(*)::int` }).from(accounts).where(where);
    return { rows: [], total: Number(count?.n ?? 0) };
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
};
