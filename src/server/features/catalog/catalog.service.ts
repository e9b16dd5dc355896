import Decimal from 'decimal.js';
import type { z } from 'zod';
import {
  consumerRuleIssues,
  DomainError,
  earliestEnd,
  isDomainError,
  parseUnitPrice,
  parseVatRate,
  validateTerminationRule,
} from '../../../domain';
import type { Actor } from '../../../shared/permissions';
import type {
  LocalizedText,
  ModuleDto,
  moduleBody,
  moduleUpdateBody,
  TariffDto,
  TariffItemDto,
  TerminationPreview,
  tariffBody,
  tariffItemBody,
  tariffItemUpdateBody,
  tariffUpdateBody,
  terminationPreviewBody,
} from '../../../shared/schemas';
import { describeTerminationRuleInAll, terminationPresetOf } from '../../../shared/termination-text';
import type { RequestContext } from '../../context';
import type { Database, Tx } from '../../db/client';
import { type FieldError, problems } from '../../problem';
import { recordAudit } from '../audit/audit.repository';
import { auditViewOf, noBookings, presentItem, presentModule, presentTariff } from './catalog.presenter';
import {
  catalogRepository as repo,
  type TariffItemRow,
  type TariffItemValues,
  type TariffRow,
  type TariffValues,
} from './catalog.repository';
import { newOfferNumber } from './offer-numbers';

type ModuleInput = z.output<typeof moduleBody>;
type ModuleUpdate = z.output<typeof moduleUpdateBody>;
type TariffInput = z.output<typeof tariffBody>;
type TariffUpdate = z.output<typeof tariffUpdateBody>;
type ItemInput = z.output<typeof tariffItemBody>;
type ItemUpdate = z.output<typeof tariffItemUpdateBody>;
type PreviewInput = z.output<typeof terminationPreviewBody>;

/** Suffix of a copied tariff's title, per language. */
const COPY_SUFFIX = { nl: ' (kopie)', de: ' (Kopie)', en: ' (copy)' } as const;
const OFFER_NUMBER_ATTEMPTS = 5;

// ---------------------------------------------------------------------------------------------
// Validation beyond the request shape: the domain core decides what a valid rule, price and rate is.
// ---------------------------------------------------------------------------------------------

function domainCheck(errors: FieldError[], field: string, check: () => unknown): void {
  try {
    check();
  } catch (error) {
    if (!isDomainError(error)) throw error;
    errors.push({ field, message: error.message, code: error.code });
  }
}

function ruleErrors(errors: FieldError[], field: string, rule: unknown): void {
  for (const issue of validateTerminationRule(rule))
    errors.push({
      field: issue.field ? `${field}.${issue.field}` : field,
      message: issue.message,
      code: issue.code,
    });
}

function tariffErrors(input: TariffInput): FieldError[] {
  const errors: FieldError[] = [];
  ruleErrors(errors, 'terminationRule', input.terminationRule);
  // A tariff consumers may order must follow §309 Nr. 9 BGB; business-only tariffs are free.
  if (!input.businessOnly && errors.length === 0)
    for (const issue of consumerRuleIssues(input.terminationRule))
      errors.push({ field: `terminationRule.${issue.field}`, message: issue.message, code: issue.code });
  domainCheck(errors, 'vatRate', () => parseVatRate(input.vatRate));
  const minimum = input.minimumTurnover;
  if (minimum !== null)
    domainCheck(errors, 'minimumTurnover', () => parseUnitPrice(minimum, { field: 'minimumTurnover' }));
  return errors;
}

function itemErrors(input: ItemInput, prefix: string): FieldError[] {
  const errors: FieldError[] = [];
  domainCheck(errors, `${prefix}unitPrice`, () => parseUnitPrice(input.unitPrice));
  const rate = input.vatRate;
  if (rate !== null) domainCheck(errors, `${prefix}vatRate`, () => parseVatRate(rate));
  if (input.terminationRule !== null) ruleErrors(errors, `${prefix}terminationRule`, input.terminationRule);
  return errors;
}

function refuseInvalid(errors: FieldError[], what: string): void {
  if (errors.length > 0) throw problems.badRequest('validation_failed', `The ${what} is invalid`, errors);
}

const noFlaggedItem = (field: string): FieldError => ({
  field,
  message: 'A minimum turnover needs at least one item flagged for it; flag an item first',
  code: 'no_flagged_item',
});

