import { terminationPresets } from '../../src/domain';
import type { Database } from '../../src/server/db/client';
import { bookings, bookingTariffPeriods, modules, tariffItems, tariffs } from '../../src/server/db/schema';
import { newOfferNumber } from '../../src/server/features/catalog/offer-numbers';
import { buildAccount, type TestTenant } from './factories';

const NOW = new Date('2026-11-26T09:00:00Z');

/** A module of the tenant ("Telefoonservice" with a greeting field unless told otherwise). */
export async function buildModule(
  db: Database,
  tenant: TestTenant,
  over: Partial<typeof modules.$inferInsert> = {},
) {
  const [row] = await db.system
    .insert(modules)
    .values({
      tenantId: tenant.id,
      name: { nl: 'Telefoonservice', en: 'Telephone service' },
      description: { nl: 'Wij beantwoorden uw telefoon' },
      fields: [
        { key: 'greeting', label: { nl: 'Begroeting' }, type: 'text', required: true, clientEditable: true },
      ],
      createdAt: NOW,
      ...over,
    })
    .returning();
  if (!row) throw new Error('module not created');
  return row;
}

/** A tariff (public, monthly, 21 % unless told otherwise), building its module when none is given. */
export async function buildTariff(
  db: Database,
  tenant: TestTenant,
  over: Partial<typeof tariffs.$inferInsert> = {},
) {
  const moduleId = over.moduleId ?? (await buildModule(db, tenant)).id;
  const isPublic = over.isPublic ?? true;
  const [row] = await db.system
    .insert(tariffs)
    .values({
      tenantId: tenant.id,
      title: { nl: 'Basis', en: 'Basic' },
      vatRate: '21',
      terminationRule: { ...terminationPresets.monthly, notice: { ...terminationPresets.monthly.notice } },
      createdAt: NOW,
      // Published (orderable) unless the test says otherwise.
      publishedAt: NOW,
      ...over,
      moduleId,
      isPublic,
      offerNumber: over.offerNumber ?? (isPublic ? null : newOfferNumber()),
    })
    .returning();
  if (!row) throw new Error('tariff not created');
  return row;
}

export async function buildTariffItem(
  db: Database,
  tenant: TestTenant,
  tariffId: string,
  over: Partial<typeof tariffItems.$inferInsert> = {},
) {
  const [row] = await db.system
    .insert(tariffItems)
    .values({
      tenantId: tenant.id,
      tariffId,
      title: { nl: 'Basisbedrag', en: 'Base fee' },
      key: 'base_fee',
      unitPrice: '29.90',
      billingMode: 'monthly_in_advance',
      createdAt: NOW,
      ...over,
    })
    .returning();
  if (!row) throw new Error('tariff item not created');
  return row;
}

/**
 * A booking of the tariff's module by an account (built when none is given), with one tariff
 * period on the tariff: enough for "a booking used this tariff".
 */
export async function buildBooking(
  db: Database,
  tenant: TestTenant,
  tariff: { id: string; moduleId: string },
  over: {
    accountId?: string;
    orderedById?: string;
    startDate?: string;
    moduleData?: Record<string, string>;
  } = {},
) {
  let accountId = over.accountId;
  let orderedById = over.orderedById;
  if (!accountId || !orderedById) {
    const built = await buildAccount(db, tenant);
    accountId = built.account.id;
    orderedById = built.owner.id;
  }
  const startDate = over.startDate ?? '2026-11-01';
  const [booking] = await db.system
    .insert(bookings)
    .values({
      tenantId: tenant.id,
      accountId,
      moduleId: tariff.moduleId,
      startDate,
      moduleData: over.moduleData ?? {},
      orderedByType: 'client',
      orderedById,
      createdAt: NOW,
    })
    .returning();
  if (!booking) throw new Error('booking not created');
  await db.system
    .insert(bookingTariffPeriods)
    .values({ tenantId: tenant.id, bookingId: booking.id, tariffId: tariff.id, startDate, createdAt: NOW });
  return booking;
}
