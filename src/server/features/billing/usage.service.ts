import { moneyToDecimalString } from '../../../domain';
import { type PriceChangeDto, usageRecordInput } from '../../../shared/schemas';
import type { RequestContext } from '../../context';
import type { Database } from '../../db/client';
import { HttpProblem, problems } from '../../problem';
import { recordAudit } from '../audit/audit.repository';
import { textIn, trimDecimal } from './billing.charges';
import { parseCsv, toCsv } from './billing.csv';
import { billingRepository as repo } from './billing.repository';

export type UsageRefusal = { line: number; sourceRecordId: string | null; field: string; reason: string };

const USAGE_COLUMNS = ['source_record_id', 'booking_id', 'item_id', 'month', 'quantity'] as const;

/** A refused import: 400 with one field message per refused row, `line.N.field`. */
function refused(list: UsageRefusal[]) {
  return new HttpProblem(400, 'usage_refused', 'Some usage records were refused; nothing was imported', {
    errors: list.map((r) => ({
      field: `line.${r.line}.${r.field}`,
      message: r.sourceRecordId ? `${r.sourceRecordId}: ${r.reason}` : r.reason,
      code: 'usage_refused',
    })),
  });
}

function actorId(ctx: RequestContext): string | null {
  return ctx.actor?.userId ?? null;
}

/**
 * Usage import (CSV and API), the bookkeeping export and tariff price changes: the billing
 * inputs and outputs that are not about one account's documents.
 */
