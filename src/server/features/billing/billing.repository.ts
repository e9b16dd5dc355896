import { and, asc, desc, eq, gte, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import {
  accounts,
  bookingOptions,
  bookings,
  bookingTariffPeriods,
  clientUsers,
  type DocumentSeries,
  documentLines,
  documents,
  invoiceSettings,
  manualItems,
  numberSeries,
  tariffItemPrices,
  tariffItems,
  tariffs,
  tenants,
  usageRecords,
} from '../../db/schema';

export type DocumentRow = typeof documents.$inferSelect;
export type DocumentLineRow = typeof documentLines.$inferSelect;
export type ManualItemRow = typeof manualItems.$inferSelect;
export type UsageRecordRow = typeof usageRecords.$inferSelect;
export type PriceChangeRow = typeof tariffItemPrices.$inferSelect;

/** Everything the charges of one account are computed from, loaded in a few queries. */
export type AccountBillingState = {
  bookings: (typeof bookings.$inferSelect)[];
  periods: (typeof bookingTariffPeriods.$inferSelect)[];
  tariffs: (typeof tariffs.$inferSelect)[];
  items: (typeof tariffItems.$inferSelect)[];
  options: (typeof bookingOptions.$inferSelect)[];
  usage: UsageRecordRow[];
  prices: PriceChangeRow[];
  manualItems: ManualItemRow[];
};

export const billingRepository = {
  async tenant(tx: Queryable, tenantId: string) {
    const [row] = await tx.select().from(tenants).where(eq(tenants.id, tenantId)).limit(1);
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

  /** The account, locked for the issuing transaction: issues for one account run one after another. */
  async lockAccount(tx: Queryable, tenantId: string, accountId: string) {
    const [row] = await tx
      .select()
      .from(accounts)
      .where(and(eq(accounts.tenantId, tenantId), eq(accounts.id, accountId)))
      .for('update');
    return row;
  },

  async ownerLocale(tx: Queryable, tenantId: string, accountId: string) {
    const [row] = await tx
      .select({ locale: clientUsers.locale })
      .from(clientUsers)
      .where(
        and(
          eq(clientUsers.tenantId, tenantId),
          eq(clientUsers.accountId, accountId),
          eq(clientUsers.isAccountOwner, true),
        ),
      )
      .limit(1);
    return row?.locale ?? null;
  },

  async accountState(tx: Queryable, tenantId: string, accountId: string): Promise<AccountBillingState> {
    const bookingRows = await tx
      .select()
      .from(bookings)
      .where(and(eq(bookings.tenantId, tenantId), eq(bookings.accountId, accountId)))
      .orderBy(asc(bookings.startDate), asc(bookings.id));
    const manual = await tx
      .select()
      .from(manualItems)
      .where(and(eq(manualItems.tenantId, tenantId), eq(manualItems.accountId, accountId)))
      .orderBy(asc(manualItems.date), asc(manualItems.createdAt));
    if (bookingRows.length === 0)
      return {
        bookings: [],
        periods: [],
        tariffs: [],
        items: [],
        options: [],
        usage: [],
        prices: [],
        manualItems: manual,
      };
    const bookingIds = bookingRows.map((b) => b.id);
    const periods = await tx
      .select()
      .from(bookingTariffPeriods)
      .where(
        and(eq(bookingTariffPeriods.tenantId, tenantId), inArray(bookingTariffPeriods.bookingId, bookingIds)),
      )
      .orderBy(asc(bookingTariffPeriods.startDate));
    const tariffIds = [...new Set(periods.map((p) => p.tariffId))];
    const tariffRows = tariffIds.length
      ? await tx
          .select()
          .from(tariffs)
          .where(and(eq(tariffs.tenantId, tenantId), inArray(tariffs.id, tariffIds)))
      : [];
    const items = tariffIds.length
      ? await tx
          .select()
          .from(tariffItems)
          .where(and(eq(tariffItems.tenantId, tenantId), inArray(tariffItems.tariffId, tariffIds)))
          .orderBy(asc(tariffItems.position), asc(tariffItems.createdAt))
      : [];
    const options = await tx
      .select()
      .from(bookingOptions)
      .where(and(eq(bookingOptions.tenantId, tenantId), inArray(bookingOptions.bookingId, bookingIds)))
      .orderBy(asc(bookingOptions.startDate));
    const usage = await tx
      .select()
      .from(usageRecords)
      .where(and(eq(usageRecords.tenantId, tenantId), inArray(usageRecords.bookingId, bookingIds)))
      .orderBy(asc(usageRecords.month), asc(usageRecords.sourceRecordId));
    const itemIds = items.map((i) => i.id);
    const prices = itemIds.length
      ? await tx
          .select()
          .from(tariffItemPrices)
          .where(and(eq(tariffItemPrices.tenantId, tenantId), inArray(tariffItemPrices.itemId, itemIds)))
          .orderBy(asc(tariffItemPrices.validFrom))
      : [];
    return {
      bookings: bookingRows,
      periods,
      tariffs: tariffRows,
      items,
      options,
      usage,
      prices,
      manualItems: manual,
    };
  },

  /** The lines of the account's issued documents, with the number and date of their document. */
  async accountLines(tx: Queryable, tenantId: string, accountId: string) {
    return tx
      .select({
        line: documentLines,
        documentKind: documents.kind,
        documentNumber: documents.number,
        documentDate: documents.issueDate,
      })
      .from(documentLines)
      .innerJoin(
        documents,
        and(eq(documents.tenantId, documentLines.tenantId), eq(documents.id, documentLines.documentId)),
      )
      .where(and(eq(documentLines.tenantId, tenantId), eq(documentLines.accountId, accountId)))
      .orderBy(asc(documents.createdAt), asc(documentLines.position));
  },

  /**
   * The next number of a series in a scope. The upsert takes the counter row's lock until the
   * transaction ends: concurrent issues of the series wait, and a rollback returns the number.
   */
  async nextSequence(
    tx: Queryable,
    tenantId: string,
    series: DocumentSeries,
    scope: string,
  ): Promise<number> {
    const [row] = await tx
      .insert(numberSeries)
      .values({ tenantId, series, scope, lastValue: 1 })
      .onConflictDoUpdate({
        target: [numberSeries.tenantId, numberSeries.series, numberSeries.scope],
        set: { lastValue: sql`${numberSeries.lastValue} + 1` },
      })
      .returning({ lastValue: numberSeries.lastValue });
    if (!row) throw new Error('number series not advanced');
    return row.lastValue;
  },

  async insertDocument(tx: Queryable, row: typeof documents.$inferInsert) {
    const [created] = await tx.insert(documents).values(row).returning();
    if (!created) throw new Error('document not created');
    return created;
  },

  async insertLines(tx: Queryable, rows: (typeof documentLines.$inferInsert)[]) {
    if (rows.length) await tx.insert(documentLines).values(rows);
  },

  async documentsOfAccount(tx: Queryable, tenantId: string, accountId: string) {
    return tx
      .select()
      .from(documents)
      .where(and(eq(documents.tenantId, tenantId), eq(documents.accountId, accountId)))
      .orderBy(desc(documents.issueDate), desc(documents.createdAt), desc(documents.number));
  },

  async findDocument(tx: Queryable, tenantId: string, id: string) {
    const [row] = await tx
      .select()
      .from(documents)
      .where(and(eq(documents.tenantId, tenantId), eq(documents.id, id)))
      .limit(1);
    return row;
  },

  async documentsByIds(tx: Queryable, tenantId: string, ids: string[]) {
    if (ids.length === 0) return [];
    return tx
      .select()
      .from(documents)
      .where(and(eq(documents.tenantId, tenantId), inArray(documents.id, ids)));
  },

  /** Corrections referring to these invoices. */
  async correctionsOf(tx: Queryable, tenantId: string, invoiceIds: string[]) {
    if (invoiceIds.length === 0) return [];
    return tx
      .select({
        id: documents.id,
        number: documents.number,
        correctsDocumentId: documents.correctsDocumentId,
      })
      .from(documents)
      .where(
        and(
          eq(documents.tenantId, tenantId),
          isNotNull(documents.correctsDocumentId),
          inArray(documents.correctsDocumentId, invoiceIds),
        ),
      )
      .orderBy(asc(documents.createdAt));
  },

  async insertManualItem(tx: Queryable, row: typeof manualItems.$inferInsert) {
    const [created] = await tx.insert(manualItems).values(row).returning();
    if (!created) throw new Error('manual item not created');
    return created;
  },

  /** Issued documents of non-test accounts in [from, to], for the bookkeeping export. */
  async exportDocuments(tx: Queryable, tenantId: string, from: string, to: string) {
    return tx
      .select({ document: documents, accountName: accounts.name, customerNumber: accounts.customerNumber })
      .from(documents)
      .innerJoin(
        accounts,
        and(eq(accounts.tenantId, documents.tenantId), eq(accounts.id, documents.accountId)),
      )
      .where(
        and(
          eq(documents.tenantId, tenantId),
          eq(documents.isTest, false),
          gte(documents.issueDate, from),
          lte(documents.issueDate, to),
        ),
      )
      .orderBy(asc(documents.issueDate), asc(documents.series), asc(documents.sequence));
  },

  async bookingsByIds(tx: Queryable, tenantId: string, ids: string[]) {
    if (ids.length === 0) return [];
    return tx
      .select()
      .from(bookings)
      .where(and(eq(bookings.tenantId, tenantId), inArray(bookings.id, ids)));
  },

  async periodsOfBookings(tx: Queryable, tenantId: string, ids: string[]) {
    if (ids.length === 0) return [];
    return tx
      .select()
      .from(bookingTariffPeriods)
      .where(and(eq(bookingTariffPeriods.tenantId, tenantId), inArray(bookingTariffPeriods.bookingId, ids)));
  },

  async itemsByIds(tx: Queryable, tenantId: string, ids: string[]) {
    if (ids.length === 0) return [];
    return tx
      .select()
      .from(tariffItems)
      .where(and(eq(tariffItems.tenantId, tenantId), inArray(tariffItems.id, ids)));
  },

  async usageBySourceIds(tx: Queryable, tenantId: string, ids: string[]) {
    if (ids.length === 0) return [];
    return tx
      .select()
      .from(usageRecords)
      .where(and(eq(usageRecords.tenantId, tenantId), inArray(usageRecords.sourceRecordId, ids)));
  },

  async insertUsage(tx: Queryable, rows: (typeof usageRecords.$inferInsert)[]) {
    if (rows.length === 0) return 0;
    const inserted = await tx
      .insert(usageRecords)
      .values(rows)
      .onConflictDoNothing({ target: [usageRecords.tenantId, usageRecords.sourceRecordId] })
      .returning({ id: usageRecords.id });
    return inserted.length;
  },

  async findItemWithTariff(tx: Queryable, tenantId: string, itemId: string) {
    const [row] = await tx
      .select({ item: tariffItems, tariff: tariffs })
      .from(tariffItems)
      .innerJoin(
        tariffs,
        and(eq(tariffs.tenantId, tariffItems.tenantId), eq(tariffs.id, tariffItems.tariffId)),
      )
      .where(and(eq(tariffItems.tenantId, tenantId), eq(tariffItems.id, itemId)))
      .limit(1);
    return row;
  },

  async priceChangesOfItem(tx: Queryable, tenantId: string, itemId: string) {
    return tx
      .select()
      .from(tariffItemPrices)
      .where(and(eq(tariffItemPrices.tenantId, tenantId), eq(tariffItemPrices.itemId, itemId)))
      .orderBy(asc(tariffItemPrices.validFrom));
  },

  async insertPriceChange(tx: Queryable, row: typeof tariffItemPrices.$inferInsert) {
    const [created] = await tx
      .insert(tariffItemPrices)
      .values(row)
      .onConflictDoUpdate({
        target: [tariffItemPrices.tenantId, tariffItemPrices.itemId, tariffItemPrices.validFrom],
        set: { unitPrice: row.unitPrice, createdById: row.createdById, createdAt: row.createdAt },
      })
      .returning();
    if (!created) throw new Error('price change not stored');
    return created;
  },
};
