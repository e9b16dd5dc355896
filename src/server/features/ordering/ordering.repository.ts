import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { accounts, clientUsers, invoiceSettings, modules, tariffItems, tariffs } from '../../db/schema';

export type TariffRow = typeof tariffs.$inferSelect;
export type TariffItemRow = typeof tariffItems.$inferSelect;
export type AccountRow = typeof accounts.$inferSelect;

/** Queries of the order flow; every call names the tenant (and runs under RLS). */
export const orderingRepository = {
  /** Active modules with at least one public tariff, with the number of public tariffs. */
  async orderableModules(tx: Queryable, tenantId: string) {
    const publicCount = sql<number>`count(${tariffs.id})::int`;
    return tx
      .select({
        id: modules.id,
        name: modules.name,
        description: modules.description,
        createdAt: modules.createdAt,
        publicTariffCount: publicCount,
      })
      .from(modules)
      .innerJoin(
        tariffs,
        and(
          eq(tariffs.tenantId, modules.tenantId),
          eq(tariffs.moduleId, modules.id),
          eq(tariffs.isPublic, true),
        ),
      )
      .where(and(eq(modules.tenantId, tenantId), eq(modules.status, 'active')))
      .groupBy(modules.id)
      .orderBy(asc(modules.createdAt), asc(modules.id));
  },

  async findModule(tx: Queryable, tenantId: string, id: string) {
    const [row] = await tx
      .select()
      .from(modules)
      .where(and(eq(modules.tenantId, tenantId), eq(modules.id, id)))
      .limit(1);
    return row;
  },

  /** Every tariff of a module, in the operator's display order. */
  async tariffsOfModule(tx: Queryable, tenantId: string, moduleId: string) {
    return tx
      .select()
      .from(tariffs)
      .where(and(eq(tariffs.tenantId, tenantId), eq(tariffs.moduleId, moduleId)))
      .orderBy(asc(tariffs.displayOrder), asc(tariffs.createdAt), asc(tariffs.id));
  },

  async findTariff(tx: Queryable, tenantId: string, id: string) {
    const [row] = await tx
      .select()
      .from(tariffs)
      .where(and(eq(tariffs.tenantId, tenantId), eq(tariffs.id, id)))
      .limit(1);
    return row;
  },

  async findTariffByOfferNumber(tx: Queryable, tenantId: string, offerNumber: string) {
    const [row] = await tx
      .select()
      .from(tariffs)
      .where(and(eq(tariffs.tenantId, tenantId), eq(tariffs.offerNumber, offerNumber)))
      .limit(1);
    return row;
  },

  async itemsOf(tx: Queryable, tenantId: string, tariffIds: string[]) {
    if (tariffIds.length === 0) return [];
    return tx
      .select()
      .from(tariffItems)
      .where(and(eq(tariffItems.tenantId, tenantId), inArray(tariffItems.tariffId, tariffIds)))
      .orderBy(asc(tariffItems.position), asc(tariffItems.createdAt), asc(tariffItems.id));
  },

  async invoiceSettings(tx: Queryable, tenantId: string) {
    const [row] = await tx
      .select()
      .from(invoiceSettings)
      .where(eq(invoiceSettings.tenantId, tenantId))
      .limit(1);
    return row;
  },

  async findAccount(tx: Queryable, tenantId: string, id: string, opts: { forUpdate?: boolean } = {}) {
    const q = tx
      .select()
      .from(accounts)
      .where(and(eq(accounts.tenantId, tenantId), eq(accounts.id, id)))
      .limit(1);
    const [row] = opts.forUpdate ? await q.for('update') : await q;
    return row;
  },

  async accountOwner(tx: Queryable, tenantId: string, accountId: string) {
    const [row] = await tx
      .select()
      .from(clientUsers)
      .where(
        and(
          eq(clientUsers.tenantId, tenantId),
          eq(clientUsers.accountId, accountId),
          eq(clientUsers.isAccountOwner, true),
        ),
      )
      .limit(1);
    return row;
  },

  /** Concludes the contract: contract partner, general payment terms, conclusion time. */
  async concludeContract(
    tx: Queryable,
    tenantId: string,
    id: string,
    set: Pick<AccountRow, 'contractPartner' | 'paymentTerms' | 'contractConcludedAt'>,
  ) {
    const [row] = await tx
      .update(accounts)
      .set({ ...set, paymentTermsSource: 'general', version: sql`${accounts.version} + 1` })
      .where(and(eq(accounts.tenantId, tenantId), eq(accounts.id, id)))
      .returning();
    if (!row) throw new Error('account not updated');
    return row;
  },
};
