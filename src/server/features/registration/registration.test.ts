import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../../test/support/app';
import { TestClient } from '../../../../test/support/client';
import {
  buildAccount,
  buildTenant,
  TEST_PASSWORD,
  type TestTenant,
} from '../../../../test/support/factories';
import { buildLegal } from '../../../../test/support/order-factories';
import { decodeBody, startSmtpServer } from '../../../../test/support/smtp';
import { accounts, auditLog, clientUsers, legalAcceptances } from '../../db/schema';
import { VERIFICATION_VALID_HOURS } from './registration.service';

let t: TestContext;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let tenant: TestTenant;
let privacyId: string;

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await startTestApp({ smtpUrl: smtp.url });
  tenant = await buildTenant(t.db);
  privacyId = (await buildLegal(t.db, tenant, 'privacy')).id;
});
afterAll(async () => {
  await smtp.close();
});

let n = 0;
const newEmail = () => `new-${Date.now()}-${n++}@register.example`;

const body = (over: Record<string, unknown> = {}) => ({
  name: 'Nieuwe Klant',
  email: newEmail(),
  password: 'a long enough secret',
  privacyPolicyId: privacyId,
  acceptPrivacyPolicy: true,
  locale: 'en',
  ...over,
});

async function register(c: TestClient, input: Record<string, unknown>) {
  const before = smtp.messages.length;
  const res = await c.post('/api/v1/client/register', input);
  await t.app.mail.flush();
  return { res, mails: smtp.messages.slice(before) };
}

const tokenOf = (raw: string) => {
  const m = decodeBody(raw).match(/verify-email\?token=([\w%-]+)/);
  if (!m?.[1]) throw new Error('no verification link in the message');
  return decodeURIComponent(m[1]);
};

async function userByEmail(email: string) {
  const [u] = await t.db.system.select().from(clientUsers).where(eq(clientUsers.email, email));
  return u;
}

