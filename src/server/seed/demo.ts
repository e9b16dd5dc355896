import { eq, sql } from 'drizzle-orm';
import { Temporal } from 'temporal-polyfill';
import { addDays, addMonths, firstDayOfMonth, terminationPresets } from '../../domain';
import type { StaffLevel } from '../../shared/permissions';
import type {
  ContractPartnerData,
  ModuleField,
  PaymentTermsData,
  TerminationRuleInput,
} from '../../shared/schemas';
import type { Db, Tx } from '../db/client';
import {
  accounts,
  bookings,
  bookingTariffPeriods,
  clientUsers,
  invoiceSettings,
  legalAcceptances,
  legalDocuments,
  modules,
  staffUsers,
  tariffItems,
  tariffs,
  tenantDomains,
  tenants,
} from '../db/schema';
import { hashPassword } from '../features/auth/password';

/** The password of every demo user. Demo data is for trying the portal, never for production. */
export const DEMO_PASSWORD = 'kontor-demo-2026';

export const demoLogins = {
  staff: [
    { email: 'employee@telefoonservice.example', level: 'employee' },
    { email: 'manager@telefoonservice.example', level: 'manager' },
    { email: 'supermanager@telefoonservice.example', level: 'supermanager' },
    { email: 'owner@telefoonservice.example', level: 'owner' },
  ] as { email: string; level: StaffLevel }[],
  client: [
    { email: 'jan@bakkerij-jansen.example', role: 'admin, account owner' },
    { email: 'piet@bakkerij-jansen.example', role: 'member' },
    { email: 'brouwer@kapsalon.example', role: 'account owner (booking ended)' },
  ],
};

/** The offer number of the demo's non-public tariff "Actie 2026" (real ones are random). */
export const DEMO_OFFER_NUMBER = 'ACTIE-2026-DEMO';

const rule = (preset: keyof typeof terminationPresets): TerminationRuleInput => {
  const r = terminationPresets[preset];
  return { ...r, notice: { ...r.notice } };
};

const telefoonserviceFields: ModuleField[] = [
  {
    key: 'greeting_name',
    label: {
      nl: 'Naam waarmee wordt opgenomen',
      de: 'Name bei der Begrüßung',
      en: 'Name to greet callers with',
    },
    type: 'text',
    required: true,
    clientEditable: true,
  },
  {
    key: 'forwarding_number',
    label: { nl: 'Doorschakelnummer', de: 'Weiterleitungsnummer', en: 'Forwarding number' },
    type: 'phone',
    required: true,
    clientEditable: true,
  },
  {
    key: 'office_hours',
    label: { nl: 'Openingstijden', de: 'Bürozeiten', en: 'Office hours' },
    type: 'text',
    required: false,
    clientEditable: true,
  },
  {
    key: 'notification_email',
    label: {
      nl: 'E-mail voor meldingen',
      de: 'E-Mail für Benachrichtigungen',
      en: 'E-mail for notifications',
    },
    type: 'email',
    required: false,
    clientEditable: true,
  },
];

const demoPaymentTerms: PaymentTermsData = {
  dueDays: 14,
  discountPercent: null,
  discountDays: null,
  text: {
    nl: 'Gelieve het factuurbedrag binnen 14 dagen na factuurdatum over te maken.',
    de: 'Bitte überweisen Sie den Rechnungsbetrag innerhalb von 14 Tagen nach Rechnungsdatum.',
    en: 'Please pay the invoice amount within 14 days of the invoice date.',
  },
};

