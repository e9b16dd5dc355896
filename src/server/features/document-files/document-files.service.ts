import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Actor } from '../../../shared/permissions';
import type { Clock } from '../../clock';
import type { RequestContext } from '../../context';
import { type Database, type Queryable, rowsOf } from '../../db/client';
import { renderDocumentPdf } from '../../documents/render-pdf';
import { renderDocumentPdfJob } from '../../jobs/definitions';
import type { Jobs } from '../../jobs/jobs';
import { problems } from '../../problem';
import { findDocumentData, findDocumentFile, insertDocumentFile } from './document-files.repository';

export type StoredPdf = { pdf: Buffer; sha256: string };

export type DocumentFilesService = ReturnType<typeof createDocumentFilesService>;

/**
 * The PDFs of issued documents: rendered once from the frozen data — by a job enqueued in the
 * issuing transaction, or on the first download if that job has not run yet — stored with their
 * SHA-256 and served from the store ever after.
 */
export function createDocumentFilesService(deps: { db: Database; jobs: Jobs; clock: Clock }) {
  /** Renders and stores the PDF unless it is stored already; returns what is stored. */
  async function ensureStored(tenantId: string, documentId: string): Promise<StoredPdf | null> {
    const existing = await deps.db.tenant(tenantId, (tx) => findDocumentFile(tx, tenantId, documentId));
    if (existing) return existing;
    const doc = await deps.db.tenant(tenantId, (tx) => findDocumentData(tx, tenantId, documentId));
    if (!doc) return null;
    const pdf = await renderDocumentPdf(doc.data);
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    return deps.db.tenant(tenantId, async (tx) => {
      await insertDocumentFile(tx, { tenantId, documentId, pdf, sha256, createdAt: deps.clock.now() });
      // Whoever stored first wins; both rendered the same bytes from the same data.
      return findDocumentFile(tx, tenantId, documentId);
    });
  }

  return {
    ensureStored,

    /**
     * The billing service's onIssued hook: enqueues one render job per document in the issuing
     * transaction, so a document and its render job commit together.
     */
    async onIssued(tx: Queryable, documentIds: readonly string[]) {
      if (documentIds.length === 0) return;
      // The issuing transaction is a tenant transaction: its tenant is the documents' tenant.
      const [row] = rowsOf<{ tenantId: string | null }>(
        await tx.execute(sql`select kontor_current_tenant()::text as "tenantId"`),
      );
      const tenantId = row?.tenantId;
      if (!tenantId) throw new Error('onIssued must run in a tenant transaction');
      await deps.jobs.sendMany(
        renderDocumentPdfJob,
        documentIds.map((documentId) => ({ data: { tenantId, documentId }, singletonKey: documentId })),
        { tx },
      );
    },

    /** Registers the render worker of this process. */
    registerWorker(concurrency = 1) {
      return deps.jobs.work(
        renderDocumentPdfJob,
        async ({ tenantId, documentId }) => {
          await ensureStored(tenantId, documentId);
        },
        { concurrency },
      );
    },

    /** The stored PDF of a document the actor may see (a client: only the own account's). */
    async pdfFor(
      ctx: RequestContext,
      actor: Actor,
      documentId: string,
    ): Promise<StoredPdf & { number: string }> {
      const accountId = actor.realm === 'client' ? actor.accountId : undefined;
      const doc = await deps.db.tenant(ctx.tenantId, (tx) =>
        findDocumentData(tx, ctx.tenantId, documentId, accountId),
      );
      if (!doc) throw problems.notFound('Document');
      const stored = await ensureStored(ctx.tenantId, documentId);
      if (!stored) throw problems.notFound('Document');
      return { ...stored, number: doc.data.number };
    },
  };
}
