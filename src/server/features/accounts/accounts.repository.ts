import { and, asc, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { accounts, clientUsers } from '../../db/schema';

export type AccountRow = typeof accounts.$inferSelect;

/** Escapes LIKE wildcards so a search for "50%" finds "50%". */
function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A search counts its matches up to this number; the list then says "more than …". */
export const SEARCH_COUNT_CAP = 1000;

export const accountsRepository = {
  /**
   * One page of the staff account list. Without a term: the operator's accounts in the list's
   * order with the exact count. With a term: kontor_account_search_page (migration 0018)
   * finds the page's ids in order and counts the matches up to SEARCH_COUNT_CAP + 1; `capped`
   * then says there are more than `total`.
   */
  async search(
    tx: Queryable,
    tenantId: string,
    q: string | undefined,
    page: { page: number; pageSize: number },
    test: 'all' | 'only' | 'none' = 'all',
  ): Promise<{ rows: AccountRow[]; total: number; capped: boolean }> {
    if (q) {
      const testOnly = test === 'all' ? null : test === 'only';
      const found = await tx
        .select({ account: accounts, ord: sql<number>`s.ord`, total: sql<number>`s.total` })
        .from(
          sql`kontor_account_search_page(${likePattern(q)}, ${testOnly}::boolean, ${page.pageSize}::int, ${(page.page - 1) * page.pageSize}::int, ${SEARCH_COUNT_CAP}::int) s`,
        )
        .leftJoin(accounts, and(eq(accounts.tenantId, tenantId), sql`${accounts.id} = s.id`))
        .orderBy(sql`s.ord`);
      const total = Number(found[0]?.total ?? 0);
      const rows = found.flatMap((f) => (f.account ? [f.account] : []));
      return { rows, total: Math.min(total, SEARCH_COUNT_CAP), capped: total > SEARCH_COUNT_CAP };
    }
    const conditions = [eq(accounts.tenantId, tenantId)];
    if (test !== 'all') conditions.push(eq(accounts.isTestAccount, test === 'only'));
    const where = and(...conditions);
    // The page along the ordered index, and the exact number of the operator's accounts (an
    // index-only count): a window count would read every account to sort the first page.
    const rows = await tx
      .select()
      .from(accounts)
      .where(where)
      .orderBy(asc(sql`lower(${accounts.name})`), asc(accounts.id))
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize);
    const [count] = await tx.select({ n: sql<number>`count(*)::int` }).from(accounts).where(where);
    return { rows, total: Number(count?.n ?? 0), capped: false };
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