describe('registration', () => {
  it('creates the account and its owner, records the privacy acceptance, sends a confirmation link and does not log in (the same answer as for a known address)', async () => {
    const c = new TestClient(t.app, tenant.host);
    const input = body();
    const { res, mails } = await register(c, input);
    expect(res.status).toBe(201);
    expect(res.json()).toEqual({ status: 'verification_sent' });
    expect(String(res.headers['set-cookie'] ?? '')).not.toMatch(/kontor_session=/);
    expect((await c.get('/api/v1/session')).json().realm).toBeNull();
    // The new client logs in with the chosen password (before confirming the address too).
    expect((await c.login('client', input.email as string, input.password as string)).status).toBe(200);

    const session = (await c.get('/api/v1/session')).json();
    expect(session).toMatchObject({
      realm: 'client',
      client: { email: input.email, role: 'admin', isAccountOwner: true, locale: 'en', emailVerified: false },
    });

    const user = await userByEmail(input.email as string);
    expect(user?.emailVerifiedAt).toBeNull();
    const [account] = await t.db.system.select().from(accounts).where(eq(accounts.id, user!.accountId));
    expect(account).toMatchObject({ name: 'Nieuwe Klant', email: input.email, contractPartner: null });

    const acceptances = await t.db.system
      .select()
      .from(legalAcceptances)
      .where(eq(legalAcceptances.accountId, user!.accountId));
    expect(acceptances).toHaveLength(1);
    expect(acceptances[0]).toMatchObject({
      kind: 'privacy',
      version: 1,
      documentId: privacyId,
      clientUserId: user!.id,
      ip: '127.0.0.1',
      acceptedAt: t.clock.now(),
    });
    const audit = await t.db.system
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.accountId, user!.accountId), eq(auditLog.action, 'account.registered')));
    expect(audit).toHaveLength(1);

    expect(mails).toHaveLength(1);
    expect(mails[0]?.to).toEqual([input.email]);
    const text = decodeBody(mails[0]!.raw);
    expect(text).toContain('confirm your e-mail address');
    expect(text).toContain(`https://${tenant.host}/verify-email?token=`);
  });

  it('the confirmation link works once; the address is then confirmed', async () => {
    const c = new TestClient(t.app, tenant.host);
    const input = body();
    const { mails } = await register(c, input);
    expect((await c.login('client', input.email as string, input.password as string)).status).toBe(200);
    const token = tokenOf(mails[0]!.raw);
    const anyone = new TestClient(t.app, tenant.host);
    expect((await c.get('/api/v1/session')).json().client.emailVerified).toBe(false);
    expect((await anyone.post('/api/v1/client/verify-email', { token })).status).toBe(204);
    expect((await userByEmail(input.email as string))?.emailVerifiedAt).toEqual(t.clock.now());
    // The registered user's session reports the confirmed address.
    expect((await c.get('/api/v1/session')).json().client.emailVerified).toBe(true);
    const again = await anyone.post('/api/v1/client/verify-email', { token });
    expect(again.status).toBe(400);
    expect(again.json().code).toBe('verification_token_used');
    const wrong = await anyone.post('/api/v1/client/verify-email', { token: 'not-a-token' });
    expect(wrong.status).toBe(400);
    expect(wrong.json().code).toBe('verification_token_invalid');
  });

  it('the link expires after 48 hours; a new one can be requested by the logged-in user', async () => {
    const c = new TestClient(t.app, tenant.host);
    const input = body();
    const { mails } = await register(c, input);
    expect((await c.login('client', input.email as string, input.password as string)).status).toBe(200);
    const token = tokenOf(mails[0]!.raw);
    const start = t.clock.now().toISOString();
    t.clock.advance(VERIFICATION_VALID_HOURS * 3_600_000);
    try {
      const expired = await new TestClient(t.app, tenant.host).post('/api/v1/client/verify-email', { token });
      expect(expired.status).toBe(400);
      expect(expired.json().code).toBe('verification_token_expired');
    } finally {
      t.clock.set(start);
    }

    const before = smtp.messages.length;
    expect((await c.post('/api/v1/client/verify-email/resend')).status).toBe(202);
    await t.app.mail.flush();
    const resent = smtp.messages.slice(before);
    expect(resent).toHaveLength(1);
    const fresh = tokenOf(resent[0]!.raw);
    expect((await c.post('/api/v1/client/verify-email', { token: fresh })).status).toBe(204);

    // Already confirmed: accepted, nothing sent.
    const before2 = smtp.messages.length;
    expect((await c.post('/api/v1/client/verify-email/resend')).status).toBe(202);
    await t.app.mail.flush();
    expect(smtp.messages.length).toBe(before2);

    expect((await new TestClient(t.app, tenant.host).post('/api/v1/client/verify-email/resend')).status).toBe(
      401,
    );
  });

  it('does not reveal a registered e-mail: same answer, no login, the address is told by e-mail', async () => {
    const { owner, account } = await buildAccount(t.db, tenant);
    const c = new TestClient(t.app, tenant.host);
    const { res, mails } = await register(c, body({ email: owner.email.toUpperCase(), name: 'Intruder' }));
    expect(res.status).toBe(201);
    expect(res.json()).toEqual({ status: 'verification_sent' });
    expect(String(res.headers['set-cookie'] ?? '')).not.toMatch(/kontor_session=/);
    expect((await c.get('/api/v1/session')).json().realm).toBeNull();

    expect(mails).toHaveLength(1);
    expect(mails[0]?.to).toEqual([owner.email]);
    const text = decodeBody(mails[0]!.raw);
    expect(text).toMatch(/al een account|already have an account/);
    expect(text).not.toMatch(/verify-email/);
    // The links lead to the portal's login (the client home) and to the forgot-password page.
    const paths = [...text.matchAll(/https?:\/\/[^\s]+/g)].map((m) => new URL(m[0]).pathname);
    expect(paths).toEqual(['/', '/forgot-password']);

    const users = await t.db.system.select().from(clientUsers).where(eq(clientUsers.accountId, account.id));
    expect(users).toHaveLength(2);
    const namesake = await t.db.system.select().from(accounts).where(eq(accounts.name, 'Intruder'));
    expect(namesake).toHaveLength(0);
    // The existing password still works, nothing was changed.
    expect(
      (await new TestClient(t.app, tenant.host).login('client', owner.email, TEST_PASSWORD)).status,
    ).toBe(200);
  });

  it('refuses an outdated privacy policy (the page must reload) and a missing one', async () => {
    const own = await buildTenant(t.db);
    const c = new TestClient(t.app, own.host);
    const none = await register(c, body({ privacyPolicyId: privacyId }));
    expect(none.res.status).toBe(409);
    expect(none.res.json().code).toBe('legal_document_missing');

    const v1 = await buildLegal(t.db, own, 'privacy', 1);
    const v2 = await buildLegal(t.db, own, 'privacy', 2);
    const input = body({ privacyPolicyId: v1.id });
    const old = await register(c, input);
    expect(old.res.status).toBe(409);
    expect(old.res.json().code).toBe('legal_version_outdated');
    expect(old.mails).toHaveLength(0);
    expect(await userByEmail(input.email as string)).toBeUndefined();

    // Another tenant's current policy is not this tenant's.
    expect((await register(c, body({ privacyPolicyId: privacyId }))).res.json().code).toBe(
      'legal_version_outdated',
    );
    expect((await register(c, body({ privacyPolicyId: v2.id }))).res.status).toBe(201);
  });

  it('refuses bad input with field messages', async () => {
    const c = new TestClient(t.app, tenant.host);
    const res = await c.post(
      '/api/v1/client/register',
      body({ email: 'nope', password: 'short', acceptPrivacyPolicy: false }),
    );
    expect(res.status).toBe(400);
    expect(
      res
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['acceptPrivacyPolicy', 'email', 'password']);
  });
});