const demoTerms = `Algemene voorwaarden Demo Telefoonservice B.V. (versie 1)

1. Toepasselijkheid. Deze voorwaarden gelden voor alle bestellingen die u via het klantportaal plaatst.
2. Overeenkomst. De overeenkomst komt tot stand zodra u een module bestelt met betalingsverplichting. Wij bevestigen de bestelling per e-mail.
3. Looptijd en opzegging. Looptijd, opzegtermijn en het vroegst mogelijke einde staan bij het gekozen tarief en worden vóór de bestelling getoond.
4. Prijzen en betaling. Alle prijzen zijn exclusief btw. Facturen worden binnen de op de factuur vermelde termijn betaald.
5. Aansprakelijkheid. Onze aansprakelijkheid is beperkt tot het bedrag dat in het betreffende jaar voor de dienst is gefactureerd.
6. Toepasselijk recht. Op deze overeenkomst is Nederlands recht van toepassing.`;

const demoPrivacy = `Privacyverklaring Demo Telefoonservice B.V. (versie 1)

Wij verwerken uw naam, e-mailadres en de gegevens die u in het portaal invult om onze diensten te leveren en te factureren. Wij delen deze gegevens niet met derden, behalve met verwerkers die ons helpen de dienst te leveren en met wie wij een verwerkersovereenkomst hebben. Facturen bewaren wij zeven jaar, zoals de wet voorschrijft. U kunt uw gegevens inzien, laten corrigeren of laten verwijderen via privacy@telefoonservice.example.`;

const andereDatenschutz = `Datenschutzerklärung der Andere Dienst GmbH (Version 1)

Wir verarbeiten Ihren Namen, Ihre E-Mail-Adresse und die Angaben, die Sie im Portal machen, um unsere Leistungen zu erbringen und abzurechnen (Art. 6 Abs. 1 lit. b DSGVO). Rechnungen bewahren wir gemäß § 147 AO zehn Jahre auf. Auskunft, Berichtigung und Löschung: datenschutz@andere-dienst.example.`;

const andereAgb = `Allgemeine Geschäftsbedingungen der Andere Dienst GmbH (Version 1)

1. Geltung. Diese AGB gelten für alle Bestellungen über das Kundenportal.
2. Vertragsschluss. Der Vertrag kommt mit der zahlungspflichtigen Bestellung zustande.
3. Laufzeit und Kündigung. Laufzeit, Kündigungsfrist und frühestes Vertragsende zeigt das Portal vor der Bestellung.
4. Zahlung. Rechnungen sind innerhalb von 14 Tagen ohne Abzug zahlbar.`;

/** Today in a time zone, from an instant. */
function dateIn(now: Date, timeZone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(now.getTime())
    .toZonedDateTimeISO(timeZone)
    .toPlainDate()
    .toString();
}

type ItemSeed = Omit<typeof tariffItems.$inferInsert, 'tenantId' | 'tariffId' | 'createdAt'>;

async function seedTariff(
  tx: Tx,
  tenantId: string,
  moduleId: string,
  now: Date,
  tariff: Omit<typeof tariffs.$inferInsert, 'tenantId' | 'moduleId' | 'createdAt'>,
  items: ItemSeed[],
) {
  const [row] = await tx
    .insert(tariffs)
    // Every demo tariff has items and is published (orderable).
    .values({ ...tariff, tenantId, moduleId, createdAt: now, publishedAt: now })
    .returning();
  if (!row) throw new Error('seeding tariffs failed');
  await tx
    .insert(tariffItems)
    .values(items.map((item, i) => ({ position: i, ...item, tenantId, tariffId: row.id, createdAt: now })));
  return row;
}

