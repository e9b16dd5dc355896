import type { Language } from '../../domain/documents';

/** The fixed wording of a rendered document, per language. */
export type DocumentLabels = {
  number: Record<'invoice' | 'correction', string>;
  issueDate: Record<'invoice' | 'correction', string>;
  customerNumber: string;
  purchaseOrderNumber: string;
  servicePeriod: string;
  page: (n: number, of: number) => string;
  corrects: (number: string, date: string) => string;
  columns: {
    position: string;
    description: string;
    quantity: string;
    unit: string;
    unitPrice: string;
    vat: string;
    net: string;
  };
  prorated: (share: string) => string;
  netTotal: string;
  vatOn: (rate: string, net: string) => string;
  grossTotal: Record<'invoice' | 'correction', string>;
  supplierVatId: string;
  recipientVatId: string;
  taxNumber: string;
  payableBy: (date: string) => string;
  discount: (percent: string, until: string, amount: string, pay: string) => string;
  correctionSettlement: string;
  bank: string;
  contact: string;
  test: string;
  units: Record<string, string>;
  countries: Record<string, string>;
};

export const documentLabels: Readonly<Record<Language, DocumentLabels>> = {
  de: {
    number: { invoice: 'Rechnungsnummer', correction: 'Nummer der Rechnungskorrektur' },
    issueDate: { invoice: 'Rechnungsdatum', correction: 'Datum' },
    customerNumber: 'Kundennummer',
    purchaseOrderNumber: 'Bestellnummer',
    servicePeriod: 'Leistungszeitraum',
    page: (n, of) => `Seite ${n} von ${of}`,
    corrects: (number, date) => `Korrektur der Rechnung ${number} vom ${date}`,
    columns: {
      position: 'Pos.',
      description: 'Leistung',
      quantity: 'Menge',
      unit: 'Einheit',
      unitPrice: 'Einzelpreis',
      vat: 'USt.',
      net: 'Netto',
    },
    prorated: (share) => `anteilig ${share} Tage`,
    netTotal: 'Summe netto',
    vatOn: (rate, net) => `Umsatzsteuer ${rate} auf ${net}`,
    grossTotal: { invoice: 'Rechnungsbetrag', correction: 'Korrekturbetrag' },
    supplierVatId: 'USt-IdNr. des Leistenden',
    recipientVatId: 'USt-IdNr. des Leistungsempfängers',
    taxNumber: 'Steuernummer',
    payableBy: (date) => `Zahlbar ohne Abzug bis ${date}.`,
    discount: (percent, until, amount, pay) =>
      `Bei Zahlung bis ${until} gewähren wir ${percent} Skonto (${amount}); Zahlbetrag dann ${pay}.`,
    correctionSettlement: 'Der Betrag wird Ihnen erstattet oder mit offenen Forderungen verrechnet.',
    bank: 'Bankverbindung',
    contact: 'Kontakt',
    test: 'TEST – kein gültiger Beleg, nicht zahlen',
    units: {
      call: 'Anruf',
      calls: 'Anrufe',
      minute: 'Minute',
      second: 'Sekunde',
      month: 'Monat',
      year: 'Jahr',
      piece: 'Stück',
    },
    countries: {
      DE: 'Deutschland',
      NL: 'Niederlande',
      BE: 'Belgien',
      AT: 'Österreich',
      CH: 'Schweiz',
      FR: 'Frankreich',
      LU: 'Luxemburg',
    },
  },
  nl: {
    number: { invoice: 'Factuurnummer', correction: 'Nummer creditnota' },
    issueDate: { invoice: 'Factuurdatum', correction: 'Datum creditnota' },
    customerNumber: 'Klantnummer',
    purchaseOrderNumber: 'Inkoopordernummer',
    servicePeriod: 'Leveringsperiode',
    page: (n, of) => `Pagina ${n} van ${of}`,
    corrects: (number, date) => `Correctie van factuur ${number} van ${date}`,
    columns: {
      position: 'Nr.',
      description: 'Omschrijving',
      quantity: 'Aantal',
      unit: 'Eenheid',
      unitPrice: 'Stukprijs',
      vat: 'Btw',
      net: 'Netto',
    },
    prorated: (share) => `naar rato ${share} dagen`,
    netTotal: 'Totaal netto',
    vatOn: (rate, net) => `Btw ${rate} over ${net}`,
    grossTotal: { invoice: 'Totaal te betalen', correction: 'Totaal creditnota' },
    supplierVatId: 'Btw-nummer leverancier',
    recipientVatId: 'Btw-nummer afnemer',
    taxNumber: 'Belastingnummer',
    payableBy: (date) => `Te betalen zonder aftrek uiterlijk op ${date}.`,
    discount: (percent, until, amount, pay) =>
      `Bij betaling uiterlijk op ${until} geldt ${percent} betalingskorting (${amount}); te betalen dan ${pay}.`,
    correctionSettlement: 'Het bedrag wordt aan u terugbetaald of verrekend met openstaande facturen.',
    bank: 'Bankgegevens',
    contact: 'Contact',
    test: 'TEST – geen geldig document, niet betalen',
    units: {
      call: 'gesprek',
      calls: 'gesprekken',
      minute: 'minuut',
      second: 'seconde',
      month: 'maand',
      year: 'jaar',
      piece: 'stuk',
    },
    countries: {
      DE: 'Duitsland',
      NL: 'Nederland',
      BE: 'België',
      AT: 'Oostenrijk',
      CH: 'Zwitserland',
      FR: 'Frankrijk',
      LU: 'Luxemburg',
    },
  },
  en: {
    number: { invoice: 'Invoice number', correction: 'Credit note number' },
    issueDate: { invoice: 'Invoice date', correction: 'Credit note date' },
    customerNumber: 'Customer number',
    purchaseOrderNumber: 'Purchase order number',
    servicePeriod: 'Service period',
    page: (n, of) => `Page ${n} of ${of}`,
    corrects: (number, date) => `Correction of invoice ${number} of ${date}`,
    columns: {
      position: 'No.',
      description: 'Description',
      quantity: 'Qty',
      unit: 'Unit',
      unitPrice: 'Unit price',
      vat: 'VAT',
      net: 'Net',
    },
    prorated: (share) => `prorated ${share} days`,
    netTotal: 'Total net',
    vatOn: (rate, net) => `VAT ${rate} on ${net}`,
    grossTotal: { invoice: 'Amount due', correction: 'Credit total' },
    supplierVatId: 'Supplier VAT ID',
    recipientVatId: 'Customer VAT ID',
    taxNumber: 'Tax number',
    payableBy: (date) => `Payable without deduction by ${date}.`,
    discount: (percent, until, amount, pay) =>
      `If paid by ${until}, a ${percent} early-payment discount applies (${amount}); amount then payable ${pay}.`,
    correctionSettlement: 'The amount will be refunded to you or set off against open invoices.',
    bank: 'Bank details',
    contact: 'Contact',
    test: 'TEST – not a valid document, do not pay',
    units: {
      call: 'call',
      calls: 'calls',
      minute: 'minute',
      second: 'second',
      month: 'month',
      year: 'year',
      piece: 'piece',
    },
    countries: {
      DE: 'Germany',
      NL: 'Netherlands',
      BE: 'Belgium',
      AT: 'Austria',
      CH: 'Switzerland',
      FR: 'France',
      LU: 'Luxembourg',
    },
  },
};
