import { desc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { outboxEmails, tenantDomains } from '../src/server/db/schema';
import { csrfTokenOf } from '../src/server/plugins/auth';
import { startTestApp, type TestContext } from './support/app';
import { TestClient } from './support/client';
import { loginStaff } from './support/clients';
import { dbErrorOf } from './support/db';
import { buildAccount, buildTenant, TEST_PASSWORD, type TestTenant } from './support/factories';
import { buildLegal } from './support/order-factories';

let t: TestContext;
let tenant: TestTenant;

beforeAll(async () => {
  // Behind one proxy hop, like a production set-up with TRUST_PROXY=1.
  t = await startTestApp({ trustProxy: 1 });
  tenant = await buildTenant(t.db);
});

const lastMailTo = async (to: string) => {
  const [m] = await t.db.system
    .select()
    .from(outboxEmails)
    .where(eq(outboxEmails.to, to))
    .orderBy(desc(outboxEmails.createdAt))
    .limit(1);
  return m;
};

describe('links in e-mails come from configuration, never from the request', () => {
  it("a reset link ignores X-Forwarded-Host and the Host port; without a primary domain it opens the operator's own host on PUBLIC_URL's scheme", async () => {
    const { owner } = await buildAccount(t.db, tenant);
    const c = new TestClient(t.app, `${tenant.host}:8443`);
    const res = await c.request(
      'POST',
      '/api/v1/password-reset/request',
      { realm: 'client', email: owner.email },
      { headers: { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'http' } },
    );
    expect(res.status).toBe(202);
    const text = (await lastMailTo(owner.email))?.text ?? '';
    expect(text).toContain(`https://${tenant.host}/reset-password?token=`);
    expect(text).not.toContain('evil.example');
    expect(text).not.toContain('8443');
  });

  it("PUBLIC_URL when it leads to the operator (its host is one of the operator's domains)", async () => {
    const own = await buildTenant(t.db);
    await t.db.system.insert(tenantDomains).values({ host: 'portal.example', tenantId: own.id });
    const { owner } = await buildAccount(t.db, own);
    const res = await new TestClient(t.app, own.host).post('/api/v1/password-reset/request', {
      realm: 'client',
      email: owner.email,
    });
    expect(res.status).toBe(202);
    expect((await lastMailTo(owner.email))?.text).toContain('https://portal.example/reset-password?token=');
  });

  it('verification links too; the primary domain (with its scheme) wins over every other', async () => {
    const other = await buildTenant(t.db);
    await t.db.system
      .insert(tenantDomains)
      .values({ host: `Portal.${other.slug}.example`, tenantId: other.id, scheme: 'http', isPrimary: true });
    const privacy = await buildLegal(t.db, other, 'privacy');
    const email = `verify-${Date.now()}@register.example`;
    const res = await new TestClient(t.app, other.host).request(
      'POST',
      '/api/v1/client/register',
      {
        name: 'Klant',
        email,
        password: 'a long enough secret',
        privacyPolicyId: privacy.id,
        acceptPrivacyPolicy: true,
      },
      { headers: { 'x-forwarded-host': 'evil.example' } },
    );
    expect(res.status).toBe(201);
    const text = (await lastMailTo(email))?.text ?? '';
    expect(text).toContain(`http://portal.${other.slug}.example/verify-email?token=`);
    expect(text).not.toContain('evil.example');
  });
});

describe('NUL and unpaired surrogates', () => {
  it('are refused with 400 and the field path in body, query and params, before any route validation', async () => {
    const staff = await loginStaff(t, tenant, 'owner');
    const { account } = await buildAccount(t.db, tenant);
    const nul = await staff.put(`/api/v1/staff/accounts/${account.id}/contract/customer-number`, {
      customerNumber: 'K\u0000 1',
      version: account.version,
    });
    expect(nul.status).toBe(400);
    expect(nul.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(nul.json().errors).toEqual([
      expect.objectContaining({ field: 'customerNumber', code: 'forbidden_character' }),
    ]);

    const search = await staff.get('/api/v1/staff/accounts?q=a%00b');
    expect(search.status).toBe(400);
    expect(search.json().errors[0].field).toBe('query.q');

    const surrogate = await staff.request('POST', '/api/v1/staff/modules', undefined, {
      rawBody: '{"title":{"nl":"a\\ud800b"},"nested":[{"x\\udc00":1}]}',
    });
    expect(surrogate.status).toBe(400);
    expect(surrogate.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'title.nl',
      'nested.0.x\udc00',
    ]);

    const reg = await new TestClient(t.app, tenant.host).post('/api/v1/client/register', {
      name: 'Ja\u0000n',
      email: 'nul@register.example',
      password: 'a long enough secret',
      privacyPolicyId: '00000000-0000-4000-8000-000000000000',
      acceptPrivacyPolicy: true,
    });
    expect(reg.status).toBe(400);
    expect(reg.json().errors[0].field).toBe('name');
  });

  it('JSON nested 30,000 levels deep is refused with 400 (no stack overflow), also on routes that do not exist', async () => {
    const staff = await loginStaff(t, tenant, 'owner');
    const deep = `${'['.repeat(30_000)}${']'.repeat(30_000)}`;
    for (const [method, url] of [
      ['POST', '/api/v1/staff/usage'],
      ['OPTIONS', '/api/v1/client/login'],
    ] as const) {
      const res = await staff.request(method as 'POST', url, undefined, { rawBody: deep });
      expect(res.status, `${method} ${url}`).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json().errors[0]).toMatchObject({ code: 'too_deep' });
    }
    // 32 levels are still read (and then judged by the route's schema).
    const shallow = await staff.request('POST', '/api/v1/staff/usage', undefined, {
      rawBody: `${'['.repeat(31)}${']'.repeat(31)}`,
    });
    expect(shallow.status).toBe(400);
    expect(shallow.json().errors[0].code).not.toBe('too_deep');
  });

  it('a pair of surrogates (an emoji) is fine', async () => {
    const staff = await loginStaff(t, tenant, 'owner');
    const res = await staff.get('/api/v1/staff/accounts?q=%F0%9F%98%80');
    expect(res.status).toBe(200);
  });
});