/** The catalog, invoice settings and legal documents of the demo operator, and Jansen's contract. */
async function seedDemoCatalog(
  tx: Tx,
  now: Date,
  demo: { id: string; timeZone: string },
  jansen: { accountId: string; userId: string },
) {
  const [telefoonservice] = await tx
    .insert(modules)
    .values({
      tenantId: demo.id,
      name: { nl: 'Telefoonservice', de: 'Telefonservice', en: 'Telephone service' },
      description: {
        nl: 'Wij nemen uw telefoon op in uw naam, noteren berichten en schakelen dringende gesprekken door.',
        de: 'Wir nehmen Ihre Anrufe in Ihrem Namen entgegen, notieren Nachrichten und leiten dringende Gespräche weiter.',
        en: 'We answer your calls in your name, take messages and forward urgent calls.',
      },
      fields: telefoonserviceFields,
      createdAt: now,
    })
    .returning();
  if (!telefoonservice) throw new Error('seeding modules failed');
  const basis = await seedTariff(
    tx,
    demo.id,
    telefoonservice.id,
    now,
    {
      title: { nl: 'Basis', de: 'Basis', en: 'Basic' },
      isPublic: true,
      displayOrder: 1,
      vatRate: '21',
      terminationRule: rule('monthly'),
    },
    [
      {
        title: { nl: 'Basisprijs', de: 'Grundgebühr', en: 'Base fee' },
        key: 'base_fee',
        unitPrice: '29.90',
        billingMode: 'monthly_in_advance',
      },
      {
        title: { nl: 'Aansluitkosten', de: 'Einrichtungsgebühr', en: 'Setup fee' },
        key: 'setup_fee',
        unitPrice: '49.00',
        billingMode: 'one_time',
      },
      {
        title: { nl: 'Aangenomen gesprek', de: 'Angenommener Anruf', en: 'Answered call' },
        key: 'usage',
        unitPrice: '0.85',
        billingMode: 'monthly_in_arrears',
        unit: 'call',
      },
      {
        title: { nl: 'Extra nummer', de: 'Zusätzliche Rufnummer', en: 'Extra number' },
        key: 'additional_option',
        unitPrice: '5.00',
        billingMode: 'monthly_in_advance',
      },
      {
        title: { nl: 'Weekenddienst', de: 'Wochenenddienst', en: 'Weekend service' },
        key: 'additional_option',
        unitPrice: '39.00',
        billingMode: 'monthly_in_arrears',
        terminationRule: rule('immediate'),
      },
    ],
  );
  await seedTariff(
    tx,
    demo.id,
    telefoonservice.id,
    now,
    {
      title: { nl: 'Zakelijk jaar', de: 'Business Jahr', en: 'Business yearly' },
      isPublic: true,
      displayOrder: 2,
      vatRate: '21',
      terminationRule: rule('yearly'),
      businessOnly: true,
    },
    [
      {
        title: { nl: 'Jaarprijs', de: 'Jahresgebühr', en: 'Yearly fee' },
        key: 'base_fee',
        unitPrice: '299.00',
        billingMode: 'yearly_in_advance',
      },
    ],
  );
  await seedTariff(
    tx,
    demo.id,
    telefoonservice.id,
    now,
    {
      title: { nl: 'Actie 2026', de: 'Aktion 2026', en: 'Promotion 2026' },
      isPublic: false,
      offerNumber: DEMO_OFFER_NUMBER,
      displayOrder: 3,
      vatRate: '21',
      terminationRule: rule('monthly'),
    },
    [
      {
        title: { nl: 'Basisprijs', de: 'Grundgebühr', en: 'Base fee' },
        key: 'base_fee',
        unitPrice: '19.90',
        billingMode: 'monthly_in_advance',
      },
    ],
  );

  // A second module, so that a client who has "Telefoonservice" still has a module to order
  // (one current booking per module and account, ADR 0007).
  const [postservice] = await tx
    .insert(modules)
    .values({
      tenantId: demo.id,
      name: { nl: 'Postservice', de: 'Postservice', en: 'Mail service' },
      description: {
        nl: 'Wij ontvangen uw post, scannen brieven en sturen ze door.',
        de: 'Wir nehmen Ihre Post entgegen, scannen Briefe und leiten sie weiter.',
        en: 'We receive your mail, scan letters and forward them.',
      },
      fields: [],
      createdAt: new Date(now.getTime() + 1000),
    })
    .returning();
  if (!postservice) throw new Error('seeding modules failed');
  await seedTariff(
    tx,
    demo.id,
    postservice.id,
    now,
    {
      title: { nl: 'Standaard', de: 'Standard', en: 'Standard' },
      isPublic: true,
      displayOrder: 1,
      vatRate: '21',
      terminationRule: rule('monthly'),
    },
    [
      {
        title: { nl: 'Basisprijs', de: 'Grundgebühr', en: 'Base fee' },
        key: 'base_fee',
        unitPrice: '19.00',
        billingMode: 'monthly_in_advance',
      },
    ],
  );

  await tx.insert(invoiceSettings).values({
    tenantId: demo.id,
    paymentTerms: demoPaymentTerms,
    issuer: {
      name: 'Demo Telefoonservice B.V.',
      street: 'Herengracht 100',
      postalCode: '1015 BS',
      city: 'Amsterdam',
      country: 'NL',
      vatId: 'NL123456782B01',
      taxNumber: null,
      iban: 'NL91ABNA0417164300',
      bic: 'ABNANL2A',
      bankName: 'ABN AMRO',
    },
    updatedAt: now,
  });
  const [terms, privacy] = await tx
    .insert(legalDocuments)
    .values([
      {
        tenantId: demo.id,
        kind: 'terms',
        version: 1,
        title: 'Algemene voorwaarden',
        bodyText: demoTerms,
        publishedAt: now,
      },
      {
        tenantId: demo.id,
        kind: 'privacy',
        version: 1,
        title: 'Privacyverklaring',
        bodyText: demoPrivacy,
        publishedAt: now,
      },
    ])
    .returning();
  if (!terms || !privacy) throw new Error('seeding legal documents failed');

  // Jansen ordered "Basis" a few months before the demo date: the contract is concluded.
  const today = dateIn(now, demo.timeZone);
  const start = addMonths(firstDayOfMonth(today), -4);
  const concludedAt = new Date(`${start}T09:30:00Z`);
  const partner: ContractPartnerData = {
    company: 'Bakkerij Jansen B.V.',
    name: 'Jan Jansen',
    street: 'Dorpsstraat 12',
    postalCode: '3581 AB',
    city: 'Utrecht',
    country: 'NL',
    email: 'jan@bakkerij-jansen.example',
    phone: '+31 30 123 4567',
  };
  await tx
    .update(accounts)
    .set({
      contractPartner: partner,
      paymentTerms: demoPaymentTerms,
      paymentTermsSource: 'general',
      contractConcludedAt: concludedAt,
      // Registered a week before the first order.
      createdAt: new Date(concludedAt.getTime() - 7 * 86_400_000),
    })
    .where(eq(accounts.id, jansen.accountId));
  await tx.insert(legalAcceptances).values([
    {
      tenantId: demo.id,
      accountId: jansen.accountId,
      clientUserId: jansen.userId,
      documentId: privacy.id,
      kind: 'privacy',
      version: 1,
      acceptedAt: concludedAt,
      ip: '192.0.2.10',
    },
    {
      tenantId: demo.id,
      accountId: jansen.accountId,
      clientUserId: jansen.userId,
      documentId: terms.id,
      kind: 'terms',
      version: 1,
      acceptedAt: concludedAt,
      ip: '192.0.2.10',
    },
  ]);
  const [booking] = await tx
    .insert(bookings)
    .values({
      tenantId: demo.id,
      accountId: jansen.accountId,
      moduleId: telefoonservice.id,
      startDate: start,
      moduleData: {
        greeting_name: 'Bakkerij Jansen, goedemorgen',
        forwarding_number: '+31 30 123 4567',
        office_hours: 'ma–za 7:00–18:00',
        notification_email: 'jan@bakkerij-jansen.example',
      },
      idempotencyKey: 'demo-seed-jansen-basis',
      orderedByType: 'client',
      orderedById: jansen.userId,
      createdAt: concludedAt,
    })
    .returning();
  if (!booking) throw new Error('seeding bookings failed');
  await tx.insert(bookingTariffPeriods).values({
    tenantId: demo.id,
    bookingId: booking.id,
    tariffId: basis.id,
    startDate: start,
    createdAt: concludedAt,
  });
  return { moduleId: telefoonservice.id, tariffId: basis.id };
}

