/**
 * Page content collected as text and turned into bytes once per page.
 *
 * pdfkit turns every content operator (`BT`, `1 0 0 1 x y Tm`, `[<…>] TJ`, …) into its own byte
 * array character by character as it is written, and joins the arrays when the page ends: a
 * rendered document writes a few thousand of them. Here a page's operators are kept as strings and
 * written to pdfkit's content stream as one byte array (latin1, the same bytes: the operators are
 * ASCII) when the page ends. Relies on pdfkit's page object (`write`, `end`, `content`); the
 * renderer's tests compare the bytes with pdfkit as it is.
 */

type PageInternals = {
  write(chunk: string | Uint8Array): unknown;
  end(): unknown;
  content: { write(chunk: string | Uint8Array): unknown };
};

/** Installs the collecting writer on every page added to the document from now on. */
export function collectPageContent(doc: PDFKit.PDFDocument) {
  doc.on('pageAdded', () => {
    const page = (doc as unknown as { page: PageInternals }).page;
    const parts: string[] = [];
    const flush = () => {
      if (parts.length === 0) return;
      // pdfkit writes each string chunk followed by a newline.
      page.content.write(Buffer.from(`${parts.join('\n')}\n`, 'latin1'));
      parts.length = 0;
    };
    page.write = (chunk) => {
      if (typeof chunk === 'string') {
        parts.push(chunk);
        return undefined;
      }
      flush();
      return page.content.write(chunk);
    };
    const end = page.end.bind(page);
    page.end = () => {
      flush();
      return end();
    };
  });
}