function tariffValues(input: TariffInput, offerNumber: string | null): TariffValues {
  return {
    title: input.title,
    isPublic: input.isPublic,
    offerNumber,
    displayOrder: input.displayOrder,
    vatRate: input.vatRate,
    terminationRule: input.terminationRule,
    minimumTurnover: input.minimumTurnover,
    businessOnly: input.businessOnly,
  };
}

function itemValues(input: ItemInput): TariffItemValues {
  return {
    title: input.title,
    key: input.key,
    unitPrice: input.unitPrice,
    billingMode: input.billingMode,
    vatRate: input.vatRate,
    minimumTurnoverFlag: input.minimumTurnoverFlag,
    unit: input.unit,
    terminationRule: input.terminationRule,
    position: input.position,
  };
}

function withCopySuffix(title: LocalizedText): LocalizedText {
  const out: LocalizedText = {};
  for (const lang of ['nl', 'de', 'en'] as const) {
    const text = title[lang];
    if (text) out[lang] = `${text}${COPY_SUFFIX[lang]}`;
  }
  return out;
}

/** The PostgreSQL error behind a driver error (drizzle wraps it as the cause). */
function pgError(error: unknown): { code?: string; constraint?: string; message?: string } | undefined {
  let current = error as { code?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; current && depth < 5; depth++) {
    if (typeof current.code === 'string' && /^[0-9A-Z]{5}$/.test(current.code))
      return current as { code: string; constraint?: string; message?: string };
    current = current.cause as typeof current;
  }
  return undefined;
}

function isViolation(error: unknown, code: '23505' | '23503', constraint: string): boolean {
  const pg = pgError(error);
  return pg?.code === code && (pg.constraint === constraint || (pg.message ?? '').includes(constraint));
}

function tariffInUse(bookings: number, doing: string) {
  return problems.conflict(
    'tariff_in_use',
    `This tariff is used by ${bookings} ${bookings === 1 ? 'booking' : 'bookings'}: ${doing}`,
  );
}

function actorOf(ctx: RequestContext): Actor {
  if (!ctx.actor) throw problems.unauthorized();
  return ctx.actor;
}

export type CatalogServiceOptions = {
  /** Source of offer numbers (tests inject collisions). */
  newOfferNumber?: () => string;
};

