import PDFDocument from 'pdfkit';
import { documentTitles, type Language } from '../../domain/documents';
import { formatMoney, type Money, parseDecimal6, percentOf } from '../../domain/money';
import { formattingLocale } from '../../shared/locales';
import type { DocumentData, DocumentLineData } from '../../shared/schemas/documents';
import { type DocumentLabels, documentLabels } from './document-labels';
import { collectPageContent } from './pdf-content';
import { installSharedStandardFonts, sharedFontsSupported } from './pdf-fonts';

/**
 * Renders an issued document (invoice or correction) as a PDF from its frozen data alone, in the
 * document's language, in a DIN 5008 (form B) like layout on A4:
 *
 * - letterhead with the operator's name in the logo area; return address and recipient in the
 *   window (45 mm from the top, 20 mm from the left); the information block beside it (number,
 *   issue date, customer number, purchase-order number, service period);
 * - title and number, for a correction the invoice it corrects by number and date;
 * - lines: position, description with service period (and proration), quantity, unit, unit
 *   price, VAT rate, net; totals per VAT rate; VAT legend and both VAT IDs when VAT is not charged;
 * - payment terms with due date and early-payment discount; footer with the operator's address,
 *   contact, VAT ID / tax number and bank details on every page; "page n of m" when longer than a page;
 * - test documents carry a TEST mark on every page.
 *
 * That covers the content list of §14 (4) UStG: both parties' names and addresses, the
 * supplier's VAT ID or tax number, issue date, a unique number, quantity and kind of each service,
 * its time (service period), the net amounts per VAT rate and any agreed reduction (discount), the
 * rate and amount of VAT or the note why none is charged.
 *
 * The output depends only on the data: the PDF's creation date is the issue date, so the same
 * document always gives the same bytes.
 */
export function renderDocumentPdf(data: DocumentData, options: RenderOptions = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const fast = options.fast ?? sharedFontsSupported();
    const doc = createPdf(data, fast);
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    try {
      new Layout(doc, data, fast).draw();
      doc.end();
    } catch (error) {
      reject(error);
    }
  });
}

export type RenderOptions = {
  /**
   * The fast paths (the default where pdfkit's internals are as expected): standard fonts
   * measured once per process (pdf-fonts.ts), page content collected as text and written once
   * per page (pdf-content.ts), and wrapped text laid out once per process and drawn line by line. `false` renders with pdfkit as it is; both give the same bytes (tested).
   */
  fast?: boolean;
};

const MM = 72 / 25.4;
const PAGE_W = 210 * MM;
const PAGE_H = 297 * MM;
const LEFT = 25 * MM;
const RIGHT = PAGE_W - 20 * MM;
const CONTENT_W = RIGHT - LEFT;
/** Content never runs into the footer. */
const CONTENT_BOTTOM = 262 * MM;
const FOOTER_TOP = 272 * MM;
const NEXT_PAGE_TOP = 20 * MM;

const REGULAR = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const TEXT = '#1a1a1a';
const MUTED = '#555555';
const RULE = '#999999';
const TEST_RED = '#c0001a';

/** Table columns: x offset from LEFT and width, in points. */
const COLUMNS = (() => {
  const widths = { position: 10, description: 62, quantity: 15, unit: 17, unitPrice: 23, vat: 13, net: 25 };
  let x = 0;
  const out = {} as Record<keyof typeof widths, { x: number; w: number }>;
  for (const key of Object.keys(widths) as (keyof typeof widths)[]) {
    out[key] = { x: LEFT + x * MM, w: widths[key] * MM };
    x += widths[key];
  }
  return out;
})();
const CELL_PAD = 1.2 * MM;

function createPdf(data: DocumentData, fast: boolean): PDFKit.PDFDocument {
  const issued = new Date(`${data.issueDate}T00:00:00Z`);
  const title = `${documentTitles[data.kind][data.language]} ${data.number}`;
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    bufferPages: true,
    compress: true,
    lang: data.language,
    displayTitle: true,
    info: {
      Title: data.isTest ? `TEST ${title}` : title,
      Author: data.issuer.name,
      Subject: title,
      Creator: 'Kontor',
      Producer: 'Kontor',
      CreationDate: issued,
      ModDate: issued,
    },
    // No default font opened and no page yet: the shared standard fonts and the collecting page
    // writer are installed first.
    ...(fast ? { font: null as unknown as string, autoFirstPage: false } : {}),
  });
  if (fast) {
    installSharedStandardFonts(doc, [REGULAR, BOLD]);
    collectPageContent(doc);
    doc.addPage();
  }
  return doc;
}

