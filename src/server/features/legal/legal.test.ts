import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../../test/support/app';
import { TestClient } from '../../../../test/support/client';
import { loginClient, loginStaff } from '../../../../test/support/clients';
import { dbErrorOf } from '../../../../test/support/db';
import { buildAccount, buildTenant } from '../../../../test/support/factories';
import { auditLog, legalDocuments } from '../../db/schema';

let t: TestContext;

beforeAll(async () => {
  t = await startTestApp();
});

/** A small but real-looking PDF: the header, then binary bytes that must survive unchanged. */
const pdfBytes = Buffer.concat([
  Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'),
  Buffer.from([0, 1, 2, 255, 254, 128, 10]),
  Buffer.from('\n%%EOF\n', 'latin1'),
]);

/** Sends a raw body the way the web app uploads a file: cookies, CSRF header, the file's type. */
async function upload(
  c: TestClient,
  query: string,
  payload: Buffer | string,
  contentType = 'application/pdf',
) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/staff/legal-documents/pdf?${query}`,
    headers: {
      host: c.host,
      cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      'x-csrf-token': c.cookies.get('kontor_csrf') ?? '',
      'content-type': contentType,
    },
    payload,
  });
  return { status: res.statusCode, json: () => res.json(), headers: res.headers };
}

const terms = (n: number) => ({
  kind: 'terms',
  title: `Algemene voorwaarden ${n}`,
  bodyText: `Artikel 1 (${n}). …`,
});

describe('legal documents: publishing (owner)', () => {
  it('the owner publishes versions per kind; the list shows all of them, newest first per kind', async () => {
    const tenant = await buildTenant(t.db);
    const owner = await loginStaff(t, tenant, 'owner');
    const v1 = await owner.post('/api/v1/staff/legal-documents', terms(1));
    expect(v1.status).toBe(201);
    expect(v1.json()).toMatchObject({
      kind: 'terms',
      version: 1,
      bodyText: 'Artikel 1 (1). …',
      hasPdf: false,
    });
    expect(v1.json().publishedAt).toBe('2026-11-26T09:00:00.000Z');
    const privacy = await owner.post('/api/v1/staff/legal-documents', {
      kind: 'privacy',
      title: 'Privacyverklaring',
      bodyText: 'Wij verwerken …',
    });
    expect(privacy.json().version).toBe(1);
    const v2 = await owner.post('/api/v1/staff/legal-documents', terms(2));
    expect(v2.json().version).toBe(2);

    const list = (await owner.get('/api/v1/staff/legal-documents')).json();
    expect(list.items.map((d: { kind: string; version: number }) => `${d.kind} ${d.version}`)).toEqual([
      'privacy 1',
      'terms 2',
      'terms 1',
    ]);

    const audit = await t.db.system
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenant.id), eq(auditLog.action, 'legal_document.published')));
    expect(audit).toHaveLength(3);
    expect(audit.find((a) => a.entityId === v2.json().id)).toMatchObject({
      actorType: 'staff',
      after: { kind: 'terms', version: 2 },
    });
  });

  it('numbers versions without gaps or doubles when two are published at once', async () => {
    const tenant = await buildTenant(t.db);
    const owner = await loginStaff(t, tenant, 'owner');
    const results = await Promise.all(
      [1, 2, 3].map((n) => owner.post('/api/v1/staff/legal-documents', terms(n))),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(results.map((r) => r.json().version).sort()).toEqual([1, 2, 3]);
  });

  it('only the owner: a supermanager, clients and visitors are refused', async () => {
    const tenant = await buildTenant(t.db);
    const superC = await loginStaff(t, tenant, 'supermanager');
    expect((await superC.get('/api/v1/staff/legal-documents')).status).toBe(403);
    expect((await superC.post('/api/v1/staff/legal-documents', terms(1))).status).toBe(403);
    expect((await upload(superC, 'kind=terms&title=AV', pdfBytes)).status).toBe(403);

    const { owner } = await buildAccount(t.db, tenant);
    const client = await loginClient(t, tenant, owner);
    expect((await client.get('/api/v1/staff/legal-documents')).status).toBe(401);
    expect((await client.post('/api/v1/staff/legal-documents', terms(1))).status).toBe(401);
    expect((await upload(client, 'kind=terms&title=AV', pdfBytes)).status).toBe(401);
    expect(
      (await new TestClient(t.app, tenant.host).post('/api/v1/staff/legal-documents', terms(1))).status,
    ).toBe(401);
    expect(
      await t.db.system.select().from(legalDocuments).where(eq(legalDocuments.tenantId, tenant.id)),
    ).toEqual([]);
  });

  it('refuses bad input with field messages', async () => {
    const tenant = await buildTenant(t.db);
    const owner = await loginStaff(t, tenant, 'owner');
    const fields = async (body: object) =>
      (await owner.post('/api/v1/staff/legal-documents', body))
        .json()
        .errors.map((e: { field: string }) => e.field);
    expect(await fields({ ...terms(1), kind: 'cookies' })).toEqual(['kind']);
    expect(await fields({ ...terms(1), bodyText: '   ' })).toEqual(['bodyText']);
    expect(await fields({ ...terms(1), version: 7 })).toEqual(['version']);
  });
});

describe('legal documents: PDF upload', () => {
  it('stores the PDF byte for byte and serves it to anyone on the portal', async () => {
    const tenant = await buildTenant(t.db);
    const owner = await loginStaff(t, tenant, 'owner');
    const res = await upload(owner, 'kind=terms&title=Algemene%20voorwaarden&filename=av-2026.pdf', pdfBytes);
    expect(res.status).toBe(201);
    const doc = res.json();
    expect(doc).toMatchObject({
      kind: 'terms',
      version: 1,
      title: 'Algemene voorwaarden',
      bodyText: null,
      hasPdf: true,
    });

    const visitor = new TestClient(t.app, tenant.host);
    const pdf = await t.app.inject({
      method: 'GET',
      url: `/api/v1/legal/documents/${doc.id}/pdf`,
      headers: { host: tenant.host },
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe('inline; filename="av-2026.pdf"');
    expect(pdf.rawPayload.equals(pdfBytes)).toBe(true);
    expect((await visitor.get(`/api/v1/legal/documents/${doc.id}`)).json()).toMatchObject({ hasPdf: true });

    const unnamed = (await upload(owner, 'kind=privacy&title=Privacy', pdfBytes)).json();
    const second = await t.app.inject({
      method: 'GET',
      url: `/api/v1/legal/documents/${unnamed.id}/pdf`,
      headers: { host: tenant.host },
    });
    expect(second.headers['content-disposition']).toBe('inline; filename="privacy-v1.pdf"');
  });

  it('refuses what is not a PDF, a missing title, another content type and a file over 10 MB', async () => {
    const tenant = await buildTenant(t.db);
    const owner = await loginStaff(t, tenant, 'owner');
    const html = await upload(owner, 'kind=terms&title=AV', '<html>terms</html>');
    expect(html.status).toBe(400);
    expect(html.json()).toMatchObject({ code: 'not_a_pdf', errors: [{ field: 'file', code: 'not_a_pdf' }] });
    expect((await upload(owner, 'kind=terms&title=AV', '%PDF')).json().code).toBe('not_a_pdf');
    expect((await upload(owner, 'kind=terms&title=AV', '')).status).toBe(400);
    const asJson = await upload(
      owner,
      'kind=terms&title=AV',
      JSON.stringify({ pdf: '%PDF-1.4' }),
      'application/json',
    );
    expect(asJson.json().code).toBe('not_a_pdf');
    const asText = await upload(owner, 'kind=terms&title=AV', '%PDF-1.4 but as text', 'text/plain');
    expect(asText.json().code).toBe('not_a_pdf');
    expect((await upload(owner, 'kind=terms&title=AV', pdfBytes, 'image/png')).status).toBe(415);

    const noTitle = await upload(owner, 'kind=terms', pdfBytes);
    expect(noTitle.status).toBe(400);
    expect(noTitle.json().errors.map((e: { field: string }) => e.field)).toEqual(['title']);
    const badName = await upload(owner, 'kind=terms&title=AV&filename=..%2Fetc%2Fpasswd', pdfBytes);
    expect(badName.json().errors.map((e: { field: string }) => e.field)).toEqual(['filename']);

    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(10 * 1024 * 1024)]);
    const tooLarge = await upload(owner, 'kind=terms&title=AV', big);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.json().code).toBe('body_too_large');
    // The large limit is only here: other routes keep the small JSON limit.
    const bigJson = await owner.post('/api/v1/staff/legal-documents', {
      ...terms(1),
      bodyText: 'x'.repeat(100_000),
    });
    expect(bigJson.status).toBe(413);

    expect(
      await t.db.system.select().from(legalDocuments).where(eq(legalDocuments.tenantId, tenant.id)),
    ).toEqual([]);
  });

  it('a text version has no PDF', async () => {
    const tenant = await buildTenant(t.db);
    const owner = await loginStaff(t, tenant, 'owner');
    const doc = (await owner.post('/api/v1/staff/legal-documents', terms(1))).json();
    const res = await new TestClient(t.app, tenant.host).get(`/api/v1/legal/documents/${doc.id}/pdf`);
    expect(res.status).toBe(404);
  });
});

describe('legal documents: public reading', () => {
  it('the current version is the newest; every earlier version stays readable without login', async () => {
    const tenant = await buildTenant(t.db);
    const owner = await loginStaff(t, tenant, 'owner');
    const visitor = new TestClient(t.app, tenant.host);
    const none = await visitor.get('/api/v1/legal/terms/current');
    expect(none.status).toBe(404);
    expect(none.json()).toMatchObject({ code: 'not_found', title: 'Terms and conditions not found' });

    const v1 = (await owner.post('/api/v1/staff/legal-documents', terms(1))).json();
    expect((await visitor.get('/api/v1/legal/terms/current')).json()).toMatchObject({
      id: v1.id,
      version: 1,
    });
    const v2 = (await owner.post('/api/v1/staff/legal-documents', terms(2))).json();
    expect((await visitor.get('/api/v1/legal/terms/current')).json()).toMatchObject({
      id: v2.id,
      version: 2,
    });
    expect((await visitor.get('/api/v1/legal/privacy/current')).status).toBe(404);

    const old = await visitor.get(`/api/v1/legal/documents/${v1.id}`);
    expect(old.status).toBe(200);
    expect(old.json()).toEqual({ ...v1 });
    expect((await visitor.get('/api/v1/legal/cookies/current')).status).toBe(400);
  });

  it('another portal’s documents are not found on this one', async () => {
    const mine = await buildTenant(t.db);
    const other = await buildTenant(t.db);
    const otherOwner = await loginStaff(t, other, 'owner');
    const text = (await otherOwner.post('/api/v1/staff/legal-documents', terms(1))).json();
    const pdf = (await upload(otherOwner, 'kind=privacy&title=P', pdfBytes)).json();
    const visitor = new TestClient(t.app, mine.host);
    expect((await visitor.get('/api/v1/legal/terms/current')).status).toBe(404);
    expect((await visitor.get(`/api/v1/legal/documents/${text.id}`)).status).toBe(404);
    expect((await visitor.get(`/api/v1/legal/documents/${pdf.id}/pdf`)).status).toBe(404);
    const myOwner = await loginStaff(t, mine, 'owner');
    expect((await myOwner.get('/api/v1/staff/legal-documents')).json().items).toEqual([]);
    expect((await new TestClient(t.app, other.host).get(`/api/v1/legal/documents/${text.id}`)).status).toBe(
      200,
    );
  });

  it('published versions cannot be changed or removed, not even by the application role', async () => {
    const tenant = await buildTenant(t.db);
    const owner = await loginStaff(t, tenant, 'owner');
    const doc = (await owner.post('/api/v1/staff/legal-documents', terms(1))).json();
    const update = await dbErrorOf(
      t.db.tenant(tenant.id, (tx) =>
        tx.update(legalDocuments).set({ bodyText: 'changed' }).where(eq(legalDocuments.id, doc.id)),
      ),
    );
    expect(update).toMatch(/permission denied|append-only|not allowed|refuse/i);
    const remove = await dbErrorOf(
      t.db.tenant(tenant.id, (tx) => tx.delete(legalDocuments).where(eq(legalDocuments.id, doc.id))),
    );
    expect(remove).toMatch(/permission denied|append-only|not allowed|refuse/i);
    expect(
      (await new TestClient(t.app, tenant.host).get(`/api/v1/legal/documents/${doc.id}`)).json().bodyText,
    ).toBe('Artikel 1 (1). …');
  });
});
