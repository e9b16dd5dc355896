import type { LegalDocumentDto } from '../../../shared/schemas';
import type { RequestContext } from '../../context';
import type { Database } from '../../db/client';
import { problems } from '../../problem';
import { recordAudit } from '../audit/audit.repository';
import { presentLegalDocument } from './legal.presenter';
import { type LegalKind, legalRepository as repo } from './legal.repository';

const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');

/** Whether the bytes are a PDF file (every PDF starts with the header "%PDF-"). */
export function looksLikePdf(bytes: unknown): bytes is Buffer {
  return Buffer.isBuffer(bytes) && bytes.length > PDF_MAGIC.length && bytes.subarray(0, 5).equals(PDF_MAGIC);
}

type Publication = {
  kind: LegalKind;
  title: string;
  bodyText: string | null;
  pdf: Buffer | null;
  pdfFilename: string | null;
};

export function createLegalService(db: Database) {
  async function listDocuments(ctx: RequestContext): Promise<LegalDocumentDto[]> {
    return db.tenant(ctx.tenantId, async (tx) =>
      (await repo.list(tx, ctx.tenantId)).map(presentLegalDocument),
    );
  }

  /** Publishes the next version of a kind; earlier versions stay readable forever. */
  async function publish(ctx: RequestContext, input: Publication): Promise<LegalDocumentDto> {
    return db.tenant(ctx.tenantId, async (tx) => {
      await repo.lockKind(tx, ctx.tenantId, input.kind);
      const version = await repo.nextVersion(tx, ctx.tenantId, input.kind);
      const row = await repo.insert(tx, {
        tenantId: ctx.tenantId,
        ...input,
        version,
        pdfFilename: input.pdf ? (input.pdfFilename ?? `${input.kind}-v${version}.pdf`) : null,
        publishedAt: ctx.now,
        publishedBy: ctx.actor?.userId ?? null,
      });
      await recordAudit(tx, ctx, {
        action: 'legal_document.published',
        entityType: 'legal_document',
        entityId: row.id,
        after: {
          kind: row.kind,
          version: row.version,
          title: row.title,
          hasPdf: row.hasPdf,
          pdfBytes: input.pdf?.length ?? null,
        },
      });
      return presentLegalDocument(row);
    });
  }

  async function publishText(
    ctx: RequestContext,
    input: { kind: LegalKind; title: string; bodyText: string },
  ): Promise<LegalDocumentDto> {
    return publish(ctx, { ...input, pdf: null, pdfFilename: null });
  }

  async function publishPdf(
    ctx: RequestContext,
    input: { kind: LegalKind; title: string; filename?: string | undefined },
    body: unknown,
  ): Promise<LegalDocumentDto> {
    if (!looksLikePdf(body))
      throw problems.badRequest('not_a_pdf', 'The upload is not a PDF file', [
        {
          field: 'file',
          message: 'Upload a PDF file (its content must start with %PDF-), sent as application/pdf',
          code: 'not_a_pdf',
        },
      ]);
    return publish(ctx, {
      kind: input.kind,
      title: input.title,
      bodyText: null,
      pdf: body,
      pdfFilename: input.filename ?? null,
    });
  }

  async function currentDocument(tenantId: string, kind: LegalKind): Promise<LegalDocumentDto> {
    return db.tenant(tenantId, async (tx) => {
      const row = await repo.current(tx, tenantId, kind);
      if (!row) throw problems.notFound(kind === 'terms' ? 'Terms and conditions' : 'Privacy policy');
      return presentLegalDocument(row);
    });
  }

  async function getDocument(tenantId: string, id: string): Promise<LegalDocumentDto> {
    return db.tenant(tenantId, async (tx) => {
      const row = await repo.find(tx, tenantId, id);
      if (!row) throw problems.notFound('Document');
      return presentLegalDocument(row);
    });
  }

  async function getPdf(tenantId: string, id: string): Promise<{ bytes: Buffer; filename: string }> {
    return db.tenant(tenantId, async (tx) => {
      const row = await repo.findPdf(tx, tenantId, id);
      if (!row?.pdf) throw problems.notFound('PDF');
      return { bytes: row.pdf, filename: row.pdfFilename ?? `${row.kind}-v${row.version}.pdf` };
    });
  }

  return { listDocuments, publishText, publishPdf, currentDocument, getDocument, getPdf };
}

export type LegalService = ReturnType<typeof createLegalService>;
