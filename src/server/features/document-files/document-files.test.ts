import { createHash, randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../../test/support/app';
import { loginClient, loginStaff } from '../../../../test/support/clients';
import { dbErrorOf } from '../../../../test/support/db';
import { buildDocumentData } from '../../../../test/support/document-fixtures';
import { buildAccount, buildTenant, type TestTenant } from '../../../../test/support/factories';
import { documentFiles, documents } from '../../db/schema';

let t: TestContext;
beforeAll(async () => {
  t = await startTestApp({ jobs: true });
});

let seq = 0;
/** An issued document as the billing service stores it (frozen data, immutable row). */
async function issuedDocument(tenant: TestTenant, accountId: string) {
  seq++;
  const data = buildDocumentData({ language: 'de', number: `RE-2026-${String(seq).padStart(5, '0')}` });
  const id = randomUUID();
  await t.db.system.insert(documents).values({
    id,
    tenantId: tenant.id,
    accountId,
    kind: 'invoice',
    series: 'invoice',
    number: data.number,
    sequence: seq,
    scope: '2026',
    issueDate: data.issueDate,
    billedUntil: data.issueDate,
    currency: data.currency,
    netMinor: data.totals.net,
    vatMinor: data.totals.vat,
    grossMinor: data.totals.gross,
    isTest: false,
    data,
    issuedByType: 'system',
    createdAt: t.clock.now(),
  });
  return { id, data };
}

async function storedFile(tenantId: string, documentId: string) {
  const [row] = await t.db.system
    .select()
    .from(documentFiles)
    .where(and(eq(documentFiles.tenantId, tenantId), eq(documentFiles.documentId, documentId)));
  return row;
}

async function until(check: () => Promise<boolean>, timeoutMs = 20_000) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('document PDFs', () => {
  it('a render job enqueued in the issuing transaction stores the PDF with its SHA-256', async () => {
    const tenant = await buildTenant(t.db);
    const { account } = await buildAccount(t.db, tenant);
    const doc = await issuedDocument(tenant, account.id);
    await t.db.tenant(tenant.id, (tx) => t.app.documentFiles.onIssued(tx, [doc.id]));
    await until(async () => (await storedFile(tenant.id, doc.id)) !== undefined);
    const file = await storedFile(tenant.id, doc.id);
    expect(file?.pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(file?.sha256).toBe(createHash('sha256').update(file!.pdf).digest('hex'));
  });

  it('the client downloads its own document; the ETag is the stored SHA-256; a matching If-None-Match gets 304', async () => {
    const tenant = await buildTenant(t.db);
    const { account, member } = await buildAccount(t.db, tenant);
    const doc = await issuedDocument(tenant, account.id);
    const client = await loginClient(t, tenant, member);
    const res = await client.request('GET', `/api/v1/client/documents/${doc.id}/pdf`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`inline; filename="${doc.data.number}.pdf"`);
    expect(res.body.startsWith('%PDF-')).toBe(true);
    // not yet rendered by the job: rendered on this first request, and stored
    const file = await storedFile(tenant.id, doc.id);
    expect(res.headers.etag).toBe(`"${file?.sha256}"`);
    const again = await client.request('GET', `/api/v1/client/documents/${doc.id}/pdf`, undefined, {
      headers: { 'if-none-match': `"${file?.sha256}"` },
    });
    expect(again.status).toBe(304);
  });

  it('serves the stored bytes, never a new rendering', async () => {
    const tenant = await buildTenant(t.db);
    const { account } = await buildAccount(t.db, tenant);
    const doc = await issuedDocument(tenant, account.id);
    const stored = Buffer.from('%PDF-1.3 stored once\n');
    const sha256 = createHash('sha256').update(stored).digest('hex');
    await t.db.system
      .insert(documentFiles)
      .values({ tenantId: tenant.id, documentId: doc.id, pdf: stored, sha256, createdAt: t.clock.now() });
    const staff = await loginStaff(t, tenant, 'employee');
    const res = await staff.request('GET', `/api/v1/staff/documents/${doc.id}/pdf`);
    expect(res.status).toBe(200);
    expect(res.body).toBe(stored.toString());
    expect(res.headers.etag).toBe(`"${sha256}"`);
  });

  it("another account's or tenant's document is not found; a bad id is a 400; no login is a 401", async () => {
    const tenant = await buildTenant(t.db);
    const { account } = await buildAccount(t.db, tenant);
    const other = await buildAccount(t.db, tenant);
    const doc = await issuedDocument(tenant, account.id);
    const stranger = await loginClient(t, tenant, other.member);
    expect((await stranger.request('GET', `/api/v1/client/documents/${doc.id}/pdf`)).status).toBe(404);
    const otherTenant = await buildTenant(t.db);
    const otherStaff = await loginStaff(t, otherTenant, 'owner');
    expect((await otherStaff.request('GET', `/api/v1/staff/documents/${doc.id}/pdf`)).status).toBe(404);
    expect((await otherStaff.request('GET', '/api/v1/staff/documents/not-a-uuid/pdf')).status).toBe(400);
    const staff = await loginStaff(t, tenant, 'employee');
    // a staff session on the client route and the reverse are refused
    expect(
      (await staff.request('GET', `/api/v1/client/documents/${doc.id}/pdf`)).status,
    ).toBeGreaterThanOrEqual(401);
    const anonymous = await t.app.inject({
      method: 'GET',
      url: `/api/v1/staff/documents/${doc.id}/pdf`,
      headers: { host: tenant.host },
    });
    expect(anonymous.statusCode).toBe(401);
    expect(await storedFile(tenant.id, doc.id)).toBeUndefined();
  });

  it('a stored PDF cannot be changed or deleted, as the application role or as the owner', async () => {
    const tenant = await buildTenant(t.db);
    const { account } = await buildAccount(t.db, tenant);
    const doc = await issuedDocument(tenant, account.id);
    await t.app.documentFiles.ensureStored(tenant.id, doc.id);
    expect(
      await dbErrorOf(
        t.db.system.execute(sql`update document_files set sha256 = 'x' where document_id = ${doc.id}`),
      ),
    ).toMatch(/immutable/);
    expect(
      await dbErrorOf(t.db.system.execute(sql`delete from document_files where document_id = ${doc.id}`)),
    ).toMatch(/immutable/);
    expect(
      await dbErrorOf(
        t.db.tenant(tenant.id, (tx) =>
          tx.execute(sql`delete from document_files where document_id = ${doc.id}`),
        ),
      ),
    ).toMatch(/permission denied/);
  });
});
