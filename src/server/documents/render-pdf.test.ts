import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildDocumentData,
  correctionLines,
  manyLines,
  standardLines,
} from '../../../test/support/document-fixtures';
import type { DocumentData } from '../../shared/schemas/documents';
import { sharedFontsSupported } from './pdf-fonts';
import { renderDocumentPdf } from './render-pdf';

const dir = mkdtempSync(join(tmpdir(), 'kontor-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

/** The PDF's text as poppler extracts it, whitespace collapsed (no-break spaces included). */
async function pdfText(data: DocumentData): Promise<{ text: string; file: string }> {
  const file = join(dir, `doc-${n++}.pdf`);
  writeFileSync(file, await renderDocumentPdf(data));
  const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  return { text: text.replace(/\s+/g, ' '), file };
}

function pdfInfo(file: string): Record<string, string> {
  const out = execFileSync('pdfinfo', ['-isodates', file], { encoding: 'utf8' });
  return Object.fromEntries(
    out
      .split('\n')
      .filter((l) => l.includes(':'))
      .map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]),
  );
}

const titles = {
  de: { invoice: 'Rechnung', correction: 'Rechnungskorrektur' },
  nl: { invoice: 'Factuur', correction: 'Creditnota' },
  en: { invoice: 'Invoice', correction: 'Credit note' },
} as const;

const expected = {
  de: {
    issueDate: '01.12.2026',
    dueDate: '15.12.2026',
    period: '01.12.2026 – 31.12.2026',
    baseFee: '49,90 €',
    usagePrice: '0,85 €',
    usageNet: '116,45 €',
    rate19: '19 %',
    vat19: 'Umsatzsteuer 19 % auf 272,85 € 51,84 €',
    vat7: 'Umsatzsteuer 7 % auf 25,00 € 1,75 €',
    gross: 'Rechnungsbetrag 351,44 €',
    discount: 'Bei Zahlung bis 08.12.2026 gewähren wir 2 % Skonto (7,03 €); Zahlbetrag dann 344,41 €.',
    corrects: 'Korrektur der Rechnung RE-2026-00031 vom 01.11.2026',
    prorated: 'anteilig 15/30 Tage',
  },
  nl: {
    issueDate: '01-12-2026',
    dueDate: '15-12-2026',
    period: '01-12-2026 – 31-12-2026',
    baseFee: '€ 49,90',
    usagePrice: '€ 0,85',
    usageNet: '€ 116,45',
    rate19: '19%',
    vat19: 'Btw 19% over € 272,85 € 51,84',
    vat7: 'Btw 7% over € 25,00 € 1,75',
    gross: 'Totaal te betalen € 351,44',
    discount:
      'Bij betaling uiterlijk op 08-12-2026 geldt 2% betalingskorting (€ 7,03); te betalen dan € 344,41.',
    corrects: 'Correctie van factuur RE-2026-00031 van 01-11-2026',
    prorated: 'naar rato 15/30 dagen',
  },
  en: {
    issueDate: '01/12/2026',
    dueDate: '15/12/2026',
    period: '01/12/2026 – 31/12/2026',
    baseFee: '€49.90',
    usagePrice: '€0.85',
    usageNet: '€116.45',
    rate19: '19%',
    vat19: 'VAT 19% on €272.85 €51.84',
    vat7: 'VAT 7% on €25.00 €1.75',
    gross: 'Amount due €351.44',
    discount:
      'If paid by 08/12/2026, a 2% early-payment discount applies (€7.03); amount then payable €344.41.',
    corrects: 'Correction of invoice RE-2026-00031 of 01/11/2026',
    prorated: 'prorated 15/30 days',
  },
} as const;

