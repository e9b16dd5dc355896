import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { jsonRowOf, rowFromJson } from '../../db/json-rows';
import { preparedStatement } from '../../db/prepared';
import { accounts, bookings, bookingTariffPeriods, modules, tariffs } from '../../db/schema';
import type { BookingPeriodView, BookingView } from './bookings.presenter';

export type BookingRow = typeof bookings.$inferSelect;
export type ModuleRow = typeof modules.$inferSelect;

type Json = Record<string, unknown>;

// Qualified by hand: drizzle leaves a one-table select's columns unqualified (see ADR 0017).
const A = { tenantId: sql.raw('"accounts"."tenant_id"'), id: sql.raw('"accounts"."id"') };

/**
 * An account's bookings with their modules and tariff periods in one statement, built once
 * (ADR 0017); no row when the account does not exist (in this tenant).
 */
const accountBookings = preparedStatement('kontor_account_bookings', (db) =>
  db
    .select({
      id: accounts.id,
      bookings: sql<
        Json[]
      >`(select coalesce(json_agg(${jsonRowOf(bookings, 'b')} order by b.start_date, b.created_at), '[]'::json)
        from bookings b where b.tenant_id = ${A.tenantId} and b.account_id = ${A.id})`,
      modules: sql<Json[]>`(select coalesce(json_agg(${jsonRowOf(modules, 'm')}), '[]'::json)
        from modules m where m.tenant_id = ${A.tenantId}
          and m.id in (select b.module_id from bookings b where b.tenant_id = ${A.tenantId} and b.account_id = ${A.id}))`,
      periods: sql<(BookingPeriodView & { bookingId: string })[]>`(select coalesce(json_agg(json_build_object(
          'bookingId', p.booking_id, 'tariffId', p.tariff_id, 'tariffTitle', t.title,
          'startDate', p.start_date, 'endDate', p.end_date) order by p.start_date), '[]'::json)
        from booking_tariff_periods p
        join tariffs t on t.tenant_id = p.tenant_id and t.id = p.tariff_id
        where p.tenant_id = ${A.tenantId}
          and p.booking_id in (select b.id from bookings b where b.tenant_id = ${A.tenantId} and b.account_id = ${A.id}))`,
    })
    .from(accounts)
    .where(
      and(eq(accounts.tenantId, sql.placeholder('tenantId')), eq(accounts.id, sql.placeholder('accountId'))),
    )
    .limit(1),
);

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

  /** An account's bookings as views (oldest first); undefined when there is no such account. */
  async viewsOfAccount(
    tx: Queryable,
    tenantId: string,
    accountId: string,
  ): Promise<BookingView[] | undefined> {
    const [row] = await accountBookings.run(tx, { tenantId, accountId });
    if (!row) return undefined;
    const mods = new Map(row.modules.map((m) => [m.id as string, rowFromJson(modules, m)]));
    return row.bookings.map((json) => {
      const booking = rowFromJson(bookings, json);
      const module = mods.get(booking.moduleId);
      if (!module) throw new Error(`module of booking ${booking.id} not found`);
      const periods = row.periods
        .filter((p) => p.bookingId === booking.id)
        .map(({ bookingId: _of, ...p }) => p);
      return { booking, module, periods };
    });
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
