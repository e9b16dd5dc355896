import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../src/server/db/client';
import {
  bookings,
  bookingTariffPeriods,
  clientUsers,
  invoiceSettings,
  legalDocuments,
  modules,
  tariffItems,
  tariffs,
} from '../../src/server/db/schema';
import type { ModuleField, TerminationRuleInput } from '../../src/shared/schemas';
import type { TestTenant } from './factories';

const unique = () => randomBytes(4).toString('hex');

export const rules = {
  immediate: {
    minimumTermMonths: 0,
    renewalMonths: 0,
    notice: { amount: 0, unit: 'days' },
    anchor: 'any_day',
  },
  monthly: {
    minimumTermMonths: 0,
    renewalMonths: 0,
    notice: { amount: 1, unit: 'months' },
    anchor: 'month_end',
  },
  yearly: {
    minimumTermMonths: 12,
    renewalMonths: 12,
    notice: { amount: 3, unit: 'months' },
    anchor: 'term_end',
  },
} satisfies Record<string, TerminationRuleInput>;

export const telephoneFields: ModuleField[] = [
  {
    key: 'greeting_name',
    label: { nl: 'Begroetingsnaam', en: 'Greeting name' },
    type: 'text',
    required: true,
    clientEditable: true,
  },
  {
    key: 'forwarding_number',
    label: { nl: 'Doorschakelnummer', en: 'Forwarding number' },
    type: 'phone',
    required: true,
    clientEditable: true,
  },
  {
    key: 'lines',
    label: { nl: 'Lijnen', en: 'Lines' },
    type: 'number',
    required: false,
    clientEditable: false,
  },
];

export async function buildModule(
  db: Database,
  tenant: TestTenant,
  over: Partial<typeof modules.$inferInsert> = {},
) {
  const u = unique();
  const [row] = await db.system
    .insert(modules)
    .values({
      tenantId: tenant.id,
      name: { nl: `Module ${u}`, en: `Module ${u}` },
      description: { nl: 'Beschrijving', en: 'Description' },
      fields: telephoneFields,
      createdAt: new Date('2026-01-01T00:00:00Z'),
      ...over,
    })
    .returning();
  if (!row) throw new Error('module not created');
  return row;
}

type ItemInput = Partial<typeof tariffItems.$inferInsert>;

/** A tariff of a module with a base fee (and the given items instead, when any). */
export async function buildTariff(
  db: Database,
  tenant: TestTenant,
  module: { id: string },
  over: Partial<typeof tariffs.$inferInsert> & { items?: ItemInput[] } = {},
) {
  const { items, ...tariffOver } = over;
  const isPublic = tariffOver.isPublic ?? true;
  const [row] = await db.system
    .insert(tariffs)
    .values({
      tenantId: tenant.id,
      moduleId: module.id,
      title: { nl: `Tarief ${unique()}`, en: `Tariff ${unique()}` },
      isPublic,
      offerNumber: isPublic ? null : `OFF-${unique().toUpperCase()}`,
      vatRate: '21',
      terminationRule: rules.monthly,
      createdAt: new Date('2026-01-01T00:00:00Z'),
      // Published (orderable) unless the test says otherwise.
      publishedAt: new Date('2026-01-01T00:00:00Z'),
      ...tariffOver,
    })
    .returning();
  if (!row) throw new Error('tariff not created');
  const list: ItemInput[] = items ?? [
    { title: { nl: 'Basisprijs', en: 'Base fee' }, key: 'base_fee', unitPrice: '29.90' },
  ];
  if (list.length)
    await db.system.insert(tariffItems).values(
      list.map((item, i) => ({
        tenantId: tenant.id,
        tariffId: row.id,
        title: { en: `Item ${i}` },
        key: 'base_fee' as const,
        unitPrice: '1.00',
        billingMode: 'monthly_in_advance' as const,
        position: i,
        createdAt: new Date('2026-01-01T00:00:00Z'),
        ...item,
      })),
    );
  return row;
}

export async function buildLegal(db: Database, tenant: TestTenant, kind: 'terms' | 'privacy', version = 1) {
  const [row] = await db.system
    .insert(legalDocuments)
    .values({
      tenantId: tenant.id,
      kind,
      version,
      title: kind === 'terms' ? `Algemene voorwaarden v${version}` : `Privacyverklaring v${version}`,
      bodyText: `Tekst versie ${version}`,
      publishedAt: new Date('2026-01-01T00:00:00Z'),
    })
    .returning();
  if (!row) throw new Error('legal document not created');
  return row;
}

