import { and, asc, count, countDistinct, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { bookings, bookingTariffPeriods, modules, tariffItems, tariffs } from '../../db/schema';

export type ModuleRow = typeof modules.$inferSelect;
export type TariffRow = typeof tariffs.$inferSelect;
export type TariffItemRow = typeof tariffItems.$inferSelect;
export type ModuleCounts = { tariffCount: number; publicTariffCount: number };
/** Bookings of a tariff: every one that ever used it, and those that use it now or will. */
export type TariffBookingCounts = { all: number; current: number };

type ModuleValues = Pick<ModuleRow, 'name' | 'description' | 'fields' | 'status'>;
export type TariffValues = Pick<
  TariffRow,
  | 'title'
  | 'isPublic'
  | 'offerNumber'
  | 'displayOrder'
  | 'vatRate'
  | 'terminationRule'
  | 'minimumTurnover'
  | 'businessOnly'
>;
export type TariffItemValues = Pick<
  TariffItemRow,
  | 'title'
  | 'key'
  | 'unitPrice'
  | 'billingMode'
  | 'vatRate'
  | 'minimumTurnoverFlag'
  | 'unit'
  | 'terminationRule'
  | 'position'
>;

/** Tariff counts per module, as columns of a modules query (qualified by hand: drizzle leaves columns of a single-table select unqualified). */
const tariffCount = sql<number>`(select count(*)::int from tariffs t where t.tenant_id = modules.tenant_id and t.module_id = modules.id)`;
const publicTariffCount = sql<number>`(select count(*)::int from tariffs t where t.tenant_id = modules.tenant_id and t.module_id = modules.id and t.is_public)`;

/** Every query takes the tenant: another tenant's row is simply not found. */
export const catalogRepository = {
  // ---- modules ------------------------------------------------------------------------------

  async listModules(tx: Queryable, tenantId: string) {
    const rows = await tx
      .select({ module: modules, tariffCount, publicTariffCount })
      .from(modules)
      .where(eq(modules.tenantId, tenantId))
      .orderBy(
        asc(modules.status),
        asc(sql`lower(coalesce(${modules.name}->>'nl', ${modules.name}->>'de', ${modules.name}->>'en'))`),
        asc(modules.id),
      );
    return rows.map((r) => ({
      module: r.module,
      counts: { tariffCount: Number(r.tariffCount), publicTariffCount: Number(r.publicTariffCount) },
    }));
  },

  async findModule(tx: Queryable, tenantId: string, id: string, opts: { forUpdate?: boolean } = {}) {
    const q = tx
      .select()
      .from(modules)
      .where(and(eq(modules.tenantId, tenantId), eq(modules.id, id)))
      .limit(1);
    const [row] = opts.forUpdate ? await q.for('update') : await q;
    return row;
  },

  async moduleCounts(tx: Queryable, tenantId: string, moduleId: string): Promise<ModuleCounts> {
    const [row] = await tx
      .select({
        tariffCount: count(),
        publicTariffCount: sql<number>`count(*) filter (where ${tariffs.isPublic})::int`,
      })
      .from(tariffs)
      .where(and(eq(tariffs.tenantId, tenantId), eq(tariffs.moduleId, moduleId)));
    return {
      tariffCount: Number(row?.tariffCount ?? 0),
      publicTariffCount: Number(row?.publicTariffCount ?? 0),
    };
  },

  async insertModule(tx: Queryable, tenantId: string, values: ModuleValues, now: Date) {
    const [row] = await tx
      .insert(modules)
      .values({ tenantId, ...values, createdAt: now })
      .returning();
    if (!row) throw new Error('module not inserted');
    return row;
  },

  async updateModule(tx: Queryable, tenantId: string, id: string, version: number, values: ModuleValues) {
    const [row] = await tx
      .update(modules)
      .set({ ...values, version: sql`${modules.version} + 1` })
      .where(and(eq(modules.tenantId, tenantId), eq(modules.id, id), eq(modules.version, version)))
      .returning();
    return row;
  },

  // ---- tariffs ------------------------------------------------------------------------------

  async listTariffs(tx: Queryable, tenantId: string, moduleId: string) {
    return tx
      .select()
      .from(tariffs)
      .where(and(eq(tariffs.tenantId, tenantId), eq(tariffs.moduleId, moduleId)))
      .orderBy(asc(tariffs.displayOrder), asc(tariffs.createdAt), asc(tariffs.id));
  },

  async findTariff(tx: Queryable, tenantId: string, id: string, opts: { forUpdate?: boolean } = {}) {
    const q = tx
      .select()
      .from(tariffs)
      .where(and(eq(tariffs.tenantId, tenantId), eq(tariffs.id, id)))
      .limit(1);
    const [row] = opts.forUpdate ? await q.for('update') : await q;
    return row;
  },

  async insertTariff(tx: Queryable, tenantId: string, moduleId: string, values: TariffValues, now: Date) {
    const [row] = await tx
      .insert(tariffs)
      .values({ tenantId, moduleId, ...values, createdAt: now })
      .returning();
    if (!row) throw new Error('tariff not inserted');
    return row;
  },

  async updateTariff(tx: Queryable, tenantId: string, id: string, version: number, values: TariffValues) {
    const [row] = await tx
      .update(tariffs)
      .set({ ...values, version: sql`${tariffs.version} + 1` })
      .where(and(eq(tariffs.tenantId, tenantId), eq(tariffs.id, id), eq(tariffs.version, version)))
      .returning();
    return row;
  },

  async setTariffPublished(tx: Queryable, tenantId: string, id: string, publishedAt: Date | null) {
    const [row] = await tx
      .update(tariffs)
      .set({ publishedAt, version: sql`${tariffs.version} + 1` })
      .where(and(eq(tariffs.tenantId, tenantId), eq(tariffs.id, id)))
      .returning();
    if (!row) throw new Error('tariff not updated');
    return row;
  },

  async deleteTariff(tx: Queryable, tenantId: string, id: string) {
    await tx.delete(tariffs).where(and(eq(tariffs.tenantId, tenantId), eq(tariffs.id, id)));
  },

  /**
   * Bookings of each tariff: `all` that ever used it (any period, ended or not), `current` those
   * whose period of the tariff and the booking itself have not ended by `today` (a switch to the
   * tariff that starts later counts: the booking will use it).
   */
  async bookingCounts(
    tx: Queryable,
    tenantId: string,
    tariffIds: string[],
    today: string,
  ): Promise<Map<string, TariffBookingCounts>> {
    const out = new Map<string, TariffBookingCounts>();
    if (tariffIds.length === 0) return out;
    const rows = await tx
      .select({
        tariffId: bookingTariffPeriods.tariffId,
        all: countDistinct(bookingTariffPeriods.bookingId),
        current: sql<
          number | string
        >`count(distinct ${bookingTariffPeriods.bookingId}) filter (where (${bookingTariffPeriods.endDate} is null or ${bookingTariffPeriods.endDate} >= ${today}::date) and (${bookings.endDate} is null or ${bookings.endDate} >= ${today}::date))`,
      })
      .from(bookingTariffPeriods)
      .innerJoin(
        bookings,
        and(
          eq(bookings.tenantId, bookingTariffPeriods.tenantId),
          eq(bookings.id, bookingTariffPeriods.bookingId),
        ),
      )
      .where(
        and(eq(bookingTariffPeriods.tenantId, tenantId), inArray(bookingTariffPeriods.tariffId, tariffIds)),
      )
      .groupBy(bookingTariffPeriods.tariffId);
    for (const r of rows) out.set(r.tariffId, { all: Number(r.all), current: Number(r.current) });
    return out;
  },

  // ---- items --------------------------------------------------------------------------------

  /** Items of the given tariffs, grouped by tariff, in their position order. */
  async itemsOf(tx: Queryable, tenantId: string, tariffIds: string[]): Promise<Map<string, TariffItemRow[]>> {
    const out = new Map<string, TariffItemRow[]>(tariffIds.map((id) => [id, []]));
    if (tariffIds.length === 0) return out;
    const rows = await tx
      .select()
      .from(tariffItems)
      .where(and(eq(tariffItems.tenantId, tenantId), inArray(tariffItems.tariffId, tariffIds)))
      .orderBy(asc(tariffItems.position), asc(tariffItems.createdAt), asc(tariffItems.id));
    for (const r of rows) out.get(r.tariffId)?.push(r);
    return out;
  },

  async findItem(tx: Queryable, tenantId: string, id: string) {
    const [row] = await tx
      .select()
      .from(tariffItems)
      .where(and(eq(tariffItems.tenantId, tenantId), eq(tariffItems.id, id)))
      .limit(1);
    return row;
  },

  async insertItems(
    tx: Queryable,
    tenantId: string,
    tariffId: string,
    values: TariffItemValues[],
    now: Date,
  ) {
    if (values.length === 0) return [];
    return tx
      .insert(tariffItems)
      .values(values.map((v) => ({ tenantId, tariffId, ...v, createdAt: now })))
      .returning();
  },

  async updateItem(tx: Queryable, tenantId: string, id: string, version: number, values: TariffItemValues) {
    const [row] = await tx
      .update(tariffItems)
      .set({ ...values, version: sql`${tariffItems.version} + 1` })
      .where(
        and(eq(tariffItems.tenantId, tenantId), eq(tariffItems.id, id), eq(tariffItems.version, version)),
      )
      .returning();
    return row;
  },

  async deleteItem(tx: Queryable, tenantId: string, id: string) {
    await tx.delete(tariffItems).where(and(eq(tariffItems.tenantId, tenantId), eq(tariffItems.id, id)));
  },
};
