import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { bookings, bookingTariffPeriods, modules, tariffs } from '../../db/schema';
import type { BookingView } from './bookings.presenter';

export type BookingRow = typeof bookings.$inferSelect;
export type ModuleRow = typeof modules.$inferSelect;

/** Queries of bookings; every call names the tenant (and runs under RLS). */
export const bookingsRepository = {
  async find(tx: Queryable, tenantId: string, id: string, opts: { forUpdate?: boolean } = {}) {
    const q = tx
      .select()
      .from(bookings)
      .where(and(eq(bookings.tenantId, tenantId), eq(bookings.id, id)))
      .limit(1);
    const [row] = opts.forUpdate ? await q.for('update') : await q;
    return row;
  },

  async findByIdempotencyKey(tx: Queryable, tenantId: string, accountId: string, key: string) {
    const [row] = await tx
      .select()
      .from(bookings)
      .where(
        and(
          eq(bookings.tenantId, tenantId),
          eq(bookings.accountId, accountId),
          eq(bookings.idempotencyKey, key),
        ),
      )
      .limit(1);
    return row;
  },

  async ofAccount(tx: Queryable, tenantId: string, accountId: string) {
    return tx
      .select()
      .from(bookings)
      .where(and(eq(bookings.tenantId, tenantId), eq(bookings.accountId, accountId)))
      .orderBy(asc(bookings.startDate), asc(bookings.createdAt));
  },

  /** Bookings with their module and tariff periods, ready for the presenter. */
  async views(tx: Queryable, tenantId: string, rows: BookingRow[]): Promise<BookingView[]> {
    if (rows.length === 0) return [];
    const moduleIds = [...new Set(rows.map((b) => b.moduleId))];
    const mods = await tx
      .select()
      .from(modules)
      .where(and(eq(modules.tenantId, tenantId), inArray(modules.id, moduleIds)));
    const periods = await tx
      .select({
        bookingId: bookingTariffPeriods.bookingId,
        tariffId: bookingTariffPeriods.tariffId,
        tariffTitle: tariffs.title,
        startDate: bookingTariffPeriods.startDate,
        endDate: bookingTariffPeriods.endDate,
      })
      .from(bookingTariffPeriods)
      .innerJoin(
        tariffs,
        and(
          eq(tariffs.tenantId, bookingTariffPeriods.tenantId),
          eq(tariffs.id, bookingTariffPeriods.tariffId),
        ),
      )
      .where(
        and(
          eq(bookingTariffPeriods.tenantId, tenantId),
          inArray(
            bookingTariffPeriods.bookingId,
            rows.map((b) => b.id),
          ),
        ),
      )
      .orderBy(asc(bookingTariffPeriods.startDate));
    return rows.map((booking) => {
      const module = mods.find((m) => m.id === booking.moduleId);
      if (!module) throw new Error(`module of booking ${booking.id} not found`);
      return { booking, module, periods: periods.filter((p) => p.bookingId === booking.id) };
    });
  },

  async insert(tx: Queryable, row: typeof bookings.$inferInsert) {
    const [created] = await tx.insert(bookings).values(row).returning();
    if (!created) throw new Error('booking not created');
    return created;
  },

  async insertPeriod(tx: Queryable, row: typeof bookingTariffPeriods.$inferInsert) {
    await tx.insert(bookingTariffPeriods).values(row);
  },

  async updateModuleData(
    tx: Queryable,
    tenantId: string,
    id: string,
    moduleData: BookingRow['moduleData'],
    version: number,
  ) {
    const [row] = await tx
      .update(bookings)
      .set({ moduleData, version: sql`${bookings.version} + 1` })
      .where(and(eq(bookings.tenantId, tenantId), eq(bookings.id, id), eq(bookings.version, version)))
      .returning();
    return row;
  },
};