/**
 * Kapsalon Brouwer had "Basis" for half a year; the booking ended before the demo date, so its
 * owner can try closing the account. The account came from the operator's former system without
 * a contract partner: a billing run records it as failed ("no recipient", shown with the run)
 * until a manager enters the partner on the contract page.
 */
async function seedEndedContract(
  tx: Tx,
  now: Date,
  demo: { id: string; timeZone: string },
  brouwer: { accountId: string; userId: string },
  catalog: { moduleId: string; tariffId: string },
) {
  const today = dateIn(now, demo.timeZone);
  const start = addMonths(firstDayOfMonth(today), -8);
  const end = addDays(addMonths(firstDayOfMonth(today), -1), -1);
  const concludedAt = new Date(`${start}T10:00:00Z`);
  await tx
    .update(accounts)
    .set({ paymentTerms: demoPaymentTerms, paymentTermsSource: 'general', contractConcludedAt: concludedAt })
    .where(eq(accounts.id, brouwer.accountId));
  const [booking] = await tx
    .insert(bookings)
    .values({
      tenantId: demo.id,
      accountId: brouwer.accountId,
      moduleId: catalog.moduleId,
      startDate: start,
      endDate: end,
      moduleData: { greeting_name: 'Kapsalon Brouwer, goedendag', forwarding_number: '+31 20 765 4321' },
      orderedByType: 'client',
      orderedById: brouwer.userId,
      createdAt: concludedAt,
    })
    .returning();
  if (!booking) throw new Error('seeding bookings failed');
  await tx.insert(bookingTariffPeriods).values({
    tenantId: demo.id,
    bookingId: booking.id,
    tariffId: catalog.tariffId,
    startDate: start,
    endDate: end,
    createdAt: concludedAt,
  });
}

