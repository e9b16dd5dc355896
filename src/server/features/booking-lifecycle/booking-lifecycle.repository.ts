import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import {
  bookingCancellations,
  bookingOptions,
  bookings,
  bookingTariffChanges,
  bookingTariffPeriods,
  tariffItems,
} from '../../db/schema';

export type PeriodRow = typeof bookingTariffPeriods.$inferSelect;
export type OptionRow = typeof bookingOptions.$inferSelect;
export type CancellationRow = typeof bookingCancellations.$inferSelect;
export type TariffChangeRow = typeof bookingTariffChanges.$inferSelect;
export type ItemRow = typeof tariffItems.$inferSelect;

/**
 * Queries of a booking's lifecycle: its tariff periods, options, cancellations and tariff changes.
 * Every call names the tenant (and runs under RLS).
 */
export const lifecycleRepository = {
  async periods(tx: Queryable, tenantId: string, bookingId: string): Promise<PeriodRow[]> {
    return tx
      .select()
      .from(bookingTariffPeriods)
      .where(and(eq(bookingTariffPeriods.tenantId, tenantId), eq(bookingTariffPeriods.bookingId, bookingId)))
      .orderBy(asc(bookingTariffPeriods.startDate));
  },

  async options(tx: Queryable, tenantId: string, bookingId: string): Promise<OptionRow[]> {
    return tx
      .select()
      .from(bookingOptions)
      .where(and(eq(bookingOptions.tenantId, tenantId), eq(bookingOptions.bookingId, bookingId)))
      .orderBy(asc(bookingOptions.startDate), asc(bookingOptions.createdAt));
  },

  async items(tx: Queryable, tenantId: string, ids: string[]): Promise<ItemRow[]> {
    if (ids.length === 0) return [];
    return tx
      .select()
      .from(tariffItems)
      .where(and(eq(tariffItems.tenantId, tenantId), inArray(tariffItems.id, ids)));
  },

  async currentCancellation(tx: Queryable, tenantId: string, bookingId: string) {
    const [row] = await tx
      .select()
      .from(bookingCancellations)
      .where(
        and(
          eq(bookingCancellations.tenantId, tenantId),
          eq(bookingCancellations.bookingId, bookingId),
          isNull(bookingCancellations.withdrawnAt),
        ),
      )
      .limit(1);
    return row;
  },

  /** The latest tariff change that was not withdrawn (it is scheduled while its switch date lies ahead). */
  async latestChange(tx: Queryable, tenantId: string, bookingId: string) {
    const [row] = await tx
      .select()
      .from(bookingTariffChanges)
      .where(
        and(
          eq(bookingTariffChanges.tenantId, tenantId),
          eq(bookingTariffChanges.bookingId, bookingId),
          isNull(bookingTariffChanges.withdrawnAt),
        ),
      )
      .orderBy(desc(bookingTariffChanges.switchDate))
      .limit(1);
    return row;
  },

  async setBookingEnd(tx: Queryable, tenantId: string, bookingId: string, endDate: string | null) {
    const [row] = await tx
      .update(bookings)
      .set({ endDate })
      .where(and(eq(bookings.tenantId, tenantId), eq(bookings.id, bookingId)))
      .returning();
    if (!row) throw new Error('booking vanished');
    return row;
  },

  /** Bumps the booking's version: every lifecycle change is a change of the booking. */
  async touchBooking(tx: Queryable, tenantId: string, bookingId: string, version: number) {
    await tx
      .update(bookings)
      .set({ version: version + 1 })
      .where(and(eq(bookings.tenantId, tenantId), eq(bookings.id, bookingId)));
  },

  async setPeriodEnd(tx: Queryable, tenantId: string, periodId: string, endDate: string | null) {
    await tx
      .update(bookingTariffPeriods)
      .set({ endDate })
      .where(and(eq(bookingTariffPeriods.tenantId, tenantId), eq(bookingTariffPeriods.id, periodId)));
  },

  async insertPeriod(tx: Queryable, row: typeof bookingTariffPeriods.$inferInsert) {
    const [created] = await tx.insert(bookingTariffPeriods).values(row).returning();
    if (!created) throw new Error('period not created');
    return created;
  },

  async deletePeriod(tx: Queryable, tenantId: string, periodId: string) {
    await tx
      .delete(bookingTariffPeriods)
      .where(and(eq(bookingTariffPeriods.tenantId, tenantId), eq(bookingTariffPeriods.id, periodId)));
  },

  async setOptionEnd(
    tx: Queryable,
    tenantId: string,
    optionId: string,
    end: Pick<OptionRow, 'endDate' | 'endCause' | 'endDeclaredAt' | 'endReason'>,
  ) {
    const [row] = await tx
      .update(bookingOptions)
      .set(end)
      .where(and(eq(bookingOptions.tenantId, tenantId), eq(bookingOptions.id, optionId)))
      .returning();
    return row;
  },

  async insertOption(tx: Queryable, row: typeof bookingOptions.$inferInsert) {
    const [created] = await tx.insert(bookingOptions).values(row).returning();
    if (!created) throw new Error('option not created');
    return created;
  },

  async deleteOptions(tx: Queryable, tenantId: string, ids: string[]) {
    if (ids.length === 0) return;
    await tx
      .delete(bookingOptions)
      .where(and(eq(bookingOptions.tenantId, tenantId), inArray(bookingOptions.id, ids)));
  },

  async insertCancellation(tx: Queryable, row: typeof bookingCancellations.$inferInsert) {
    const [created] = await tx.insert(bookingCancellations).values(row).returning();
    if (!created) throw new Error('cancellation not created');
    return created;
  },

  async withdrawCancellation(
    tx: Queryable,
    tenantId: string,
    id: string,
    by: { type: 'staff' | 'client'; id: string; at: Date },
  ) {
    await tx
      .update(bookingCancellations)
      .set({ withdrawnAt: by.at, withdrawnByType: by.type, withdrawnById: by.id })
      .where(and(eq(bookingCancellations.tenantId, tenantId), eq(bookingCancellations.id, id)));
  },

  async insertTariffChange(tx: Queryable, row: typeof bookingTariffChanges.$inferInsert) {
    const [created] = await tx.insert(bookingTariffChanges).values(row).returning();
    if (!created) throw new Error('tariff change not created');
    return created;
  },

  async withdrawTariffChange(
    tx: Queryable,
    tenantId: string,
    id: string,
    by: { type: 'staff' | 'client'; id: string; at: Date },
  ) {
    await tx
      .update(bookingTariffChanges)
      .set({ withdrawnAt: by.at, withdrawnByType: by.type, withdrawnById: by.id })
      .where(and(eq(bookingTariffChanges.tenantId, tenantId), eq(bookingTariffChanges.id, id)));
  },
};
