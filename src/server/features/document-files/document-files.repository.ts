import { and, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { documentFiles, documents } from '../../db/schema';

/** An issued document's frozen data, within the tenant (and the client's own account when given). */
export async function findDocumentData(
  q: Queryable,
  tenantId: string,
  documentId: string,
  accountId?: string,
) {
  const where = [eq(documents.tenantId, tenantId), eq(documents.id, documentId)];
  if (accountId) where.push(eq(documents.accountId, accountId));
  const [row] = await q
    .select({ id: documents.id, accountId: documents.accountId, data: documents.data })
    .from(documents)
    .where(and(...where));
  return row ?? null;
}

export async function findDocumentFile(q: Queryable, tenantId: string, documentId: string) {
  const [row] = await q
    .select({ pdf: documentFiles.pdf, sha256: documentFiles.sha256 })
    .from(documentFiles)
    .where(and(eq(documentFiles.tenantId, tenantId), eq(documentFiles.documentId, documentId)));
  return row ?? null;
}

/** Stores a rendered PDF once; a second store of the same document keeps the first. */
export async function insertDocumentFile(
  q: Queryable,
  file: { tenantId: string; documentId: string; pdf: Buffer; sha256: string; createdAt: Date },
) {
  await q.insert(documentFiles).values(file).onConflictDoNothing();
}
