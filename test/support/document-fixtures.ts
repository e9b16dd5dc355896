import { computeTotals, type Language, vatLegend } from '../../src/domain/documents';
import { type DocumentData, type DocumentLineData, documentData } from '../../src/shared/schemas/documents';

type LineInput = Omit<DocumentLineData, 'position' | 'chargeKey'> & { chargeKey?: string };

const issuer: DocumentData['issuer'] = {
  name: 'Telefoonservice Noord B.V.',
  street: 'Stationsweg 12',
  postalCode: '9711 AB',
  city: 'Groningen',
  country: 'NL',
  vatId: 'NL123456789B01',
  taxNumber: null,
  iban: 'NL91ABNA0417164300',
  bic: 'ABNANL2A',
  bankName: 'ABN AMRO',
  email: 'facturen@telefoonservice.example',
  phone: '+31 50 123 4567',
};

const germanIssuer: DocumentData['issuer'] = {
  name: 'Büroservice Müller GmbH',
  street: 'Königstraße 5',
  postalCode: '70173',
  city: 'Stuttgart',
  country: 'DE',
  vatId: 'DE123456789',
  taxNumber: '99/815/08150',
  iban: 'DE89370400440532013000',
  bic: 'COBADEFFXXX',
  bankName: 'Commerzbank',
  email: 'rechnung@bueroservice.example',
  phone: '+49 711 1234567',
};

export const standardLines: LineInput[] = [
  {
    title: 'Telefoonservice Basis – Grundgebühr',
    kind: 'base_fee',
    periodFrom: '2026-12-01',
    periodTo: '2026-12-31',
    quantity: '1',
    unit: 'month',
    unitPrice: '49.90',
    proration: null,
    vatRate: '19',
    net: 4990,
  },
  {
    title: 'Einrichtung',
    kind: 'setup_fee',
    periodFrom: '2026-11-16',
    periodTo: '2026-11-16',
    quantity: '1',
    unit: null,
    unitPrice: '99',
    proration: null,
    vatRate: '19',
    net: 9900,
  },
  {
    title: 'Anrufannahme',
    kind: 'usage',
    periodFrom: '2026-11-01',
    periodTo: '2026-11-30',
    quantity: '137',
    unit: 'call',
    unitPrice: '0.85',
    proration: null,
    vatRate: '19',
    net: 11645,
  },
  {
    title: 'Zusatzoption Terminbuchung',
    kind: 'additional_option',
    periodFrom: '2026-11-16',
    periodTo: '2026-11-30',
    quantity: '1',
    unit: 'month',
    unitPrice: '15.00',
    proration: '15/30',
    vatRate: '19',
    net: 750,
  },
  {
    title: 'Fachzeitschrift (ermäßigt)',
    kind: 'manual',
    periodFrom: '2026-11-20',
    periodTo: '2026-11-20',
    quantity: '2',
    unit: 'piece',
    unitPrice: '12.50',
    proration: null,
    vatRate: '7',
    net: 2500,
  },
];

/**
 * A complete, schema-valid document for renderer tests and benchmarks: totals are computed from
 * the lines with the domain's rules.
 */
export function buildDocumentData(
  over: Partial<Omit<DocumentData, 'lines' | 'totals'>> & { lines?: LineInput[] } = {},
): DocumentData {
  const language: Language = over.language ?? 'de';
  const vatTreatment = over.vatTreatment ?? 'standard';
  const kind = over.kind ?? 'invoice';
  const inputs = over.lines ?? standardLines;
  const lines: DocumentLineData[] = inputs.map((l, i) => ({
    ...l,
    vatRate: vatTreatment === 'standard' ? l.vatRate : '0',
    position: i + 1,
    chargeKey: l.chargeKey ?? `charge-${kind}-${i + 1}`,
  }));
  const totals = computeTotals(
    lines.map((l) => ({ amount: { amountMinor: l.net, currency: 'EUR' }, vatRate: l.vatRate })),
    vatTreatment,
    { currency: 'EUR' },
  );
  const periods = lines.flatMap((l) => [l.periodFrom, l.periodTo]).sort();
  const { lines: _l, ...rest } = over;
  return documentData.parse({
    kind,
    number: kind === 'invoice' ? 'RE-2026-00042' : 'RK-2026-00007',
    issueDate: '2026-12-01',
    language,
    currency: 'EUR',
    isTest: false,
    issuer: language === 'nl' ? issuer : germanIssuer,
    recipient: {
      company: 'Bakkerij Jansen',
      name: 'Jan Jansen',
      street: 'Herestraat 101',
      postalCode: '9711 LM',
      city: 'Groningen',
      country: 'NL',
      email: 'jan@bakkerij-jansen.example',
    },
    customerNumber: 'K-10023',
    purchaseOrderNumber: 'PO-7781',
    vatTreatment,
    recipientVatId: vatTreatment === 'reverse_charge' ? 'NL859048395B01' : null,
    vatLegend: vatLegend(vatTreatment, language),
    paymentTerms: {
      dueDays: 14,
      dueDate: '2026-12-15',
      discountPercent: '2',
      discountDays: 7,
      discountUntil: '2026-12-08',
      text: null,
    },
    periodFrom: periods[0] ?? null,
    periodTo: periods.at(-1) ?? null,
    corrects: kind === 'correction' ? { number: 'RE-2026-00031', issueDate: '2026-11-01' } : null,
    ...rest,
    lines,
    totals: {
      perRate: totals.perRate.map((r) => ({
        vatRate: r.vatRate,
        net: r.net.amountMinor,
        vat: r.vat.amountMinor,
        gross: r.gross.amountMinor,
      })),
      net: totals.net.amountMinor,
      vat: totals.vat.amountMinor,
      gross: totals.gross.amountMinor,
    },
  });
}

/** The credit lines of a correction: the unused days of a month invoiced in advance. */
export const correctionLines: LineInput[] = [
  {
    title: 'Telefoonservice Basis – Grundgebühr',
    kind: 'base_fee',
    periodFrom: '2026-11-21',
    periodTo: '2026-11-30',
    quantity: '1',
    unit: 'month',
    unitPrice: '-49.90',
    proration: '10/30',
    vatRate: '19',
    net: -1663,
  },
];

/** Many lines, to run over several pages. */
export function manyLines(count: number): LineInput[] {
  return Array.from({ length: count }, (_, i) => ({
    title: `Nebenstelle ${i + 1} – Weiterleitung auf Mobilnummer`,
    kind: 'usage' as const,
    periodFrom: '2026-11-01',
    periodTo: '2026-11-30',
    quantity: String(10 + i),
    unit: 'minute',
    unitPrice: '0.089',
    proration: null,
    vatRate: '19',
    net: Math.round((10 + i) * 8.9),
  }));
}
