import { beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import { TestClient } from '../../../test/support/client';
import { buildStaff, buildTenant, TEST_PASSWORD, type TestTenant } from '../../../test/support/factories';

let t: TestContext;
let tenant: TestTenant;
let c: TestClient;

beforeAll(async () => {
  t = await startTestApp();
  tenant = await buildTenant(t.db);
  const staff = await buildStaff(t.db, tenant, 'owner');
  c = new TestClient(t.app, tenant.host);
  await c.login('staff', staff.email, TEST_PASSWORD);
});

function expectProblem(
  res: {
    status: number;
    headers: Record<string, unknown>;
    json(): { status: number; type: string; title: string };
  },
  status: number,
) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body.status).toBe(status);
  expect(body.type).toMatch(/^urn:kontor:problem:/);
  expect(body.title.length).toBeGreaterThan(0);
  return body;
}

describe('bad input is answered with problem+json, never a 500', () => {
  it('malformed JSON → 400 malformed_json', async () => {
    const res = await c.request('POST', '/api/v1/password-reset/request', undefined, {
      rawBody: '{"realm": "staff",',
    });
    expect(expectProblem(res, 400)).toMatchObject({ code: 'malformed_json' });
  });

  it('wrong types → 400 with a message per field', async () => {
    const res = await c.post('/api/v1/password-reset/request', { realm: 'admin', email: 42 });
    const body = expectProblem(res, 400) as unknown as { errors: { field: string; message: string }[] };
    expect(body.errors.map((e) => e.field).sort()).toEqual(['email', 'realm']);
    for (const e of body.errors) expect(e.message.length).toBeGreaterThan(0);
  });

  it('unknown fields → 400 naming the field', async () => {
    const res = await c.post('/api/v1/password-reset/request', {
      realm: 'staff',
      email: 'a@b.example',
      admin: true,
    });
    const body = expectProblem(res, 400) as unknown as { errors: { field: string; code: string }[] };
    expect(body.errors).toEqual([expect.objectContaining({ field: 'admin', code: 'unknown_field' })]);
  });

  it('oversized bodies → 413', async () => {
    const res = await c.post('/api/v1/password-reset/request', {
      realm: 'staff',
      email: `${'a'.repeat(70_000)}@b.example`,
    });
    expect(expectProblem(res, 413)).toMatchObject({ code: 'body_too_large' });
  });

  it('other content types → 415', async () => {
    const res = await c.request('POST', '/api/v1/password-reset/request', undefined, {
      rawBody: 'realm=staff',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(expectProblem(res, 415)).toMatchObject({ code: 'unsupported_media_type' });
  });

  it('unknown API routes → 404', async () => {
    expect(expectProblem(await c.get('/api/v1/nothing-here'), 404)).toMatchObject({
      code: 'route_not_found',
    });
    expect(expectProblem(await c.request('DELETE', '/api/v1/session'), 404)).toMatchObject({
      code: 'route_not_found',
    });
  });

  it('a malformed id → 400, not a database error', async () => {
    const res = await c.get('/api/v1/staff/accounts/not-a-uuid');
    expect(expectProblem(res, 400)).toMatchObject({ code: 'validation_failed' });
  });

  it('an unknown host → 404 portal not found', async () => {
    const res = await new TestClient(t.app, 'unknown.example').get('/api/v1/session');
    expect(expectProblem(res, 404)).toMatchObject({ title: 'Portal not found' });
  });

  it('every response carries a request id; a given one is kept', async () => {
    const res = await c.request('GET', '/api/v1/session', undefined, {
      headers: { 'x-request-id': 'trace-123' },
    });
    expect(res.headers['x-request-id']).toBe('trace-123');
    const err = await c.get('/api/v1/nothing-here');
    expect(err.json().requestId).toBe(err.headers['x-request-id']);
  });
});