describe('document PDF', () => {
  for (const language of ['de', 'nl', 'en'] as const) {
    const e = expected[language];

    it(`an invoice in ${language} holds everything the document data says`, async () => {
      const data = buildDocumentData({ language });
      const { text } = await pdfText(data);
      expect(text).toContain(`${titles[language].invoice} RE-2026-00042`);
      expect(text).toContain(e.issueDate);
      // issuer: name, address, VAT ID, bank
      for (const s of [data.issuer.name, data.issuer.street, `${data.issuer.postalCode} ${data.issuer.city}`])
        expect(text).toContain(s);
      expect(text).toContain(data.issuer.vatId);
      expect(text).toContain(
        language === 'nl' ? 'IBAN NL91 ABNA 0417 1643 00' : 'IBAN DE89 3704 0044 0532 0130 00',
      );
      expect(text).toContain(`BIC ${data.issuer.bic}`);
      // recipient in the window
      for (const s of ['Bakkerij Jansen', 'Jan Jansen', 'Herestraat 101', '9711 LM Groningen'])
        expect(text).toContain(s);
      expect(text).toContain('K-10023');
      expect(text).toContain('PO-7781');
      // lines: title, service period, quantity, unit price, VAT rate, net
      for (const line of data.lines) expect(text).toContain(line.title);
      expect(text).toContain(e.period);
      expect(text).toContain(e.baseFee);
      expect(text).toContain(`137`);
      expect(text).toContain(e.usagePrice);
      expect(text).toContain(e.usageNet);
      expect(text).toContain(e.rate19);
      expect(text).toContain(e.prorated);
      // totals per VAT rate, gross, payment terms with due date and discount
      expect(text).toContain(e.vat19);
      expect(text).toContain(e.vat7);
      expect(text).toContain(e.gross);
      expect(text).toContain(e.dueDate);
      expect(text).toContain(e.discount);
      expect(text).not.toContain('TEST');
    });

    it(`a correction in ${language} is titled as such and names the corrected invoice by number and date`, async () => {
      const data = buildDocumentData({ language, kind: 'correction', lines: correctionLines });
      const { text } = await pdfText(data);
      expect(text).toContain(`${titles[language].correction} RK-2026-00007`);
      expect(text).toContain(e.corrects);
      expect(text).not.toMatch(/Gutschrift/i);
      // a correction states no payment deadline
      expect(text).not.toContain(e.dueDate);
    });

    it(`reverse charge in ${language}: 0 % VAT, the legend and both VAT IDs`, async () => {
      const data = buildDocumentData({ language, vatTreatment: 'reverse_charge' });
      const { text } = await pdfText(data);
      expect(text).toContain(data.vatLegend);
      expect(text).toContain(data.issuer.vatId);
      expect(text).toContain('NL859048395B01');
      expect(text).not.toContain(e.vat19);
    });
  }

  it('a test document is marked TEST', async () => {
    const { text, file } = await pdfText(
      buildDocumentData({ language: 'de', isTest: true, lines: manyLines(40) }),
    );
    expect(text).toContain('TEST – kein gültiger Beleg, nicht zahlen');
    // the diagonal mark on every page (rotated text: read in content order, not by layout)
    const raw = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    const pages = Number(pdfInfo(file).Pages);
    expect(pages).toBeGreaterThan(1);
    expect(raw.split('\f').filter((page) => /^TEST$/m.test(page)).length).toBe(pages);
  });

  it('a long document runs over pages, numbered "page n of m", the table continuing with its header', async () => {
    const data = buildDocumentData({ language: 'en', lines: manyLines(60) });
    const { text, file } = await pdfText(data);
    const pages = Number(pdfInfo(file).Pages);
    expect(pages).toBeGreaterThan(1);
    for (let p = 1; p <= pages; p++) expect(text).toContain(`Page ${p} of ${pages}`);
    expect(text.match(/Unit price/g)?.length).toBe(pages);
    expect(text).toContain('Nebenstelle 60');
    const single = await pdfText(buildDocumentData({ language: 'en' }));
    expect(single.text).not.toMatch(/Page \d+ of/);
  });

  it('the same data gives the same bytes; the PDF is dated by the issue date', async () => {
    const data = buildDocumentData({ language: 'nl' });
    const a = await renderDocumentPdf(data);
    const b = await renderDocumentPdf(structuredClone(data));
    expect(a.equals(b)).toBe(true);
    const other = await renderDocumentPdf({ ...data, number: 'RE-2026-00043' });
    expect(other.equals(a)).toBe(false);
    const file = join(dir, 'dated.pdf');
    writeFileSync(file, a);
    const info = pdfInfo(file);
    expect(info.CreationDate).toMatch(/^2026-12-01T00:00:00/);
    expect(info.Title).toBe('Factuur RE-2026-00042');
  });

  it('the fast paths (fonts measured once, wrapped text laid out once) give the same bytes as pdfkit as it is', async () => {
    expect(sharedFontsSupported()).toBe(true);
    const samples = [
      buildDocumentData({ language: 'de' }),
      buildDocumentData({ language: 'nl', vatTreatment: 'reverse_charge' }),
      buildDocumentData({ language: 'en', kind: 'correction', lines: correctionLines }),
      buildDocumentData({ language: 'de', isTest: true, lines: manyLines(40) }),
      // characters outside WinAnsi, kerning pairs, a title that wraps
      buildDocumentData({
        language: 'en',
        lines: [
          {
            ...standardLines[0],
            title: 'AVAWAY Ty’s “Tarif” – Ωmega ✓ Weiterleitung auf Mobilnummer mit Ansage und Sprachbox',
          },
        ] as typeof standardLines,
      }),
      // paragraphs and values over several lines
      buildDocumentData({
        language: 'de',
        purchaseOrderNumber: 'Rahmenvertrag 2026/17 Abruf 4, Kostenstelle Empfang und Telefonzentrale',
        paymentTerms: {
          ...buildDocumentData().paymentTerms,
          text: 'Bitte überweisen Sie den Betrag unter Angabe der Rechnungsnummer auf das unten genannte Konto. '.repeat(
            4,
          ),
        },
      }),
    ];
    for (const data of samples) {
      const shared = await renderDocumentPdf(data, { fast: true });
      const own = await renderDocumentPdf(data, { fast: false });
      expect(shared.equals(own), data.number).toBe(true);
    }
  });

  it('holds every item of the content list of §14 (4) UStG', async () => {
    const data = buildDocumentData({ language: 'de' });
    const { text } = await pdfText(data);
    const items: [string, string[]][] = [
      [
        '1. name and address of the supplier',
        ['Büroservice Müller GmbH', 'Königstraße 5', '70173 Stuttgart'],
      ],
      ['1. name and address of the recipient', ['Bakkerij Jansen', 'Herestraat 101', '9711 LM Groningen']],
      ['2. tax number or VAT ID of the supplier', ['DE123456789', '99/815/08150']],
      ['3. issue date', ['Rechnungsdatum 01.12.2026']],
      ['4. unique number', ['Rechnungsnummer RE-2026-00042']],
      ['5. quantity and kind of the services', ['137 Anruf', 'Anrufannahme', '2 Stück']],
      [
        '6. time of the service',
        ['01.11.2026 – 30.11.2026', '16.11.2026', 'Leistungszeitraum 01.11.2026 – 31.12.2026'],
      ],
      ['7. net amount per VAT rate, agreed reduction', ['auf 272,85 €', 'auf 25,00 €', '2 % Skonto']],
      [
        '8. VAT rate and amount',
        ['Umsatzsteuer 19 % auf 272,85 € 51,84 €', 'Umsatzsteuer 7 % auf 25,00 € 1,75 €'],
      ],
    ];
    for (const [item, needles] of items) {
      for (const needle of needles) expect(text, item).toContain(needle);
    }
    // 8. without VAT: the note why none is charged
    const exempt = await pdfText(buildDocumentData({ language: 'de', vatTreatment: 'not_taxable' }));
    expect(exempt.text).toContain('Nicht steuerbar');
  });
});

describe('the information block', () => {
  it('a label wider than its column wraps instead of running under its value (de correction)', async () => {
    const file = join(dir, `doc-${n++}.pdf`);
    writeFileSync(
      file,
      await renderDocumentPdf(
        buildDocumentData({ kind: 'correction', language: 'de', lines: correctionLines }),
      ),
    );
    const html = execFileSync('pdftotext', ['-bbox', '-f', '1', '-l', '1', file, '-'], { encoding: 'utf8' });
    const words = [
      ...html.matchAll(
        /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g,
      ),
    ].map((m) => ({ xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), text: m[4] ?? '' }));
    // The information block: right of the recipient window, above the title.
    const block = words.filter((w) => w.xMin > 300 && w.yMin < 250);
    const value = block.find((w) => /^RK-\d{4}-\d{5}$/.test(w.text));
    expect(value, 'the number in the information block').toBeDefined();
    const label = block.filter((w) => ['Nummer', 'der', 'Rechnungskorrektur'].includes(w.text));
    expect(label.map((w) => w.text)).toEqual(['Nummer', 'der', 'Rechnungskorrektur']);
    // Every word of the label ends before the value begins.
    for (const w of label) expect(w.xMax, w.text).toBeLessThan(value!.xMin);
  });
});