/** The second operator's own module, tariff, invoice settings and legal documents. */
async function seedOtherCatalog(tx: Tx, now: Date, tenantId: string) {
  const [sekretariat] = await tx
    .insert(modules)
    .values({
      tenantId,
      name: { de: 'Sekretariatsservice', nl: 'Secretariaatsservice', en: 'Secretarial service' },
      description: {
        de: 'Terminvergabe und Korrespondenz für Ihr Büro.',
        nl: 'Afspraken en correspondentie voor uw kantoor.',
        en: 'Appointments and correspondence for your office.',
      },
      fields: [
        {
          key: 'calendar_link',
          label: { de: 'Kalender-Link', nl: 'Agendalink', en: 'Calendar link' },
          type: 'text',
          required: false,
          clientEditable: true,
        },
      ],
      createdAt: now,
    })
    .returning();
  if (!sekretariat) throw new Error('seeding modules failed');
  await seedTariff(
    tx,
    tenantId,
    sekretariat.id,
    now,
    {
      title: { de: 'Standard', nl: 'Standaard', en: 'Standard' },
      isPublic: true,
      displayOrder: 1,
      vatRate: '19',
      terminationRule: rule('monthly'),
    },
    [
      {
        title: { de: 'Grundgebühr', nl: 'Basisprijs', en: 'Base fee' },
        key: 'base_fee',
        unitPrice: '49.00',
        billingMode: 'monthly_in_advance',
      },
    ],
  );
  await tx.insert(invoiceSettings).values({
    tenantId,
    paymentTerms: {
      dueDays: 14,
      discountPercent: '2',
      discountDays: 7,
      text: { de: 'Zahlbar innerhalb von 14 Tagen; bei Zahlung innerhalb von 7 Tagen 2 % Skonto.' },
    },
    issuer: {
      name: 'Andere Dienst GmbH',
      street: 'Friedrichstraße 10',
      postalCode: '10117',
      city: 'Berlin',
      country: 'DE',
      vatId: 'DE123456788',
      taxNumber: null,
      iban: 'DE89370400440532013000',
      bic: 'COBADEFFXXX',
      bankName: 'Commerzbank',
    },
    updatedAt: now,
  });
  await tx.insert(legalDocuments).values([
    {
      tenantId,
      kind: 'privacy',
      version: 1,
      title: 'Datenschutzerklärung',
      bodyText: andereDatenschutz,
      publishedAt: now,
    },
    {
      tenantId,
      kind: 'terms',
      version: 1,
      title: 'Allgemeine Geschäftsbedingungen',
      bodyText: andereAgb,
      publishedAt: now,
    },
  ]);
}