export function createUsageService(db: Database) {
  /**
   * Imports usage records, all or nothing: every row is checked (booking, usage item of a tariff
   * the booking has in that month, month, quantity); a record whose source id was imported before
   * with the same values is left as it is, with other values it is refused.
   */
  async function importRecords(
    ctx: RequestContext,
    raw: { line: number; record: unknown }[],
    via: 'csv' | 'api',
  ): Promise<{ imported: number; unchanged: number }> {
    const refusals: UsageRefusal[] = [];
    const valid: { line: number; r: ReturnType<typeof usageRecordInput.parse> }[] = [];
    const seen = new Map<string, number>();
    for (const { line, record } of raw) {
      const parsed = usageRecordInput.safeParse(record);
      const sourceId =
        typeof (record as { sourceRecordId?: unknown })?.sourceRecordId === 'string'
          ? (record as { sourceRecordId: string }).sourceRecordId
          : null;
      if (!parsed.success) {
        for (const issue of parsed.error.issues)
          refusals.push({
            line,
            sourceRecordId: sourceId,
            field: issue.path.join('.') || 'record',
            reason: issue.message,
          });
        continue;
      }
      const first = seen.get(parsed.data.sourceRecordId);
      if (first !== undefined) {
        refusals.push({
          line,
          sourceRecordId: sourceId,
          field: 'sourceRecordId',
          reason: `The same source record id is on line ${first} already`,
        });
        continue;
      }
      seen.set(parsed.data.sourceRecordId, line);
      valid.push({ line, r: parsed.data });
    }
    return db.tenant(ctx.tenantId, async (tx) => {
      const bookingRows = await repo.bookingsByIds(tx, ctx.tenantId, [
        ...new Set(valid.map((v) => v.r.bookingId)),
      ]);
      const periods = await repo.periodsOfBookings(
        tx,
        ctx.tenantId,
        bookingRows.map((b) => b.id),
      );
      const items = await repo.itemsByIds(tx, ctx.tenantId, [...new Set(valid.map((v) => v.r.itemId))]);
      const existing = await repo.usageBySourceIds(
        tx,
        ctx.tenantId,
        valid.map((v) => v.r.sourceRecordId),
      );
      const rows = [];
      let unchanged = 0;
      for (const { line, r } of valid) {
        const refuse = (field: string, reason: string) =>
          refusals.push({ line, sourceRecordId: r.sourceRecordId, field, reason });
        const booking = bookingRows.find((b) => b.id === r.bookingId);
        if (!booking) {
          refuse('bookingId', 'No such booking');
          continue;
        }
        const item = items.find((i) => i.id === r.itemId);
        if (item?.key !== 'usage') {
          refuse('itemId', 'No such usage item');
          continue;
        }
        const monthFirst = `${r.month}-01`;
        const monthLast = `${r.month}-31`;
        const end = booking.endDate;
        const covered = periods.some(
          (p) =>
            p.bookingId === booking.id &&
            p.tariffId === item.tariffId &&
            p.startDate <= monthLast &&
            (p.endDate === null || p.endDate >= monthFirst) &&
            (end === null || end >= monthFirst),
        );
        if (!covered) {
          refuse('month', 'The booking does not have this usage item in that month');
          continue;
        }
        const before = existing.find((e) => e.sourceRecordId === r.sourceRecordId);
        if (before) {
          const same =
            before.bookingId === r.bookingId &&
            before.itemId === r.itemId &&
            before.month === r.month &&
            Number(before.quantity) === Number(r.quantity);
          if (same) unchanged++;
          else refuse('sourceRecordId', 'This source record id was imported before with other values');
          continue;
        }
        rows.push({
          tenantId: ctx.tenantId,
          bookingId: r.bookingId,
          itemId: r.itemId,
          month: r.month,
          quantity: r.quantity,
          sourceRecordId: r.sourceRecordId,
          importedVia: via,
          importedById: actorId(ctx),
          createdAt: ctx.now,
        });
      }
      if (refusals.length) throw refused(refusals.sort((a, b) => a.line - b.line));
      const imported = await repo.insertUsage(tx, rows);
      unchanged += rows.length - imported;
      await recordAudit(tx, ctx, {
        action: 'billing.usage_imported',
        entityType: 'usage_import',
        entityId: ctx.requestId,
        after: { via, records: raw.length, imported, unchanged },
      });
      return { imported, unchanged };
    });
  }

  async function importCsv(ctx: RequestContext, text: string) {
    const parsed = parseCsv(text, USAGE_COLUMNS);
    if (!parsed.ok)
      throw refused([{ line: parsed.line, sourceRecordId: null, field: 'file', reason: parsed.reason }]);
    if (parsed.rows.length === 0)
      throw refused([{ line: 2, sourceRecordId: null, field: 'file', reason: 'The file has no records' }]);
    return importRecords(
      ctx,
      parsed.rows.map((row) => ({
        line: row.line,
        record: {
          sourceRecordId: row.values.source_record_id,
          bookingId: row.values.booking_id,
          itemId: row.values.item_id,
          month: row.values.month,
          quantity: row.values.quantity,
        },
      })),
      'csv',
    );
  }

  async function importApi(ctx: RequestContext, records: unknown[]) {
    return importRecords(
      ctx,
      records.map((record, i) => ({ line: i + 1, record })),
      'api',
    );
  }

  /** Issued documents of [from, to] of non-test accounts: one row per document and VAT rate. */
  async function exportDocuments(ctx: RequestContext, range: { from: string; to: string }): Promise<string> {
    if (range.to < range.from)
      throw problems.badRequest('validation_failed', 'The period ends before it starts', [
        { field: 'to', message: 'Choose a date on or after the start', code: 'end_before_start' },
      ]);
    const rows = await db.tenant(ctx.tenantId, (tx) =>
      repo.exportDocuments(tx, ctx.tenantId, range.from, range.to),
    );
    const out: string[][] = [];
    for (const { document: d, accountName, customerNumber } of rows) {
      const amount = (minor: number) => moneyToDecimalString({ amountMinor: minor, currency: d.currency });
      const rates = d.data.totals.perRate.length
        ? d.data.totals.perRate
        : [{ vatRate: '0', net: 0, vat: 0, gross: 0 }];
      for (const r of rates)
        out.push([
          d.number,
          d.issueDate,
          accountName,
          customerNumber ?? '',
          r.vatRate,
          amount(r.net),
          amount(r.vat),
          amount(r.gross),
          d.currency,
          d.kind,
          d.data.corrects?.number ?? '',
        ]);
    }
    return toCsv(
      [
        'number',
        'date',
        'account',
        'customer_number',
        'vat_rate',
        'net',
        'vat',
        'gross',
        'currency',
        'type',
        'corrects',
      ],
      out,
    );
  }

  async function priceChanges(ctx: RequestContext, itemId: string): Promise<{ items: PriceChangeDto[] }> {
    return db.tenant(ctx.tenantId, async (tx) => {
      const found = await repo.findItemWithTariff(tx, ctx.tenantId, itemId);
      if (!found) throw problems.notFound('Tariff item');
      const list = await repo.priceChangesOfItem(tx, ctx.tenantId, itemId);
      const tenant = await repo.tenant(tx, ctx.tenantId);
      const lang = (tenant?.defaultLocale ?? 'nl') as 'nl' | 'de' | 'en';
      return {
        items: list.map((p) => ({
          id: p.id,
          itemId: p.itemId,
          itemTitle: textIn(found.item.title, lang),
          tariffTitle: textIn(found.tariff.title, lang),
          validFrom: p.validFrom,
          unitPrice: trimDecimal(p.unitPrice, 2),
          previousUnitPrice: trimDecimal(p.previousUnitPrice, 2),
        })),
      };
    });
  }

  /**
   * Announces a new price of a tariff item from a date (today or later): charges whose service
   * period starts on or after it use the new price; earlier ones keep the old one.
   */
  async function announcePriceChange(
    ctx: RequestContext,
    itemId: string,
    input: { unitPrice: string; validFrom: string },
  ) {
    if (input.validFrom < ctx.today)
      throw problems.badRequest('validation_failed', 'A price change takes effect today or later', [
        { field: 'validFrom', message: 'Choose today or a later date', code: 'date_in_past' },
      ]);
    await db.tenant(ctx.tenantId, async (tx) => {
      const found = await repo.findItemWithTariff(tx, ctx.tenantId, itemId);
      if (!found) throw problems.notFound('Tariff item');
      if (found.item.key === 'manual')
        throw problems.badRequest('validation_failed', 'Manual items have no price list entry', [
          { field: 'unitPrice', message: 'Manual items have no price', code: 'manual_item' },
        ]);
      const list = await repo.priceChangesOfItem(tx, ctx.tenantId, itemId);
      const previous =
        list.filter((p) => p.validFrom < input.validFrom).at(-1)?.unitPrice ?? found.item.unitPrice;
      const saved = await repo.insertPriceChange(tx, {
        tenantId: ctx.tenantId,
        itemId,
        validFrom: input.validFrom,
        unitPrice: input.unitPrice,
        previousUnitPrice: previous,
        createdById: actorId(ctx),
        createdAt: ctx.now,
      });
      await recordAudit(tx, ctx, {
        action: 'catalog.price_change_announced',
        entityType: 'tariff_item',
        entityId: itemId,
        before: { unitPrice: previous },
        after: { unitPrice: saved.unitPrice, validFrom: saved.validFrom },
      });
    });
    return priceChanges(ctx, itemId);
  }

  return { importCsv, importApi, exportDocuments, priceChanges, announcePriceChange };
}

export type UsageService = ReturnType<typeof createUsageService>;
