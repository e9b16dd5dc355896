import PDFDocument from 'pdfkit';
import type { Locale } from '../../../shared/locales';
import { type DeclarationFacts, declarationLines, declarationWords } from './cancellation-button.texts';

const MM = 72 / 25.4;
const LEFT = 25 * MM;
const WIDTH = 210 * MM - LEFT - 20 * MM;
const LABEL_W = 62 * MM;

/**
 * The receipt of a cancellation-button declaration as a PDF (A4): the operator, the title, every
 * field as declared and the date and time of receipt. The output depends only on the declaration
 * (creation date = receipt time), so a second download gives the same document.
 */
export function renderCancellationReceiptPdf(
  locale: Locale,
  facts: DeclarationFacts,
  receivedAt: Date,
): Promise<Buffer> {
  const w = declarationWords(locale);
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 0,
      compress: true,
      lang: locale,
      displayTitle: true,
      info: {
        Title: `${w.receiptTitle} – ${facts.portal}`,
        Author: facts.portal,
        Creator: 'Kontor',
        Producer: 'Kontor',
        CreationDate: receivedAt,
        ModDate: receivedAt,
      },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    try {
      doc.fillColor('#1a1a1a');
      doc
        .font('Helvetica-Bold')
        .fontSize(11)
        .text(facts.portal, LEFT, 20 * MM, { width: WIDTH });
      doc
        .font('Helvetica-Bold')
        .fontSize(16)
        .text(w.receiptTitle, LEFT, 45 * MM, { width: WIDTH });
      doc.moveDown(0.6);
      doc.font('Helvetica').fontSize(10).fillColor('#555555').text(w.pdfNote, { width: WIDTH });
      let y = doc.y + 8 * MM;
      doc.fillColor('#1a1a1a').fontSize(10.5);
      for (const [label, value] of declarationLines(locale, facts)) {
        doc.font('Helvetica-Bold').text(label, LEFT, y, { width: LABEL_W - 4 * MM });
        const labelBottom = doc.y;
        doc.font('Helvetica').text(value, LEFT + LABEL_W, y, { width: WIDTH - LABEL_W });
        y = Math.max(labelBottom, doc.y) + 3 * MM;
      }
      doc.end();
    } catch (error) {
      reject(error);
    }
  });
}
