import { and, asc, desc, eq, gte, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import type { Charge } from '../../../domain';
import { type Queryable, rowsOf } from '../../db/client';
import { jsonRowOf, rowFromJson } from '../../db/json-rows';
import {
  accounts,
  type auditLog,
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

/**
 * A line's charge as stored: without what the line's own columns hold (key, service period, due
 * date, booking), which would otherwise be written twice for every line of every invoice. Lines
 * stored whole before this keep their fields; reading puts the columns back either way.
 */
function storedCharge(charge: unknown): unknown {
  if (!charge || typeof charge !== 'object') return charge;
  const { key: _key, servicePeriod: _period, dueDate: _due, source, ...rest } = charge as Charge;
  if (!source) return rest;
  const { bookingId: _booking, ...ownSource } = source;
  return { ...rest, source: ownSource };
}

/** The line's whole charge (the domain's Charge): the stored part with the line's columns. */
function withCharge(line: DocumentLineRow): DocumentLineRow {
  const stored = (line.charge ?? {}) as Partial<Charge>;
  line.charge = {
    ...stored,
    key: line.chargeKey,
    servicePeriod: { from: line.periodFrom, to: line.periodTo },
    dueDate: line.dueDate,
    source: { ...stored.source, bookingId: line.bookingId ?? '' } as Charge['source'],
  } satisfies Partial<Charge>;
  return line;
}

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

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

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

  /**
   * Several accounts locked for one issuing transaction, in id order (two batches that share an
   * account wait for each other instead of deadlocking).
   */
  async lockAccounts(tx: Queryable, tenantId: string, ids: string[]) {
    if (ids.length === 0) return [];
    return tx
      .select()
      .from(accounts)
      .where(and(eq(accounts.tenantId, tenantId), inArray(accounts.id, ids)))
      .orderBy(asc(accounts.id))
      .for('update');
  },

  async ownerLocales(tx: Queryable, tenantId: string, accountIds: string[]): Promise<Map<string, string>> {
    if (accountIds.length === 0) return new Map();
    const rows = await tx
      .select({ accountId: clientUsers.accountId, locale: clientUsers.locale })
      .from(clientUsers)
      .where(
        and(
          eq(clientUsers.tenantId, tenantId),
          inArray(clientUsers.accountId, accountIds),
          eq(clientUsers.isAccountOwner, true),
        ),
      );
    const out = new Map<string, string>();
    for (const r of rows)
      if (r.locale && r.accountId && !out.has(r.accountId)) out.set(r.accountId, r.locale);
    return out;
  },

  /** accountState for several accounts in the same eight queries. */
  async accountStates(
    tx: Queryable,
    tenantId: string,
    accountIds: string[],
  ): Promise<Map<string, AccountBillingState>> {
    const out = new Map<string, AccountBillingState>();
    if (accountIds.length === 0) return out;
    const bookingRows = await tx
      .select()
      .from(bookings)
      .where(and(eq(bookings.tenantId, tenantId), inArray(bookings.accountId, accountIds)))
      .orderBy(asc(bookings.startDate), asc(bookings.id));
    const manual = await tx
      .select()
      .from(manualItems)
      .where(and(eq(manualItems.tenantId, tenantId), inArray(manualItems.accountId, accountIds)))
      .orderBy(asc(manualItems.date), asc(manualItems.createdAt));
    const bookingIds = bookingRows.map((b) => b.id);
    const periods = bookingIds.length
      ? await tx
          .select()
          .from(bookingTariffPeriods)
          .where(
            and(
              eq(bookingTariffPeriods.tenantId, tenantId),
              inArray(bookingTariffPeriods.bookingId, bookingIds),
            ),
          )
          .orderBy(asc(bookingTariffPeriods.startDate))
      : [];
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
    const options = bookingIds.length
      ? await tx
          .select()
          .from(bookingOptions)
          .where(and(eq(bookingOptions.tenantId, tenantId), inArray(bookingOptions.bookingId, bookingIds)))
          .orderBy(asc(bookingOptions.startDate))
      : [];
    const usage = bookingIds.length
      ? await tx
          .select()
          .from(usageRecords)
          .where(and(eq(usageRecords.tenantId, tenantId), inArray(usageRecords.bookingId, bookingIds)))
          .orderBy(asc(usageRecords.month), asc(usageRecords.sourceRecordId))
      : [];
    const itemIds = items.map((i) => i.id);
    const prices = itemIds.length
      ? await tx
          .select()
          .from(tariffItemPrices)
          .where(and(eq(tariffItemPrices.tenantId, tenantId), inArray(tariffItemPrices.itemId, itemIds)))
          .orderBy(asc(tariffItemPrices.validFrom))
      : [];
    const bookingsOf = groupBy(bookingRows, (b) => b.accountId);
    const manualOf = groupBy(manual, (m) => m.accountId);
    const periodsOf = groupBy(periods, (p) => p.bookingId);
    const optionsOf = groupBy(options, (o) => o.bookingId);
    const usageOf = groupBy(usage, (u) => u.bookingId);
    const pricesOf = groupBy(prices, (p) => p.itemId);
    for (const accountId of accountIds) {
      const own = bookingsOf.get(accountId) ?? [];
      const ownPeriods = own.flatMap((b) => periodsOf.get(b.id) ?? []);
      const ownTariffIds = new Set(ownPeriods.map((p) => p.tariffId));
      const ownItems = items.filter((i) => ownTariffIds.has(i.tariffId));
      out.set(accountId, {
        bookings: own,
        periods: ownPeriods.sort((a, b) =>
          a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : 0,
        ),
        tariffs: tariffRows.filter((t) => ownTariffIds.has(t.id)),
        items: ownItems,
        options: own
          .flatMap((b) => optionsOf.get(b.id) ?? [])
          .sort((a, b) => (a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : 0)),
        usage: own
          .flatMap((b) => usageOf.get(b.id) ?? [])
          .sort((a, b) =>
            a.month === b.month ? (a.sourceRecordId < b.sourceRecordId ? -1 : 1) : a.month < b.month ? -1 : 1,
          ),
        prices: ownItems
          .flatMap((i) => pricesOf.get(i.id) ?? [])
          .sort((a, b) => (a.validFrom < b.validFrom ? -1 : a.validFrom > b.validFrom ? 1 : 0)),
        manualItems: manualOf.get(accountId) ?? [],
      });
    }
    return out;
  },

  /**
   * accountLines for several accounts in one query, per account. Each account's documents, then
   * each document's lines, are looked up on their own (LATERAL subqueries kept apart by OFFSET 0:
   * a probe of one index per account and per document, whatever the planner believes about the
   * tables). With an IN list or a plain join, statistics taken while the tables were small made it
   * read every line of the operator for each batch — growing with every batch of a run. The line
   * travels as JSON and is read back as drizzle's row (db/json-rows.ts), the same on both drivers.
   */
  async accountsLines(tx: Queryable, tenantId: string, accountIds: string[]) {
    type Row = {
      line: DocumentLineRow;
      documentKind: DocumentRow['kind'];
      documentNumber: string;
      documentDate: string;
    };
    if (accountIds.length === 0) return new Map<string, Row[]>();
    const raw = rowsOf<{
      line: Record<string, unknown> | string;
      document_kind: DocumentRow['kind'];
      document_number: string;
      document_date: string;
    }>(
      await tx.execute(sql`
        select ${jsonRowOf(documentLines, 'l')} as line, d.kind as document_kind,
               d.number as document_number, d.issue_date::text as document_date
          from unnest(${`{${accountIds.join(',')}}`}::uuid[]) as a(id),
               lateral (select d.id, d.kind, d.number, d.issue_date, d.created_at from documents d
                         where d.tenant_id = ${tenantId} and d.account_id = a.id offset 0) d,
               lateral (select * from document_lines l
                         where l.tenant_id = ${tenantId} and l.document_id = d.id offset 0) l
         order by d.created_at, l.position`),
    );
    const rows: Row[] = raw.map((r) => ({
      // PGlite hands json back as text on a raw execute; node-postgres parses it.
      line: withCharge(rowFromJson(documentLines, typeof r.line === 'string' ? JSON.parse(r.line) : r.line)),
      documentKind: r.document_kind,
      documentNumber: r.document_number,
      documentDate: r.document_date,
    }));
    return groupBy(rows, (r) => r.line.accountId);
  },

  /**
   * Reserves `count` consecutive numbers of a series in a scope and returns the first. Like
   * nextSequence it holds the counter row's lock until the transaction ends (gap-free: a rollback
   * gives the whole range back).
   */
  async allocateSequences(
    tx: Queryable,
    tenantId: string,
    series: DocumentSeries,
    scope: string,
    count: number,
  ): Promise<number> {
    const [row] = await tx
      .insert(numberSeries)
      .values({ tenantId, series, scope, lastValue: count })
      .onConflictDoUpdate({
        target: [numberSeries.tenantId, numberSeries.series, numberSeries.scope],
        set: { lastValue: sql`${numberSeries.lastValue} + ${count}` },
      })
      .returning({ lastValue: numberSeries.lastValue });
    if (!row) throw new Error('number series not advanced');
    return row.lastValue - count + 1;
  },

  /**
   * Until the transaction commits, a line's document need not exist yet: the batch issue writes
   * its lines before it takes its numbers (the key is DEFERRABLE, migration 0020), so the number
   * counters stay locked only while the documents are written. Checked at commit all the same.
   */
  async deferLineDocumentCheck(tx: Queryable) {
    await tx.execute(sql`set constraints document_lines_document_account_fk deferred`);
  },

  /**
   * Documents, their lines and audit entries of a batch (each part may be given on its own): one
   * INSERT … SELECT FROM jsonb_to_recordset per table (one parameter each, whatever the batch size).
   */
  async insertIssued(
    tx: Queryable,
    rows: {
      documents?: (typeof documents.$inferInsert & { id: string })[];
      lines?: (typeof documentLines.$inferInsert)[];
      audit?: (typeof auditLog.$inferInsert)[];
    },
  ) {
    if (rows.documents && rows.documents.length > 0) {
      const docs = rows.documents.map((d) => ({
        id: d.id,
        tenant_id: d.tenantId,
        account_id: d.accountId,
        kind: d.kind,
        series: d.series,
        number: d.number,
        sequence: d.sequence,
        scope: d.scope,
        issue_date: d.issueDate,
        billed_until: d.billedUntil ?? null,
        currency: d.currency,
        net_minor: d.netMinor,
        vat_minor: d.vatMinor,
        gross_minor: d.grossMinor,
        is_test: d.isTest,
        corrects_document_id: d.correctsDocumentId ?? null,
        data: d.data,
        reason: d.reason ?? null,
        issued_by_type: d.issuedByType,
        issued_by_id: d.issuedById ?? null,
        created_at: d.createdAt,
      }));
      await tx.execute(sql`
        insert into documents (id, tenant_id, account_id, kind, series, number, sequence, scope, issue_date,
          billed_until, currency, net_minor, vat_minor, gross_minor, is_test, corrects_document_id, data, reason,
          issued_by_type, issued_by_id, created_at)
        select id, tenant_id, account_id, kind, series, number, sequence, scope, issue_date, billed_until,
          currency, net_minor, vat_minor, gross_minor, is_test, corrects_document_id, data, reason,
          issued_by_type, issued_by_id, created_at
        from jsonb_to_recordset(${JSON.stringify(docs)}::jsonb) as x(id uuid, tenant_id uuid, account_id uuid,
          kind text, series text, number text, sequence int, scope text, issue_date date, billed_until date,
          currency text, net_minor bigint, vat_minor bigint, gross_minor bigint, is_test boolean,
          corrects_document_id uuid, data jsonb, reason text, issued_by_type text, issued_by_id uuid,
          created_at timestamptz)`);
    }
    if (rows.lines && rows.lines.length > 0) {
      const lines = rows.lines.map((l) => ({
        tenant_id: l.tenantId,
        document_id: l.documentId,
        account_id: l.accountId,
        position: l.position,
        charge_key: l.chargeKey,
        kind: l.kind,
        booking_id: l.bookingId ?? null,
        period_from: l.periodFrom,
        period_to: l.periodTo,
        due_date: l.dueDate,
        vat_rate: l.vatRate,
        net_minor: l.netMinor,
        corrects_charge_key: l.correctsChargeKey ?? null,
        corrects_document_id: l.correctsDocumentId ?? null,
        charge: storedCharge(l.charge),
      }));
      await tx.execute(sql`
        insert into document_lines (tenant_id, document_id, account_id, position, charge_key, kind, booking_id,
          period_from, period_to, due_date, vat_rate, net_minor, corrects_charge_key, corrects_document_id, charge)
        select tenant_id, document_id, account_id, position, charge_key, kind, booking_id, period_from, period_to,
          due_date, vat_rate, net_minor, corrects_charge_key, corrects_document_id, charge
        from jsonb_to_recordset(${JSON.stringify(lines)}::jsonb) as x(tenant_id uuid, document_id uuid,
          account_id uuid, position int, charge_key text, kind text, booking_id uuid, period_from date,
          period_to date, due_date date, vat_rate numeric, net_minor bigint, corrects_charge_key text,
          corrects_document_id uuid, charge jsonb)`);
    }
    if (rows.audit && rows.audit.length > 0) {
      const audit = rows.audit.map((a) => ({
        tenant_id: a.tenantId,
        actor_type: a.actorType,
        actor_id: a.actorId ?? null,
        action: a.action,
        entity_type: a.entityType,
        entity_id: a.entityId,
        account_id: a.accountId ?? null,
        before: a.before ?? null,
        after: a.after ?? null,
        reason: a.reason ?? null,
        request_id: a.requestId ?? null,
        at: a.at,
      }));
      await tx.execute(sql`
        insert into audit_log (tenant_id, actor_type, actor_id, action, entity_type, entity_id, account_id,
          before, after, reason, request_id, at)
        select tenant_id, actor_type, actor_id, action, entity_type, entity_id, account_id, before, after,
          reason, request_id, at
        from jsonb_to_recordset(${JSON.stringify(audit)}::jsonb) as x(tenant_id uuid, actor_type text,
          actor_id uuid, action text, entity_type text, entity_id text, account_id uuid, before jsonb,
          after jsonb, reason text, request_id text, at timestamptz)`);
    }
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
    const rows = await tx
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
    for (const r of rows) withCharge(r.line);
    return rows;
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
    if (rows.length)
      await tx.insert(documentLines).values(rows.map((r) => ({ ...r, charge: storedCharge(r.charge) })));
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
