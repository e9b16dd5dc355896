import { eq } from 'drizzle-orm';
import type { Database } from '../../src/server/db/client';
import { accounts, bookings, bookingTariffPeriods } from '../../src/server/db/schema';
import { buildModule, buildTariff, buildTariffItem } from './catalog-factories';
import { buildAccount, type TestTenant } from './factories';
import { buildInvoiceSettings, partner } from './order-factories';

/**
 * An operator ready to bill: invoice settings, a module with a tariff (21 %) of a base fee
 * 31.00 monthly in advance, a setup fee 49.00 and a usage item 0.50 per call (monthly in
 * arrears). `minimumTurnover` flags the base fee and sets the tariff's minimum.
 */
export async function buildBillingShop(
  db: Database,
  tenant: TestTenant,
  opts: { minimumTurnover?: string; withSettings?: boolean; setupFee?: boolean } = {},
) {
  if (opts.withSettings !== false) await buildInvoiceSettings(db, tenant);
  const module = await buildModule(db, tenant);
  const tariff = await buildTariff(db, tenant, {
    moduleId: module.id,
    minimumTurnover: opts.minimumTurnover ?? null,
  });
  const base = await buildTariffItem(db, tenant, tariff.id, {
    title: { nl: 'Basisbedrag', en: 'Base fee' },
    unitPrice: '31.00',
    minimumTurnoverFlag: opts.minimumTurnover !== undefined,
    position: 1,
  });
  const setup =
    opts.setupFee === false
      ? null
      : await buildTariffItem(db, tenant, tariff.id, {
          title: { nl: 'Eenmalige kosten', en: 'Setup fee' },
          key: 'setup_fee',
          unitPrice: '49.00',
          billingMode: 'one_time',
          position: 2,
        });
  const calls = await buildTariffItem(db, tenant, tariff.id, {
    title: { nl: 'Gesprekken', en: 'Calls' },
    key: 'usage',
    unitPrice: '0.50',
    billingMode: 'monthly_in_arrears',
    unit: 'call',
    position: 3,
  });
  return { module, tariff, base, setup, calls };
}

/** A client account with a contract partner and one booking of the tariff from `start`. */
export async function buildBilledAccount(
  db: Database,
  tenant: TestTenant,
  shop: { module: { id: string }; tariff: { id: string } },
  opts: { start?: string; isTestAccount?: boolean; documentLocale?: 'nl' | 'de' | 'en' } = {},
) {
  const built = await buildAccount(db, tenant, {
    contractPartner: partner,
    isTestAccount: opts.isTestAccount ?? false,
    documentLocale: opts.documentLocale ?? null,
    customerNumber: `K-${Math.random().toString(36).slice(2, 8)}`,
  });
  const startDate = opts.start ?? '2026-10-01';
  const [booking] = await db.system
    .insert(bookings)
    .values({
      tenantId: tenant.id,
      accountId: built.account.id,
      moduleId: shop.module.id,
      startDate,
      moduleData: {},
      orderedByType: 'client',
      orderedById: built.owner.id,
      createdAt: new Date(`${startDate}T08:00:00Z`),
    })
    .returning();
  if (!booking) throw new Error('booking not created');
  await db.system.insert(bookingTariffPeriods).values({
    tenantId: tenant.id,
    bookingId: booking.id,
    tariffId: shop.tariff.id,
    startDate,
    createdAt: new Date(`${startDate}T08:00:00Z`),
  });
  return { ...built, booking };
}

/** Ends a booking (and its open tariff period) directly, as the lifecycle would. */
export async function endBooking(db: Database, bookingId: string, endDate: string) {
  await db.system.update(bookings).set({ endDate }).where(eq(bookings.id, bookingId));
  await db.system
    .update(bookingTariffPeriods)
    .set({ endDate })
    .where(eq(bookingTariffPeriods.bookingId, bookingId));
}

export async function setAccount(
  db: Database,
  accountId: string,
  values: Partial<typeof accounts.$inferInsert>,
) {
  await db.system.update(accounts).set(values).where(eq(accounts.id, accountId));
}