export function createCatalogService(db: Database, options: CatalogServiceOptions = {}) {
  const generateOfferNumber = options.newOfferNumber ?? newOfferNumber;

  /**
   * Runs a write that stores a new offer number in a savepoint, retrying with another number when
   * the tenant already has it (the unique index decides, so concurrent requests cannot both win).
   */
  async function withFreshOfferNumber<T>(
    tx: Tx,
    write: (sp: Tx, offerNumber: string) => Promise<T>,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const candidate = generateOfferNumber();
      try {
        return await tx.transaction((sp) => write(sp, candidate));
      } catch (error) {
        if (attempt < OFFER_NUMBER_ATTEMPTS && isViolation(error, '23505', 'tariffs_offer_number')) continue;
        throw error;
      }
    }
  }

  async function tariffDto(tx: Tx, ctx: RequestContext, row: TariffRow): Promise<TariffDto> {
    const items = await repo.itemsOf(tx, ctx.tenantId, [row.id]);
    const bookings = await repo.bookingCounts(tx, ctx.tenantId, [row.id], ctx.today);
    return presentTariff(actorOf(ctx), row, items.get(row.id) ?? [], bookings.get(row.id) ?? noBookings);
  }

  /** How many bookings ever used the tariff: any of them makes its items' kind, mode and price fixed. */
  async function bookingCountOf(tx: Tx, ctx: RequestContext, tariffId: string): Promise<number> {
    return (await repo.bookingCounts(tx, ctx.tenantId, [tariffId], ctx.today)).get(tariffId)?.all ?? 0;
  }

  async function lockTariff(tx: Tx, tenantId: string, id: string): Promise<TariffRow> {
    const tariff = await repo.findTariff(tx, tenantId, id, { forUpdate: true });
    if (!tariff) throw problems.notFound('Tariff');
    return tariff;
  }

  // ---- modules ------------------------------------------------------------------------------

  async function listModules(ctx: RequestContext): Promise<ModuleDto[]> {
    const actor = actorOf(ctx);
    return db.tenant(ctx.tenantId, async (tx) => {
      const rows = await repo.listModules(tx, ctx.tenantId);
      return rows.map((r) => presentModule(actor, r.module, r.counts));
    });
  }

  async function getModule(ctx: RequestContext, id: string): Promise<ModuleDto> {
    const actor = actorOf(ctx);
    return db.tenant(ctx.tenantId, async (tx) => {
      const row = await repo.findModule(tx, ctx.tenantId, id);
      if (!row) throw problems.notFound('Module');
      return presentModule(actor, row, await repo.moduleCounts(tx, ctx.tenantId, id));
    });
  }

  async function createModule(ctx: RequestContext, input: ModuleInput): Promise<ModuleDto> {
    const actor = actorOf(ctx);
    return db.tenant(ctx.tenantId, async (tx) => {
      const row = await repo.insertModule(tx, ctx.tenantId, input, ctx.now);
      await recordAudit(tx, ctx, {
        action: 'module.created',
        entityType: 'module',
        entityId: row.id,
        after: auditViewOf(row),
      });
      return presentModule(actor, row, { tariffCount: 0, publicTariffCount: 0 });
    });
  }

  /**
   * Replaces name, description, fields and status. Field definitions only describe what bookings
   * carry: values stay in bookings.module_data even when a field is removed or renamed.
   */
  async function updateModule(ctx: RequestContext, id: string, input: ModuleUpdate): Promise<ModuleDto> {
    const actor = actorOf(ctx);
    return db.tenant(ctx.tenantId, async (tx) => {
      const current = await repo.findModule(tx, ctx.tenantId, id, { forUpdate: true });
      if (!current) throw problems.notFound('Module');
      const counts = await repo.moduleCounts(tx, ctx.tenantId, id);
      const { version, ...values } = input;
      const updated =
        current.version === version
          ? await repo.updateModule(tx, ctx.tenantId, id, version, values)
          : undefined;
      if (!updated) throw problems.staleVersion(presentModule(actor, current, counts));
      await recordAudit(tx, ctx, {
        action: 'module.updated',
        entityType: 'module',
        entityId: id,
        before: auditViewOf(current),
        after: auditViewOf(updated),
      });
      return presentModule(actor, updated, counts);
    });
  }

  // ---- tariffs ------------------------------------------------------------------------------

  async function listTariffs(ctx: RequestContext, moduleId: string): Promise<TariffDto[]> {
    const actor = actorOf(ctx);
    return db.tenant(ctx.tenantId, async (tx) => {
      if (!(await repo.findModule(tx, ctx.tenantId, moduleId))) throw problems.notFound('Module');
      const rows = await repo.listTariffs(tx, ctx.tenantId, moduleId);
      const ids = rows.map((r) => r.id);
      const items = await repo.itemsOf(tx, ctx.tenantId, ids);
      const bookings = await repo.bookingCounts(tx, ctx.tenantId, ids, ctx.today);
      return rows.map((r) =>
        presentTariff(actor, r, items.get(r.id) ?? [], bookings.get(r.id) ?? noBookings),
      );
    });
  }

  async function getTariff(ctx: RequestContext, id: string): Promise<TariffDto> {
    return db.tenant(ctx.tenantId, async (tx) => {
      const row = await repo.findTariff(tx, ctx.tenantId, id);
      if (!row) throw problems.notFound('Tariff');
      return tariffDto(tx, ctx, row);
    });
  }

  /** A new tariff has no items yet, so it cannot have a minimum turnover (flag an item first). */
  async function createTariff(ctx: RequestContext, moduleId: string, input: TariffInput): Promise<TariffDto> {
    const errors = tariffErrors(input);
    if (input.minimumTurnover !== null) errors.push(noFlaggedItem('minimumTurnover'));
    refuseInvalid(errors, 'tariff');
    return db.tenant(ctx.tenantId, async (tx) => {
      if (!(await repo.findModule(tx, ctx.tenantId, moduleId))) throw problems.notFound('Module');
      const row = input.isPublic
        ? await repo.insertTariff(tx, ctx.tenantId, moduleId, tariffValues(input, null), ctx.now)
        : await withFreshOfferNumber(tx, (sp, offerNumber) =>
            repo.insertTariff(sp, ctx.tenantId, moduleId, tariffValues(input, offerNumber), ctx.now),
          );
      await recordAudit(tx, ctx, {
        action: 'tariff.created',
        entityType: 'tariff',
        entityId: row.id,
        after: auditViewOf(row),
      });
      return tariffDto(tx, ctx, row);
    });
  }

  /**
   * Replaces the tariff's settings. A tariff that becomes non-public gets an offer number once; it
   * keeps it when it becomes public again (and it works again should it return to non-public).
   */
  async function updateTariff(ctx: RequestContext, id: string, input: TariffUpdate): Promise<TariffDto> {
    refuseInvalid(tariffErrors(input), 'tariff');
    return db.tenant(ctx.tenantId, async (tx) => {
      const current = await lockTariff(tx, ctx.tenantId, id);
      if (current.version !== input.version) throw problems.staleVersion(await tariffDto(tx, ctx, current));
      if (input.minimumTurnover !== null) {
        const items = (await repo.itemsOf(tx, ctx.tenantId, [id])).get(id) ?? [];
        if (!items.some((i) => i.minimumTurnoverFlag))
          refuseInvalid([noFlaggedItem('minimumTurnover')], 'tariff');
      }
      const needsNumber = !input.isPublic && current.offerNumber === null;
      const updated = needsNumber
        ? await withFreshOfferNumber(tx, (sp, offerNumber) =>
            repo.updateTariff(sp, ctx.tenantId, id, input.version, tariffValues(input, offerNumber)),
          )
        : await repo.updateTariff(
            tx,
            ctx.tenantId,
            id,
            input.version,
            tariffValues(input, current.offerNumber),
          );
      if (!updated) throw problems.staleVersion(await tariffDto(tx, ctx, current));
      await recordAudit(tx, ctx, {
        action: 'tariff.updated',
        entityType: 'tariff',
        entityId: id,
        before: auditViewOf(current),
        after: auditViewOf(updated),
      });
      return tariffDto(tx, ctx, updated);
    });
  }

  /**
   * Publishes a tariff: from now on it is orderable (when public, or with its offer number). A
   * tariff without items is refused (its price list would be empty). Guarded by the version read.
   */
  async function publishTariff(ctx: RequestContext, id: string, version: number): Promise<TariffDto> {
    return setPublished(ctx, id, version, true);
  }

  /** Unpublishes a tariff: no new orders; its bookings go on unchanged. */
  async function unpublishTariff(ctx: RequestContext, id: string, version: number): Promise<TariffDto> {
    return setPublished(ctx, id, version, false);
  }

  async function setPublished(
    ctx: RequestContext,
    id: string,
    version: number,
    publish: boolean,
  ): Promise<TariffDto> {
    return db.tenant(ctx.tenantId, async (tx) => {
      const current = await lockTariff(tx, ctx.tenantId, id);
      if (current.version !== version) throw problems.staleVersion(await tariffDto(tx, ctx, current));
      if (publish && current.publishedAt !== null) return tariffDto(tx, ctx, current);
      if (!publish && current.publishedAt === null) return tariffDto(tx, ctx, current);
      if (publish && ((await repo.itemsOf(tx, ctx.tenantId, [id])).get(id) ?? []).length === 0)
        refuseInvalid(
          [
            {
              field: 'items',
              message: 'Add at least one item before publishing: a tariff without items has no prices',
              code: 'no_items',
            },
          ],
          'tariff',
        );
      const updated = await repo.setTariffPublished(tx, ctx.tenantId, id, publish ? ctx.now : null);
      await recordAudit(tx, ctx, {
        action: publish ? 'tariff.published' : 'tariff.unpublished',
        entityType: 'tariff',
        entityId: id,
        before: { publishedAt: current.publishedAt?.toISOString() ?? null },
        after: { publishedAt: updated.publishedAt?.toISOString() ?? null },
      });
      return tariffDto(tx, ctx, updated);
    });
  }

  /** Deletes a tariff (and its items) that no booking ever used. */
  async function deleteTariff(ctx: RequestContext, id: string): Promise<void> {
    await db.tenant(ctx.tenantId, async (tx) => {
      const current = await lockTariff(tx, ctx.tenantId, id);
      const used = await bookingCountOf(tx, ctx, id);
      if (used > 0) throw tariffInUse(used, 'it cannot be deleted. Make it non-public to stop new orders.');
      const items = (await repo.itemsOf(tx, ctx.tenantId, [id])).get(id) ?? [];
      try {
        await tx.transaction((sp) => repo.deleteTariff(sp, ctx.tenantId, id));
      } catch (error) {
        // A booking made in the meantime: the foreign key refuses, and so do we.
        if (isViolation(error, '23503', 'booking_tariff_periods'))
          throw tariffInUse(await bookingCountOf(tx, ctx, id), 'it cannot be deleted.');
        throw error;
      }
      await recordAudit(tx, ctx, {
        action: 'tariff.deleted',
        entityType: 'tariff',
        entityId: id,
        before: { ...auditViewOf(current), items: items.map(auditViewOf) },
      });
    });
  }

  /**
   * Copies a tariff with its items into the same module. The copy is non-public (with a new offer
   * number) so that it does not appear on the order page before the operator has reviewed it.
   */
  async function copyTariff(ctx: RequestContext, id: string): Promise<TariffDto> {
    return db.tenant(ctx.tenantId, async (tx) => {
      const source = await repo.findTariff(tx, ctx.tenantId, id);
      if (!source) throw problems.notFound('Tariff');
      const sourceItems = (await repo.itemsOf(tx, ctx.tenantId, [id])).get(id) ?? [];
      const values: Omit<TariffValues, 'offerNumber'> = {
        title: withCopySuffix(source.title),
        isPublic: false,
        displayOrder: source.displayOrder,
        vatRate: source.vatRate,
        terminationRule: source.terminationRule,
        minimumTurnover: source.minimumTurnover,
        businessOnly: source.businessOnly,
      };
      const copy = await withFreshOfferNumber(tx, (sp, offerNumber) =>
        repo.insertTariff(sp, ctx.tenantId, source.moduleId, { ...values, offerNumber }, ctx.now),
      );
      const items = await repo.insertItems(
        tx,
        ctx.tenantId,
        copy.id,
        sourceItems.map((i) => itemValuesOf(i)),
        ctx.now,
      );
      await recordAudit(tx, ctx, {
        action: 'tariff.copied',
        entityType: 'tariff',
        entityId: copy.id,
        after: { ...auditViewOf(copy), copiedFrom: id, items: items.map(auditViewOf) },
      });
      return presentTariff(actorOf(ctx), copy, items, noBookings);
    });
  }

  // ---- items --------------------------------------------------------------------------------

  async function addItem(ctx: RequestContext, tariffId: string, input: ItemInput): Promise<TariffItemDto> {
    refuseInvalid(itemErrors(input, ''), 'item');
    return db.tenant(ctx.tenantId, async (tx) => {
      await lockTariff(tx, ctx.tenantId, tariffId);
      const [row] = await repo.insertItems(tx, ctx.tenantId, tariffId, [itemValues(input)], ctx.now);
      if (!row) throw new Error('item not inserted');
      const used = await bookingCountOf(tx, ctx, tariffId);
      await recordAudit(tx, ctx, {
        action: 'tariff_item.created',
        entityType: 'tariff_item',
        entityId: row.id,
        after: auditViewOf(row),
      });
      return presentItem(actorOf(ctx), row, used);
    });
  }

  /** Loads an item and locks its tariff (minimum turnover and "in use" are checked per tariff). */
  async function lockItem(tx: Tx, tenantId: string, itemId: string) {
    const item = await repo.findItem(tx, tenantId, itemId);
    if (!item) throw problems.notFound('Item');
    const tariff = await lockTariff(tx, tenantId, item.tariffId);
    const siblings = (await repo.itemsOf(tx, tenantId, [tariff.id])).get(tariff.id) ?? [];
    const isLastFlagged =
      item.minimumTurnoverFlag && siblings.filter((i) => i.minimumTurnoverFlag).length === 1;
    return { item, tariff, isLastFlagged };
  }

  /**
   * Changes an item. On a tariff in use, titles, VAT and flags may change; the price may not (it
   * changes from a chosen date through the item's price changes, so earlier periods keep the old
   * price), nor may the kind (key) and billing mode, as charges already issued were computed by them.
   */
  async function updateItem(ctx: RequestContext, itemId: string, input: ItemUpdate): Promise<TariffItemDto> {
    refuseInvalid(itemErrors(input.item, 'item.'), 'item');
    return db.tenant(ctx.tenantId, async (tx) => {
      const { item, tariff, isLastFlagged } = await lockItem(tx, ctx.tenantId, itemId);
      const used = await bookingCountOf(tx, ctx, tariff.id);
      const present = (row: typeof item) => presentItem(actorOf(ctx), row, used);
      if (item.version !== input.version) throw problems.staleVersion(present(item));
      if (tariff.minimumTurnover !== null && isLastFlagged && !input.item.minimumTurnoverFlag)
        refuseInvalid(
          [
            {
              field: 'item.minimumTurnoverFlag',
              message:
                'This is the only item flagged for the minimum turnover of its tariff; remove the minimum turnover first',
              code: 'last_flagged_item',
            },
          ],
          'item',
        );
      const priceChanged = !new Decimal(input.item.unitPrice).equals(new Decimal(item.unitPrice));
      if (input.item.key !== item.key || input.item.billingMode !== item.billingMode || priceChanged) {
        if (used > 0 && priceChanged)
          throw problems.conflict(
            'price_change_required',
            `This tariff is used by ${used} ${used === 1 ? 'booking' : 'bookings'}: change the price from a date through its price changes (POST /api/v1/staff/tariff-items/${itemId}/price-changes)`,
          );
        if (used > 0) throw tariffInUse(used, 'the kind and billing mode of its items cannot change.');
      }
      const updated = await repo.updateItem(tx, ctx.tenantId, itemId, input.version, itemValues(input.item));
      if (!updated) throw problems.staleVersion(present(item));
      await recordAudit(tx, ctx, {
        action: 'tariff_item.updated',
        entityType: 'tariff_item',
        entityId: itemId,
        before: auditViewOf(item),
        after: auditViewOf(updated),
      });
      return present(updated);
    });
  }

  async function deleteItem(ctx: RequestContext, itemId: string): Promise<void> {
    await db.tenant(ctx.tenantId, async (tx) => {
      const { item, tariff, isLastFlagged } = await lockItem(tx, ctx.tenantId, itemId);
      const used = await bookingCountOf(tx, ctx, tariff.id);
      if (used > 0) throw tariffInUse(used, 'its items cannot be deleted.');
      if (tariff.minimumTurnover !== null && isLastFlagged)
        throw problems.conflict(
          'minimum_turnover_needs_flagged_item',
          'This is the only item flagged for the minimum turnover of its tariff; remove the minimum turnover first',
        );
      await repo.deleteItem(tx, ctx.tenantId, itemId);
      await recordAudit(tx, ctx, {
        action: 'tariff_item.deleted',
        entityType: 'tariff_item',
        entityId: itemId,
        before: auditViewOf(item),
      });
    });
  }

  // ---- termination rule preview -------------------------------------------------------------

  /** Explains a rule for the tariff form: problems, the rule in words, and "ordered today, cancelled today". */
  function previewTerminationRule(ctx: RequestContext, input: PreviewInput): TerminationPreview {
    const found = validateTerminationRule(input.rule).map((i) => ({
      field: i.field,
      code: i.code,
      message: i.message,
    }));
    if (found.length > 0) return { problems: found, preset: null, description: null, example: null };
    const today = input.today ?? ctx.today;
    try {
      const end = earliestEnd(input.rule, today, today);
      return {
        problems: [],
        preset: terminationPresetOf(input.rule),
        description: describeTerminationRuleInAll(input.rule),
        example: {
          orderedOn: today,
          cancelledOn: today,
          earliestEnd: end.end,
          lastDayToCancel: end.lastDayToCancel,
        },
      };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return {
        problems: [{ field: 'today', code: error.code, message: error.message }],
        preset: terminationPresetOf(input.rule),
        description: describeTerminationRuleInAll(input.rule),
        example: null,
      };
    }
  }

  return {
    listModules,
    getModule,
    createModule,
    updateModule,
    listTariffs,
    getTariff,
    createTariff,
    updateTariff,
    deleteTariff,
    publishTariff,
    unpublishTariff,
    copyTariff,
    addItem,
    updateItem,
    deleteItem,
    previewTerminationRule,
  };
}

function itemValuesOf(row: TariffItemRow): TariffItemValues {
  return {
    title: row.title,
    key: row.key,
    unitPrice: row.unitPrice,
    billingMode: row.billingMode,
    vatRate: row.vatRate,
    minimumTurnoverFlag: row.minimumTurnoverFlag,
    unit: row.unit,
    terminationRule: row.terminationRule,
    position: row.position,
  };
}

export type CatalogService = ReturnType<typeof createCatalogService>;