const moreAccounts: [string, string, string | null][] = [
  ['Advocatenkantoor De Vries', 'info@devries-advocaten.example', 'K-1002'],
  ['Huisartsenpraktijk Zuid', 'praktijk@hapzuid.example', 'K-1003'],
  ['Installatiebedrijf Bos', 'bos@installatie-bos.example', null],
  ['Schoonheidssalon Lotus', 'lotus@salon-lotus.example', 'K-1005'],
  ['Tandartspraktijk Smit', 'smit@tandarts-smit.example', 'K-1006'],
  ['Autobedrijf Mulder', 'verkoop@mulder-auto.example', 'K-1007'],
  ['Makelaardij Visser', 'info@visser-makelaars.example', 'K-1008'],
  ['Fysiotherapie Meijer', 'meijer@fysio-meijer.example', null],
  ['Loodgieter de Boer', 'deboer@loodgieter.example', 'K-1010'],
  ['Bloemenhandel Dekker', 'dekker@bloemen.example', 'K-1011'],
  ['Kapsalon Brouwer', 'brouwer@kapsalon.example', 'K-1012'],
  ['Dierenkliniek Jong', 'kliniek@dieren-jong.example', 'K-1013'],
  ['Accountantskantoor Peters', 'peters@accountants.example', 'K-1014'],
  ['Rijschool Hendriks', 'hendriks@rijschool.example', 'K-1015'],
  ['Schildersbedrijf Willems', 'willems@schilders.example', 'K-1016'],
  ['Hoveniersbedrijf Groen', 'groen@hovenier.example', 'K-1017'],
  ['Notariskantoor Kok', 'kok@notaris.example', 'K-1018'],
  ['Eetcafé De Hoek', 'dehoek@eetcafe.example', null],
  ['Testaccount Demo', 'test@telefoonservice.example', 'TEST-1'],
  ['Verhuisbedrijf Jacobs', 'jacobs@verhuizen.example', 'K-1020'],
  ['Drukkerij Vermeulen', 'vermeulen@drukkerij.example', 'K-1021'],
  ['IT-Service Bakker', 'service@it-bakker.example', 'K-1022'],
];

/** Whether the database holds any tenant yet (the first start seeds demo data). */
export async function hasTenants(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(tenants);
  return Number(row?.n ?? 0) > 0;
}