class Layout {
  private readonly l: DocumentLabels;
  private readonly lang: Language;
  private readonly number: Intl.NumberFormat;
  private readonly price: Intl.NumberFormat;
  private y = 0;

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly data: DocumentData,
    private readonly fast: boolean,
  ) {
    this.lang = data.language;
    this.l = documentLabels[data.language];
    this.number = numberFormat(data.language);
    this.price = priceFormat(data.language, data.currency);
  }

  draw() {
    this.letterhead();
    this.window();
    this.infoBlock();
    this.title();
    this.table();
    this.totals();
    this.vatNotes();
    this.paymentTerms();
    this.everyPage();
  }

  // --- page 1 head ---------------------------------------------------------------------------

  private letterhead() {
    const { doc, data } = this;
    // The logo area (top right): the operator's name as its word mark.
    doc.font(BOLD).fontSize(16).fillColor(TEXT);
    doc.text(data.issuer.name, 110 * MM, 17 * MM, {
      width: RIGHT - 110 * MM,
      align: 'right',
      height: 20 * MM,
    });
    doc.font(REGULAR).fontSize(8).fillColor(MUTED);
    const contact = [data.issuer.email, data.issuer.phone].filter(Boolean).join(' · ');
    doc.text(
      [`${data.issuer.street}, ${data.issuer.postalCode} ${data.issuer.city}`, contact]
        .filter(Boolean)
        .join('\n'),
      110 * MM,
      doc.y + 1 * MM,
      { width: RIGHT - 110 * MM, align: 'right' },
    );
  }

  private window() {
    const { doc, data } = this;
    const x = 25 * MM;
    const returnAddress = `${data.issuer.name} · ${data.issuer.street} · ${data.issuer.postalCode} ${data.issuer.city}`;
    doc.font(REGULAR).fontSize(7).fillColor(MUTED);
    doc.text(returnAddress, x, 50 * MM, { width: 80 * MM, lineBreak: false, ellipsis: true });
    doc
      .moveTo(x, 53.5 * MM)
      .lineTo(x + 80 * MM, 53.5 * MM)
      .lineWidth(0.3)
      .strokeColor(RULE)
      .stroke();
    const r = data.recipient;
    const lines = [
      r.company,
      r.name,
      r.street,
      `${r.postalCode} ${r.city}`,
      r.country !== data.issuer.country ? (this.l.countries[r.country] ?? r.country).toUpperCase() : null,
    ].filter((v): v is string => Boolean(v));
    doc.font(REGULAR).fontSize(10).fillColor(TEXT);
    this.stack(lines, x, 62.7 * MM, 80 * MM, 12.5);
  }

  private infoBlock() {
    const { data, l } = this;
    const rows: [string, string][] = [
      [l.number[data.kind], data.number],
      [l.issueDate[data.kind], this.date(data.issueDate)],
    ];
    if (data.customerNumber) rows.push([l.customerNumber, data.customerNumber]);
    if (data.purchaseOrderNumber) rows.push([l.purchaseOrderNumber, data.purchaseOrderNumber]);
    if (data.periodFrom && data.periodTo)
      rows.push([l.servicePeriod, this.period(data.periodFrom, data.periodTo)]);
    this.labelValueRows(rows, 125 * MM, 55 * MM, RIGHT - 125 * MM);
  }

  private labelValueRows(rows: [string, string][], atX: number, y: number, atWidth: number) {
    const { doc } = this;
    // A label longer than its column (e.g. "Purchase order number") widens the block to the left,
    // by at most 10 mm (the recipient window ends well before); beyond that it wraps.
    doc.font(REGULAR).fontSize(8.5);
    const widest = Math.max(...rows.map(([label]) => doc.widthOfString(label)));
    const extra = Math.min(Math.max(0, widest + 4 - atWidth * 0.44), 10 * MM);
    const x = atX - extra;
    const width = atWidth + extra;
    const labelW = atWidth * 0.44 + extra;
    let cy = y;
    for (const [label, value] of rows) {
      // A label still wider than its column wraps ("Nummer der Rechnungskorrektur"): never under the value.
      doc.font(REGULAR).fontSize(8.5).fillColor(MUTED);
      const labelEnd = this.textBlock(label, x, cy, labelW - 2);
      doc.font(BOLD).fillColor(TEXT);
      const end = this.textBlock(value, x + labelW, cy, width - labelW);
      cy = Math.max(end, labelEnd, cy + 11) + 1;
    }
  }

  private title() {
    const { doc, data, l } = this;
    doc.font(BOLD).fontSize(14).fillColor(TEXT);
    this.y =
      this.textBlock(`${documentTitles[data.kind][this.lang]} ${data.number}`, LEFT, 103 * MM, CONTENT_W) +
      1 * MM;
    if (data.corrects) {
      doc.font(REGULAR).fontSize(10).fillColor(TEXT);
      const text = l.corrects(data.corrects.number, this.date(data.corrects.issueDate));
      this.y = this.textBlock(text, LEFT, this.y, CONTENT_W) + 1 * MM;
    }
    if (data.isTest) {
      doc.font(BOLD).fontSize(10).fillColor(TEST_RED);
      this.y = this.textBlock(l.test, LEFT, this.y, CONTENT_W) + 1 * MM;
    }
    this.y += 4 * MM;
  }

  // --- lines ---------------------------------------------------------------------------------

  private tableHeader() {
    const { doc, l } = this;
    const c = l.columns;
    doc.font(BOLD).fontSize(8).fillColor(TEXT);
    const y = this.y;
    this.cell(c.position, 'position', y, 'left');
    this.cell(c.description, 'description', y, 'left');
    this.cell(c.quantity, 'quantity', y, 'right');
    this.cell(c.unit, 'unit', y, 'left');
    this.cell(c.unitPrice, 'unitPrice', y, 'right');
    this.cell(c.vat, 'vat', y, 'right');
    this.cell(c.net, 'net', y, 'right');
    this.y = y + 11;
    this.rule(this.y, 0.6);
    this.y += 2;
  }

  private cell(
    text: string,
    column: keyof typeof COLUMNS,
    y: number,
    align: 'left' | 'right',
    options: { wrap?: boolean } = {},
  ) {
    const col = COLUMNS[column];
    const x = column === 'position' ? col.x : col.x + CELL_PAD;
    const w = column === 'position' ? col.w - CELL_PAD : col.w - (column === 'net' ? CELL_PAD : 2 * CELL_PAD);
    if (options.wrap && align === 'left') this.textBlock(text, x, y, w);
    else if (options.wrap) this.doc.text(text, x, y, { width: w, align });
    else this.put(text, x, y, w, align);
  }

  /**
   * What `doc.text(text, x, y, { width })` draws, left-aligned, for text that ends above the page
   * bottom (the layout makes room first): the lines of pdfkit's line wrapper, laid out once per
   * process for the same text, font, size and width, drawn one under the other. Returns the `y`
   * below the text, as `doc.y` after `doc.text`.
   */
  private textBlock(text: string, x: number, y: number, width: number): number {
    const { doc } = this;
    if (!this.fast) {
      doc.text(text, x, y, { width });
      return doc.y;
    }
    const lineHeight = doc.currentLineHeight(true);
    let cy = y;
    for (const line of this.wrapLines(text, width)) {
      doc.text(line, x, cy, { lineBreak: false });
      cy += lineHeight;
    }
    doc.x = x;
    doc.y = cy;
    return cy;
  }

  /** `doc.heightOfString(text, { width })` from the lines laid out once (see textBlock). */
  private heightOf(text: string, width: number): number {
    const { doc } = this;
    if (!this.fast) return doc.heightOfString(text, { width });
    const lineHeight = doc.currentLineHeight(true);
    const y0 = doc.y;
    let y = y0;
    for (let n = this.wrapLines(text, width).length; n > 0; n--) y += lineHeight;
    return y - y0;
  }

  /** The lines pdfkit's line wrapper makes of the text (as heightOfString runs it), cached. */
  private wrapLines(text: string, width: number): readonly string[] {
    const doc = this.doc as unknown as PdfTextInternals;
    const key = `${doc._font.name}\u0000${doc._fontSize}\u0000${width}\u0000${text}`;
    const cached = wrappedLines.get(key);
    if (cached) return cached;
    const lines: string[] = [];
    const { x, y } = doc;
    const lineHeight = doc.currentLineHeight(true);
    doc._text(text, x, y, { width, height: Number.POSITIVE_INFINITY }, (line: string) => {
      lines.push(line);
      doc.y += lineHeight;
    });
    doc.x = x;
    doc.y = y;
    if (wrappedLines.size >= 2_000) wrappedLines.clear();
    wrappedLines.set(key, lines);
    return lines;
  }

  /**
   * One line of text without the line wrapper (the costly part of text layout): right-aligned
   * text is placed by its measured width.
   */
  /** Short lines one under the other; a line too long for the width wraps. */
  private stack(lines: readonly string[], x: number, y: number, width: number, lineHeight: number) {
    let cy = y;
    for (const line of lines) {
      if (this.doc.widthOfString(line) <= width) {
        this.doc.text(line, x, cy, { lineBreak: false });
        cy += lineHeight;
      } else {
        this.doc.text(line, x, cy, { width });
        cy = Math.max(this.doc.y, cy + lineHeight);
      }
    }
  }

  private put(text: string, x: number, y: number, width: number, align: 'left' | 'right') {
    const dx = align === 'right' ? width - this.doc.widthOfString(text) : 0;
    this.doc.text(text, x + dx, y, { lineBreak: false });
  }

  private table() {
    this.tableHeader();
    for (const line of this.data.lines) this.row(line);
    this.rule(this.y, 0.6);
    this.y += 3 * MM;
  }

  private row(line: DocumentLineData) {
    const { doc, l } = this;
    const descW = COLUMNS.description.w - 2 * CELL_PAD;
    doc.font(REGULAR).fontSize(9);
    const oneLine = doc.widthOfString(line.title) <= descW;
    const titleH = oneLine ? doc.currentLineHeight(true) : this.heightOf(line.title, descW);
    const detail = [
      this.period(line.periodFrom, line.periodTo),
      line.proration ? l.prorated(line.proration) : null,
    ]
      .filter(Boolean)
      .join(', ');
    const height = titleH + 10 + 4;
    if (line.position > 1 && this.y + height <= CONTENT_BOTTOM) this.rule(this.y - 2, 0.2);
    this.ensureSpace(height, true);
    const y = this.y;
    doc.font(REGULAR).fontSize(9).fillColor(TEXT);
    this.cell(String(line.position), 'position', y, 'left');
    this.cell(line.title, 'description', y, 'left', { wrap: !oneLine });
    this.cell(this.quantity(line.quantity), 'quantity', y, 'right');
    this.cell(this.unit(line.unit), 'unit', y, 'left');
    this.cell(this.unitPrice(line.unitPrice), 'unitPrice', y, 'right');
    this.cell(this.rate(line.vatRate), 'vat', y, 'right');
    this.cell(this.money(line.net), 'net', y, 'right');
    doc.font(REGULAR).fontSize(7.5).fillColor(MUTED);
    this.cell(detail, 'description', y + titleH + 1, 'left');
    this.y = y + height;
  }

  // --- totals and notes ----------------------------------------------------------------------

  private totals() {
    const { doc, data, l } = this;
    const rows: { label: string; value: string; bold?: boolean }[] = [
      { label: l.netTotal, value: this.money(data.totals.net) },
    ];
    for (const r of data.totals.perRate) {
      rows.push({ label: l.vatOn(this.rate(r.vatRate), this.money(r.net)), value: this.money(r.vat) });
    }
    rows.push({ label: l.grossTotal[data.kind], value: this.money(data.totals.gross), bold: true });
    this.ensureSpace(rows.length * 13 + 6, false);
    const x = LEFT + 70 * MM;
    const w = RIGHT - x;
    for (const row of rows) {
      if (row.bold) {
        this.rule(this.y, 0.6, x);
        this.y += 3;
      }
      doc
        .font(row.bold ? BOLD : REGULAR)
        .fontSize(row.bold ? 10 : 9)
        .fillColor(TEXT);
      this.put(row.label, x, this.y, w - 30 * MM, 'left');
      this.put(row.value, x, this.y, w - CELL_PAD, 'right');
      this.y += row.bold ? 14 : 12;
    }
    this.y += 3 * MM;
  }

  private vatNotes() {
    const { data, l } = this;
    const paragraphs: { text: string; bold?: boolean }[] = [];
    if (data.vatLegend) paragraphs.push({ text: data.vatLegend, bold: true });
    if (data.vatTreatment === 'reverse_charge') {
      paragraphs.push({ text: `${l.supplierVatId}: ${data.issuer.vatId ?? '—'}` });
      paragraphs.push({ text: `${l.recipientVatId}: ${data.recipientVatId ?? '—'}` });
    }
    this.paragraphs(paragraphs);
  }

  private paymentTerms() {
    const { data, l } = this;
    const t = data.paymentTerms;
    const paragraphs: { text: string; bold?: boolean }[] = [];
    if (data.kind === 'correction') {
      paragraphs.push({ text: l.correctionSettlement });
    } else {
      paragraphs.push({ text: l.payableBy(this.date(t.dueDate)), bold: true });
      if (t.discountPercent && t.discountUntil) {
        const gross: Money = { amountMinor: data.totals.gross, currency: data.currency };
        const discount = percentOf(gross, parseDecimal6(t.discountPercent));
        paragraphs.push({
          text: l.discount(
            this.rate(t.discountPercent),
            this.date(t.discountUntil),
            this.money(discount.amountMinor),
            this.money(gross.amountMinor - discount.amountMinor),
          ),
        });
      }
    }
    // The operator's payment text asks for payment: not on a correction, which is refunded or set off.
    if (t.text && data.kind !== 'correction') paragraphs.push({ text: t.text });
    this.paragraphs(paragraphs);
  }

  private paragraphs(paragraphs: { text: string; bold?: boolean }[]) {
    const { doc } = this;
    for (const p of paragraphs) {
      doc.font(p.bold ? BOLD : REGULAR).fontSize(9);
      const h = this.heightOf(p.text, CONTENT_W);
      this.ensureSpace(h + 3, false);
      doc.fillColor(TEXT);
      this.y = this.textBlock(p.text, LEFT, this.y, CONTENT_W) + 3;
    }
    if (paragraphs.length) this.y += 2 * MM;
  }

  // --- every page ----------------------------------------------------------------------------

  private everyPage() {
    const { doc, data, l } = this;
    const range = doc.bufferedPageRange();
    for (let i = 0; i < range.count; i++) {
      doc.switchToPage(range.start + i);
      this.footer();
      if (range.count > 1) {
        doc.font(REGULAR).fontSize(8).fillColor(MUTED);
        this.put(l.page(i + 1, range.count), LEFT, FOOTER_TOP - 6 * MM, CONTENT_W, 'right');
      }
      if (data.isTest) this.testMark();
    }
  }

  private footer() {
    const { doc, data, l } = this;
    const i = data.issuer;
    this.rule(FOOTER_TOP - 2 * MM, 0.3);
    const colW = CONTENT_W / 3;
    const tax = [
      i.vatId ? `${l.supplierVatId}: ${i.vatId}` : null,
      i.taxNumber ? `${l.taxNumber}: ${i.taxNumber}` : null,
    ];
    const columns = [
      [i.name, i.street, `${i.postalCode} ${i.city}`, this.l.countries[i.country] ?? i.country],
      [l.contact, i.email, i.phone, ...tax],
      [l.bank, i.bankName, `IBAN ${formatIban(i.iban)}`, i.bic ? `BIC ${i.bic}` : null],
    ];
    doc.font(REGULAR).fontSize(7).fillColor(MUTED);
    columns.forEach((lines, n) => {
      this.stack(
        lines.filter((v): v is string => Boolean(v)),
        LEFT + n * colW,
        FOOTER_TOP,
        colW - 2 * MM,
        8.5,
      );
    });
  }

  private testMark() {
    const { doc } = this;
    doc.save();
    doc.rotate(-35, { origin: [PAGE_W / 2, PAGE_H / 2] });
    doc.font(BOLD).fontSize(120).fillColor(TEST_RED).fillOpacity(0.12);
    doc.text('TEST', 0, PAGE_H / 2 - 60, { width: PAGE_W, align: 'center', lineBreak: false });
    doc.restore();
    doc.fillOpacity(1);
  }

  // --- helpers -------------------------------------------------------------------------------

  /** Starts a new page when `height` does not fit; a table continues with its header. */
  private ensureSpace(height: number, inTable: boolean) {
    if (this.y + height <= CONTENT_BOTTOM) return;
    this.doc.addPage();
    this.y = NEXT_PAGE_TOP;
    const { doc, data } = this;
    doc.font(REGULAR).fontSize(8).fillColor(MUTED);
    this.put(
      `${documentTitles[data.kind][this.lang]} ${data.number} · ${this.date(data.issueDate)}`,
      LEFT,
      this.y,
      CONTENT_W,
      'left',
    );
    this.y += 8 * MM;
    if (inTable) this.tableHeader();
  }

  private rule(y: number, width: number, from = LEFT) {
    this.doc.moveTo(from, y).lineTo(RIGHT, y).lineWidth(width).strokeColor(RULE).stroke();
  }

  private money(minor: number): string {
    return pdfText(
      formatMoney({ amountMinor: minor, currency: this.data.currency }, formattingLocale[this.lang]),
    );
  }

  private unitPrice(value: string): string {
    return pdfText(this.price.format(value as Intl.StringNumericLiteral));
  }

  private quantity(value: string): string {
    return pdfText(this.number.format(value as Intl.StringNumericLiteral));
  }

  private rate(value: string): string {
    const n = pdfText(this.number.format(value as Intl.StringNumericLiteral));
    return this.lang === 'de' ? `${n} %` : `${n}%`;
  }

  private unit(unit: string | null): string {
    if (!unit) return '';
    return this.l.units[unit] ?? unit;
  }

  private date(iso: string): string {
    const [y, m, d] = iso.split('-');
    if (this.lang === 'de') return `${d}.${m}.${y}`;
    if (this.lang === 'nl') return `${d}-${m}-${y}`;
    return `${d}/${m}/${y}`;
  }

  private period(from: string, to: string): string {
    return from === to ? this.date(from) : `${this.date(from)} – ${this.date(to)}`;
  }
}

