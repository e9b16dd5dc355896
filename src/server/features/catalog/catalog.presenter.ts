import { formatDecimal6, normalizeVatRate, parseUnitPrice } from '../../../domain';
import { type Action, type Actor, abilitiesFor, can } from '../../../shared/permissions';
import type { ModuleDto, TariffDto, TariffItemDto } from '../../../shared/schemas';
import type { ModuleCounts, ModuleRow, TariffItemRow, TariffRow } from './catalog.repository';

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

export function presentItem(row: TariffItemRow): TariffItemDto {
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
  };
}

/**
 * A tariff as staff see it (with its offer number). `tariff.delete` adds the state to the matrix:
 * a tariff that any booking ever used cannot be deleted.
 */
export function presentTariff(
  actor: Actor,
  row: TariffRow,
  items: TariffItemRow[],
  bookingCount: number,
): TariffDto {
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
    items: items.map(presentItem),
    inUse: bookingCount > 0,
    version: row.version,
    abilities: { 'catalog.manage': manage, 'tariff.delete': manage && bookingCount === 0 },
  };
}

/** What the audit log keeps of a module, tariff or item: the row without tenant and timestamps. */
export function auditViewOf<T extends { tenantId: string; createdAt: Date }>(row: T) {
  const { tenantId: _t, createdAt: _c, ...rest } = row;
  return rest;
}
