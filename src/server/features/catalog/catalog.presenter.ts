import { formatDecimal6, normalizeVatRate, parseUnitPrice } from '../../../domain';
import { type Action, type Actor, abilitiesFor, can } from '../../../shared/permissions';
import type { ModuleDto, TariffDto, TariffItemDto } from '../../../shared/schemas';
import type {
  ModuleCounts,
  ModuleRow,
  TariffBookingCounts,
  TariffItemRow,
  TariffRow,
} from './catalog.repository';

const catalogActions = ['catalog.manage'] as const satisfies readonly Action[];

/** A stored decimal (numeric(18,6) comes back as "29.900000") in canonical form with at least 2 places. */
export function presentAmount(value: string): string {
  return formatDecimal6(parseUnitPrice(value), 2);
}

export function presentModule(actor: Actor, row: ModuleRow, counts: ModuleCounts): ModuleDto {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    fields: row.fields,
    status: row.status,
    tariffCount: counts.tariffCount,
    publicTariffCount: counts.publicTariffCount,
    version: row.version,
    abilities: abilitiesFor(actor, catalogActions),
  };
}

/** A tariff no booking ever used (a new one, a copy). */
export const noBookings: TariffBookingCounts = { all: 0, current: 0 };

/**
 * An item with what the actor may do with it. On a tariff in use (bookingCount > 0) titles, VAT and
 * flags may change; the price only from a date (`item.changePrice`, the item's price changes), not
 * in place (`item.editPrice`); the kind and billing mode not at all; and the item cannot be deleted.
 * Manual items have no price list entry, so no price change from a date.
 */
export function presentItem(actor: Actor, row: TariffItemRow, bookingCount: number): TariffItemDto {
  const manage = can(actor, 'catalog.manage');
  return {
    id: row.id,
    title: row.title,
    key: row.key,
    unitPrice: presentAmount(row.unitPrice),
    billingMode: row.billingMode,
    vatRate: row.vatRate === null ? null : normalizeVatRate(row.vatRate),
    minimumTurnoverFlag: row.minimumTurnoverFlag,
    unit: (row.unit ?? null) as TariffItemDto['unit'],
    terminationRule: row.terminationRule ?? null,
    position: row.position,
    version: row.version,
    abilities: {
      'item.edit': manage,
      'item.editPrice': manage && bookingCount === 0,
      'item.changePrice': manage && row.key !== 'manual',
      'item.changeKind': manage && bookingCount === 0,
      'item.delete': manage && bookingCount === 0,
    },
  };
}

/**
 * A tariff as staff see it (with its offer number). `tariff.delete` adds the state to the matrix:
 * a tariff that any booking ever used cannot be deleted; `tariff.publish`/`tariff.unpublish` say
 * which of the two the tariff offers (publishing also needs an item, checked when asked).
 */
export function presentTariff(
  actor: Actor,
  row: TariffRow,
  items: TariffItemRow[],
  bookings: TariffBookingCounts,
): TariffDto {
  const bookingCount = bookings.all;
  const manage = can(actor, 'catalog.manage');
  return {
    id: row.id,
    moduleId: row.moduleId,
    title: row.title,
    isPublic: row.isPublic,
    offerNumber: row.offerNumber,
    displayOrder: row.displayOrder,
    vatRate: normalizeVatRate(row.vatRate),
    terminationRule: row.terminationRule,
    minimumTurnover: row.minimumTurnover === null ? null : presentAmount(row.minimumTurnover),
    businessOnly: row.businessOnly,
    items: items.map((item) => presentItem(actor, item, bookingCount)),
    inUse: bookingCount > 0,
    bookingCount,
    currentBookingCount: bookings.current,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    version: row.version,
    abilities: {
      'catalog.manage': manage,
      'tariff.delete': manage && bookingCount === 0,
      'tariff.publish': manage && row.publishedAt === null,
      'tariff.unpublish': manage && row.publishedAt !== null,
    },
  };
}

/** What the audit log keeps of a module, tariff or item: the row without tenant and timestamps. */
export function auditViewOf<T extends { tenantId: string; createdAt: Date }>(row: T) {
  const { tenantId: _t, createdAt: _c, ...rest } = row;
  return rest;
}