/** Creates the demo operators, staff, and client accounts. Runs once; does nothing when "demo" exists. */
export async function seedDemo(db: Db, now: Date): Promise<boolean> {
  const [existing] = await db.select().from(tenants).where(eq(tenants.slug, 'demo'));
  if (existing) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    const [demo] = await tx
      .insert(tenants)
      .values({
        slug: 'demo',
        name: 'Demo Telefoonservice',
        defaultLocale: 'nl',
        timeZone: 'Europe/Amsterdam',
        currency: 'EUR',
      })
      .returning();
    const [other] = await tx
      .insert(tenants)
      .values({
        slug: 'andere',
        name: 'Andere Dienst GmbH',
        defaultLocale: 'de',
        timeZone: 'Europe/Berlin',
        currency: 'EUR',
      })
      .returning();
    if (!demo || !other) throw new Error('seeding tenants failed');
    await tx.insert(tenantDomains).values([
      { host: 'demo.localhost', tenantId: demo.id },
      { host: 'andere.localhost', tenantId: other.id },
    ]);

    const names: Record<StaffLevel, string> = {
      employee: 'Eva Medewerker',
      manager: 'Mark Manager',
      supermanager: 'Sanne Supermanager',
      owner: 'Olaf Eigenaar',
    };
    await tx.insert(staffUsers).values(
      demoLogins.staff.map((s) => ({
        tenantId: demo.id,
        email: s.email,
        name: names[s.level],
        level: s.level,
        passwordHash,
      })),
    );
    const [jansen] = await tx
      .insert(accounts)
      .values({
        tenantId: demo.id,
        name: 'Bakkerij Jansen B.V.',
        email: 'jan@bakkerij-jansen.example',
        customerNumber: 'K-1001',
        createdAt: now,
      })
      .returning();
    if (!jansen) throw new Error('seeding accounts failed');
    const [jan] = await tx
      .insert(clientUsers)
      .values([
        {
          tenantId: demo.id,
          accountId: jansen.id,
          email: 'jan@bakkerij-jansen.example',
          name: 'Jan Jansen',
          role: 'admin',
          isAccountOwner: true,
          passwordHash,
          emailVerifiedAt: now,
        },
        {
          tenantId: demo.id,
          accountId: jansen.id,
          email: 'piet@bakkerij-jansen.example',
          name: 'Piet Jansen',
          role: 'member',
          passwordHash,
          emailVerifiedAt: now,
        },
      ])
      .returning();
    if (!jan) throw new Error('seeding client users failed');
    const catalog = await seedDemoCatalog(tx, now, demo, { accountId: jansen.id, userId: jan.id });
    const more = await tx
      .insert(accounts)
      .values(
        moreAccounts.map(([name, email, customerNumber], i) => ({
          tenantId: demo.id,
          name,
          email,
          customerNumber,
          isTestAccount: customerNumber?.startsWith('TEST') ?? false,
          createdAt: new Date(now.getTime() - (i + 1) * 86_400_000 * 9),
        })),
      )
      .returning();
    const brouwer = more.find((a) => a.email === 'brouwer@kapsalon.example');
    if (!brouwer) throw new Error('seeding accounts failed');
    const [brouwerOwner] = await tx
      .insert(clientUsers)
      .values({
        tenantId: demo.id,
        accountId: brouwer.id,
        email: brouwer.email,
        name: 'Kees Brouwer',
        role: 'admin',
        isAccountOwner: true,
        passwordHash,
        emailVerifiedAt: now,
      })
      .returning();
    if (!brouwerOwner) throw new Error('seeding client users failed');
    await seedEndedContract(tx, now, demo, { accountId: brouwer.id, userId: brouwerOwner.id }, catalog);

    await tx.insert(staffUsers).values({
      tenantId: other.id,
      email: 'owner@andere-dienst.example',
      name: 'Otto Inhaber',
      level: 'owner',
      passwordHash,
    });
    const [mueller] = await tx
      .insert(accounts)
      .values({
        tenantId: other.id,
        name: 'Müller Logistik GmbH',
        email: 'anna@mueller-logistik.example',
        customerNumber: 'K-1001',
        createdAt: now,
      })
      .returning();
    if (!mueller) throw new Error('seeding accounts failed');
    await tx.insert(clientUsers).values({
      tenantId: other.id,
      accountId: mueller.id,
      email: 'anna@mueller-logistik.example',
      name: 'Anna Müller',
      role: 'admin',
      isAccountOwner: true,
      passwordHash,
      emailVerifiedAt: now,
    });
    await seedOtherCatalog(tx, now, other.id);
  });
  return true;
}