describe('router errors and security headers', () => {
  it('bad URL encoding and over-long parameters are problem+json', async () => {
    const c = new TestClient(t.app, tenant.host);
    const bad = await c.get('/api/v1/staff/tariffs/%C0%AE%C0%AE');
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(bad.json().code).toBe('malformed_url');
    const long = await c.get(`/api/v1/staff/tariffs/${'a'.repeat(300)}`);
    // The router refuses the over-long parameter (414) or, where a wildcard route (the web app's
    // pages) takes the path instead, answers not found: either way a problem, never plain JSON.
    expect([404, 414]).toContain(long.status);
    expect(long.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('API answers carry the security headers and no-store; HSTS only over https', async () => {
    const c = await loginStaff(t, tenant, 'employee');
    const res = await c.get('/api/v1/session');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(String(res.headers['permissions-policy'])).toContain('camera=()');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['strict-transport-security']).toBeUndefined();
    const https = await c.request('GET', '/api/v1/session', undefined, {
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(String(https.headers['strict-transport-security'])).toContain('max-age=');
  });
});

describe('CSRF, request ids and client addresses', () => {
  it('the CSRF token is bound to the session and renewed at login', async () => {
    const { owner } = await buildAccount(t.db, tenant);
    const c = new TestClient(t.app, tenant.host);
    await c.get('/api/v1/session');
    const before = c.cookies.get('kontor_csrf');
    expect((await c.login('client', owner.email, TEST_PASSWORD)).status).toBe(200);
    const after = c.cookies.get('kontor_csrf');
    expect(after).not.toBe(before);
    expect(after).toBe(csrfTokenOf(c.cookies.get('kontor_session')!));
    // A pair planted by an attacker (cookie = header) is refused with a session.
    c.cookies.set('kontor_csrf', 'chosen-by-attacker');
    const planted = await c.request(
      'PUT',
      '/api/v1/me/preferences',
      { locale: 'en' },
      {
        headers: { 'x-csrf-token': 'chosen-by-attacker' },
        csrf: false,
      },
    );
    expect(planted.status).toBe(403);
    expect(planted.json().code).toBe('csrf_failed');
    c.cookies.set('kontor_csrf', after!);
    expect((await c.put('/api/v1/me/preferences', { locale: 'en' })).status).toBe(204);
  });

  it('behind one trusted hop, a new X-Forwarded-For per request does not escape the per-address limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await new TestClient(t.app, tenant.host).request(
        'POST',
        '/api/v1/password-reset/request',
        { realm: 'client', email: `nobody-${i}@nowhere.example` },
        { headers: { 'x-forwarded-for': `10.9.${i}.1, 203.0.113.200` } },
      );
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 202)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });
});

describe('registration does not tell whether an address is registered', () => {
  it('new and known addresses get the same status, body and cookies; nobody is logged in', async () => {
    const other = await buildTenant(t.db);
    const privacy = await buildLegal(t.db, other, 'privacy');
    const { owner } = await buildAccount(t.db, other);
    const body = (email: string) => ({
      name: 'Klant',
      email,
      password: 'a long enough secret',
      privacyPolicyId: privacy.id,
      acceptPrivacyPolicy: true,
    });
    const answer = async (email: string) => {
      const c = new TestClient(t.app, other.host);
      await c.get('/api/v1/session');
      const res = await c.post('/api/v1/client/register', body(email));
      const cookies = [res.headers['set-cookie']]
        .flat()
        .filter(Boolean)
        .map((s) => String(s).split('=')[0]);
      return {
        status: res.status,
        body: res.body,
        cookies,
        session: (await c.get('/api/v1/session')).json().realm,
      };
    };
    const fresh = await answer(`fresh-${Date.now()}@register.example`);
    const known = await answer(owner.email);
    expect(fresh).toEqual(known);
    expect(fresh.cookies).toEqual([]);
    expect(fresh.session).toBeNull();
  });
});

describe('e-mail verification tokens', () => {
  it('refer to their user within the same tenant (composite foreign key)', async () => {
    const a = await buildTenant(t.db);
    const b = await buildTenant(t.db);
    const { owner } = await buildAccount(t.db, b);
    const { emailVerificationTokens } = await import('../src/server/db/schema');
    const message = await dbErrorOf(
      t.db.system.insert(emailVerificationTokens).values({
        tokenHash: `x-${Date.now()}`,
        tenantId: a.id,
        clientUserId: owner.id,
        createdAt: new Date(),
        expiresAt: new Date(),
      }),
    );
    expect(message).toMatch(/email_verification_tokens_client_user_fk/);
  });
});