/** Wrapped lines by font, size, width and text (see Layout.wrapLines). */
const wrappedLines = new Map<string, string[]>();

/** The parts of pdfkit's text layout that wrapLines uses (internal, pinned version). */
type PdfTextInternals = PDFKit.PDFDocument & {
  _font: { name: string };
  _fontSize: number;
  _text(
    text: string,
    x: number,
    y: number,
    options: PDFKit.Mixins.TextOptions,
    lineCallback: (line: string) => void,
  ): void;
};

const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(lang: Language): Intl.NumberFormat {
  let f = numberFormats.get(lang);
  if (!f) {
    f = new Intl.NumberFormat(formattingLocale[lang], { maximumFractionDigits: 6 });
    numberFormats.set(lang, f);
  }
  return f;
}
function priceFormat(lang: Language, currency: string): Intl.NumberFormat {
  const key = `${lang}|${currency}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(formattingLocale[lang], {
      style: 'currency',
      currency,
      minimumFractionDigits: 2,
      maximumFractionDigits: 6,
    });
    numberFormats.set(key, f);
  }
  return f;
}

/** The standard PDF fonts know no narrow no-break space (Intl uses it in some locales). */
function pdfText(s: string): string {
  return s.replace(/\u202f/g, '\u00a0');
}

function formatIban(iban: string): string {
  return iban.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');
}
