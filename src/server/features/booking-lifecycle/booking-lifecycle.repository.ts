import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { jsonRowOf, rowFromJson } from '../../db/json-rows';
import { preparedStatement } from '../../db/prepared';
import {
  accounts,
  bookingCancellations,
  bookingOptions,
  bookings,
  bookingTariffChanges,
  bookingTariffPeriods,
  modules,
  tariffItems,
  tariffs,
} from '../../db/schema';

export type PeriodRow = typeof bookingTariffPeriods.$inferSelect;
export type OptionRow = typeof bookingOptions.$inferSelect;
export type CancellationRow = typeof bookingCancellations.$inferSelect;
export type TariffChangeRow = typeof bookingTariffChanges.$inferSelect;
export type ItemRow = typeof tariffItems.$inferSelect;

type Json = Record<string, unknown>;

/** A booking with everything its lifecycle needs, as read by `lifecycleRepository.state`. */
export type BookingStateRows = {
  booking: typeof bookings.$inferSelect;
  account: typeof accounts.$inferSelect | undefined;
  module: typeof modules.$inferSelect | undefined;
  /** By start date. */
  periods: PeriodRow[];
  /** By start date, then creation. */
  options: OptionRow[];
  /** The cancellation not withdrawn, if any. */
  cancellation: CancellationRow | undefined;
  /** The latest tariff change not withdrawn (by switch date). */
  latestChange: TariffChangeRow | undefined;
  /** The module's tariffs, in display order. */
  tariffs: (typeof tariffs.$inferSelect)[];
  /** The items of the module's tariffs and of the booking's options, by position. */
  items: ItemRow[];
};

/**
 * The booking and everything its lifecycle reads, in one statement whatever it holds (ADR 0017):
 * related rows travel as JSON beside the booking row. Every subquery names the booking's tenant
 * (and all of it runs under RLS). `forUpdate` locks the booking row: writes to a booking are
 * serialised on it.
 */
// Written out qualified: drizzle names the columns of a one-table select without their table, and
// inside the subqueries an unqualified "id" would be the subquery's own.
const B = {
  tenantId: sql.raw('"bookings"."tenant_id"'),
  id: sql.raw('"bookings"."id"'),
  accountId: sql.raw('"bookings"."account_id"'),
  moduleId: sql.raw('"bookings"."module_id"'),
};

function stateStatement(name: string, forUpdate: boolean) {
  return preparedStatement(name, (db) => {
    const q = db
      .select({
        booking: bookings,
        account: sql<Json | null>`(select ${jsonRowOf(accounts, 'a')} from accounts a
          where a.tenant_id = ${B.tenantId} and a.id = ${B.accountId})`,
        module: sql<Json | null>`(select ${jsonRowOf(modules, 'm')} from modules m
          where m.tenant_id = ${B.tenantId} and m.id = ${B.moduleId})`,
        periods: sql<
          Json[]
        >`(select coalesce(json_agg(${jsonRowOf(bookingTariffPeriods, 'p')} order by p.start_date), '[]'::json)
          from booking_tariff_periods p where p.tenant_id = ${B.tenantId} and p.booking_id = ${B.id})`,
        options: sql<
          Json[]
        >`(select coalesce(json_agg(${jsonRowOf(bookingOptions, 'o')} order by o.start_date, o.created_at), '[]'::json)
          from booking_options o where o.tenant_id = ${B.tenantId} and o.booking_id = ${B.id})`,
        cancellation: sql<Json | null>`(select ${jsonRowOf(bookingCancellations, 'c')} from booking_cancellations c
          where c.tenant_id = ${B.tenantId} and c.booking_id = ${B.id} and c.withdrawn_at is null limit 1)`,
        latestChange: sql<Json | null>`(select ${jsonRowOf(bookingTariffChanges, 'tc')} from booking_tariff_changes tc
          where tc.tenant_id = ${B.tenantId} and tc.booking_id = ${B.id} and tc.withdrawn_at is null
          order by tc.switch_date desc limit 1)`,
        tariffs: sql<
          Json[]
        >`(select coalesce(json_agg(${jsonRowOf(tariffs, 't')} order by t.display_order, t.created_at, t.id), '[]'::json)
          from tariffs t where t.tenant_id = ${B.tenantId} and t.module_id = ${B.moduleId})`,
        items: sql<
          Json[]
        >`(select coalesce(json_agg(${jsonRowOf(tariffItems, 'i')} order by i.position, i.created_at, i.id), '[]'::json)
          from tariff_items i where i.tenant_id = ${B.tenantId}
            and (i.tariff_id in (select t2.id from tariffs t2 where t2.tenant_id = ${B.tenantId} and t2.module_id = ${B.moduleId})
              or i.id in (select o2.item_id from booking_options o2 where o2.tenant_id = ${B.tenantId} and o2.booking_id = ${B.id})))`,
      })
      .from(bookings)
      .where(
        and(
          eq(bookings.tenantId, sql.placeholder('tenantId')),
          eq(bookings.id, sql.placeholder('bookingId')),
        ),
      )
      .limit(1);
    return forUpdate ? q.for('update', { of: bookings }) : q;
  });
}

const stateRead = stateStatement('kontor_booking_state', false);
const stateLocked = stateStatement('kontor_booking_state_locked', true);

/**
 * Queries of a booking's lifecycle: its tariff periods, options, cancellations and tariff changes.
 * Every call names the tenant (and runs under RLS).
 */
export const lifecycleRepository = {
  async state(
    tx: Queryable,
    tenantId: string,
    bookingId: string,
    opts: { forUpdate?: boolean } = {},
  ): Promise<BookingStateRows | undefined> {
    const [row] = await (opts.forUpdate ? stateLocked : stateRead).run(tx, { tenantId, bookingId });
    if (!row) return undefined;
    return {
      booking: row.booking,
      account: row.account ? rowFromJson(accounts, row.account) : undefined,
      module: row.module ? rowFromJson(modules, row.module) : undefined,
      periods: row.periods.map((r) => rowFromJson(bookingTariffPeriods, r)),
      options: row.options.map((r) => rowFromJson(bookingOptions, r)),
      cancellation: row.cancellation ? rowFromJson(bookingCancellations, row.cancellation) : undefined,
      latestChange: row.latestChange ? rowFromJson(bookingTariffChanges, row.latestChange) : undefined,
      tariffs: row.tariffs.map((r) => rowFromJson(tariffs, r)),
      items: row.items.map((r) => rowFromJson(tariffItems, r)),
    };
  },

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
