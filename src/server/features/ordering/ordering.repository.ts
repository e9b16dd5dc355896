import { and, asc, eq, gte, isNotNull, isNull, or, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import {
  accounts,
  bookings,
  clientUsers,
  invoiceSettings,
  modules,
  tariffItems,
  tariffs,
} from '../../db/schema';

export type TariffRow = typeof tariffs.$inferSelect;
export type TariffItemRow = typeof tariffItems.$inferSelect;
export type AccountRow = typeof accounts.$inferSelect;

/** Queries of the order flow; every call names the tenant (and runs under RLS). */
export const orderingRepository = {
  /**
   * Active modules with at least one orderable public tariff (published, with at least one item),
   * with the number of such tariffs.
   */
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
          isNotNull(tariffs.publishedAt),
          sql`exists (select 1 from ${tariffItems} i where i.tenant_id = ${tariffs.tenantId} and i.tariff_id = ${tariffs.id})`,
        ),
      )
      .where(and(eq(modules.tenantId, tenantId), eq(modules.status, 'active')))
      .groupBy(modules.id)
      .orderBy(asc(modules.createdAt), asc(modules.id));
  },

  /**
   * The account's current bookings (not ended as of today) per module: such a module cannot be
   * ordered again (ADR 0007). With a module id, only that module's.
   */
  async currentBookings(
    tx: Queryable,
    tenantId: string,
    accountId: string,
    today: string,
    moduleId?: string,
  ) {
    return tx
      .select({
        id: bookings.id,
        moduleId: bookings.moduleId,
        startDate: bookings.startDate,
        endDate: bookings.endDate,
      })
      .from(bookings)
      .where(
        and(
          eq(bookings.tenantId, tenantId),
          eq(bookings.accountId, accountId),
          moduleId ? eq(bookings.moduleId, moduleId) : undefined,
          or(isNull(bookings.endDate), gte(bookings.endDate, today)),
        ),
      )
      .orderBy(asc(bookings.startDate));
  },

  async findTariffByOfferNumber(tx: Queryable, tenantId: string, offerNumber: string) {
    const [row] = await tx
      .select()
      .from(tariffs)
      .where(and(eq(tariffs.tenantId, tenantId), eq(tariffs.offerNumber, offerNumber)))
      .limit(1);
    return row;
  },

  async invoiceSettings(tx: Queryable, tenantId: string) {
    const [row] = await tx
      .select()
      .from(invoiceSettings)
      .where(eq(invoiceSettings.tenantId, tenantId))
      .limit(1);
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
    set: Pick<AccountRow, 'contractPartner' | 'paymentTerms' | 'contractConcludedAt' | 'customerType'> &
      Partial<Pick<AccountRow, 'vatId'>>,
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