export const generalTerms = {
  dueDays: 14,
  discountPercent: null,
  discountDays: null,
  text: { nl: 'Betaling binnen 14 dagen.', en: 'Payment within 14 days.' },
};

export async function buildInvoiceSettings(db: Database, tenant: TestTenant) {
  await db.system.insert(invoiceSettings).values({
    tenantId: tenant.id,
    paymentTerms: generalTerms,
    issuer: {
      name: 'Operator B.V.',
      street: 'Keizersgracht 1',
      postalCode: '1015 AA',
      city: 'Amsterdam',
      country: 'NL',
      vatId: 'NL123456789B01',
      taxNumber: null,
      iban: 'NL91ABNA0417164300',
      bic: null,
      bankName: null,
    },
    updatedAt: new Date('2026-01-01T00:00:00Z'),
  });
}

/** A tenant ready to take orders: a module with a public and a non-public tariff, terms, privacy policy and invoice settings. */
export async function buildShop(db: Database, tenant: TestTenant) {
  const module = await buildModule(db, tenant);
  const publicTariff = await buildTariff(db, tenant, module, {
    displayOrder: 1,
    items: [
      { title: { nl: 'Basisprijs', en: 'Base fee' }, key: 'base_fee', unitPrice: '29.90' },
      {
        title: { nl: 'Eenmalige kosten', en: 'Setup fee' },
        key: 'setup_fee',
        unitPrice: '49.00',
        billingMode: 'one_time',
      },
    ],
  });
  const secretTariff = await buildTariff(db, tenant, module, { isPublic: false, displayOrder: 2 });
  const terms = await buildLegal(db, tenant, 'terms');
  const privacy = await buildLegal(db, tenant, 'privacy');
  await buildInvoiceSettings(db, tenant);
  return { module, publicTariff, secretTariff, terms, privacy };
}

export async function verifyEmailOf(db: Database, userId: string) {
  await db.system
    .update(clientUsers)
    .set({ emailVerifiedAt: new Date('2026-01-01T00:00:00Z') })
    .where(eq(clientUsers.id, userId));
}

export async function bookingsOf(db: Database, accountId: string) {
  return db.system.select().from(bookings).where(eq(bookings.accountId, accountId));
}

export async function periodsOf(db: Database, tenantId: string, bookingId: string) {
  return db.system
    .select()
    .from(bookingTariffPeriods)
    .where(and(eq(bookingTariffPeriods.tenantId, tenantId), eq(bookingTariffPeriods.bookingId, bookingId)));
}

export const partner = {
  company: 'Bakkerij Test B.V.',
  name: 'Jan Test',
  street: 'Dorpsstraat 1',
  postalCode: '1234 AB',
  city: 'Utrecht',
  country: 'NL',
  email: 'jan@bakkerij-test.example',
  phone: '+31 30 123 4567',
};

/** A booking inserted directly, with one tariff period per given tariff (consecutive). */
export async function buildBooking(
  db: Database,
  tenant: TestTenant,
  account: { id: string },
  module: { id: string },
  periods: { tariffId: string; startDate: string; endDate?: string | null }[],
  over: Partial<typeof bookings.$inferInsert> = {},
) {
  const first = periods[0];
  if (!first) throw new Error('a booking needs a tariff period');
  const [row] = await db.system
    .insert(bookings)
    .values({
      tenantId: tenant.id,
      accountId: account.id,
      moduleId: module.id,
      startDate: first.startDate,
      endDate: periods.at(-1)?.endDate ?? null,
      moduleData: {},
      orderedByType: 'client',
      orderedById: account.id,
      createdAt: new Date('2026-01-01T00:00:00Z'),
      ...over,
    })
    .returning();
  if (!row) throw new Error('booking not created');
  await db.system.insert(bookingTariffPeriods).values(
    periods.map((p) => ({
      tenantId: tenant.id,
      bookingId: row.id,
      tariffId: p.tariffId,
      startDate: p.startDate,
      endDate: p.endDate ?? null,
      createdAt: new Date('2026-01-01T00:00:00Z'),
    })),
  );
  return row;
}
