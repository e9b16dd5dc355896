import { and, desc, eq, max, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { legalDocuments } from '../../db/schema';

export type LegalKind = 'terms' | 'privacy';

/** A document without its PDF bytes (those are loaded only to be sent). */
const summary = {
  id: legalDocuments.id,
  kind: legalDocuments.kind,
  version: legalDocuments.version,
  title: legalDocuments.title,
  bodyText: legalDocuments.bodyText,
  hasPdf: sql<boolean>`${legalDocuments.pdf} is not null`,
  publishedAt: legalDocuments.publishedAt,
};
export type LegalDocumentSummary = {
  id: string;
  kind: LegalKind;
  version: number;
  title: string;
  bodyText: string | null;
  hasPdf: boolean;
  publishedAt: Date;
};

/** Published versions are records: this repository only inserts and reads (the database refuses changes). */
export const legalRepository = {
  async list(tx: Queryable, tenantId: string): Promise<LegalDocumentSummary[]> {
    return tx
      .select(summary)
      .from(legalDocuments)
      .where(eq(legalDocuments.tenantId, tenantId))
      .orderBy(legalDocuments.kind, desc(legalDocuments.version));
  },

  async current(tx: Queryable, tenantId: string, kind: LegalKind): Promise<LegalDocumentSummary | undefined> {
    const [row] = await tx
      .select(summary)
      .from(legalDocuments)
      .where(and(eq(legalDocuments.tenantId, tenantId), eq(legalDocuments.kind, kind)))
      .orderBy(desc(legalDocuments.version))
      .limit(1);
    return row;
  },

  async find(tx: Queryable, tenantId: string, id: string): Promise<LegalDocumentSummary | undefined> {
    const [row] = await tx
      .select(summary)
      .from(legalDocuments)
      .where(and(eq(legalDocuments.tenantId, tenantId), eq(legalDocuments.id, id)))
      .limit(1);
    return row;
  },

  async findPdf(tx: Queryable, tenantId: string, id: string) {
    const [row] = await tx
      .select({
        kind: legalDocuments.kind,
        version: legalDocuments.version,
        pdf: legalDocuments.pdf,
        pdfFilename: legalDocuments.pdfFilename,
      })
      .from(legalDocuments)
      .where(and(eq(legalDocuments.tenantId, tenantId), eq(legalDocuments.id, id)))
      .limit(1);
    return row;
  },

  /**
   * Serializes publishing per tenant and kind for the rest of the transaction (rows of an
   * append-only table cannot be locked FOR UPDATE), so two publications never race for a number.
   */
  async lockKind(tx: Queryable, tenantId: string, kind: LegalKind): Promise<void> {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`legal_documents:${tenantId}:${kind}`}))`);
  },

  async nextVersion(tx: Queryable, tenantId: string, kind: LegalKind): Promise<number> {
    const [row] = await tx
      .select({ v: max(legalDocuments.version) })
      .from(legalDocuments)
      .where(and(eq(legalDocuments.tenantId, tenantId), eq(legalDocuments.kind, kind)));
    return Number(row?.v ?? 0) + 1;
  },

  async insert(
    tx: Queryable,
    values: {
      tenantId: string;
      kind: LegalKind;
      version: number;
      title: string;
      bodyText: string | null;
      pdf: Buffer | null;
      pdfFilename: string | null;
      publishedAt: Date;
      publishedBy: string | null;
    },
  ): Promise<LegalDocumentSummary> {
    const [row] = await tx.insert(legalDocuments).values(values).returning(summary);
    if (!row) throw new Error('legal document not inserted');
    return row;
  },
};
