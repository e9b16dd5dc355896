import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../../test/support/app';
import { TestClient } from '../../../../test/support/client';
import {
  buildAccount,
  buildStaff,
  buildTenant,
  TEST_PASSWORD,
  type TestTenant,
} from '../../../../test/support/factories';
import { decodeBody, startSmtpServer } from '../../../../test/support/smtp';
import { auditLog } from '../../db/schema';
import { loginLimits, RESET_VALID_MINUTES } from './auth.service';

let t: TestContext;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let tenant: TestTenant;

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await startTestApp({ smtpUrl: smtp.url });
  tenant = await buildTenant(t.db);
});
afterAll(async () => {
  await smtp.close();
});

const client = () => new TestClient(t.app, tenant.host);

describe('login', () => {
  it('staff log in, get a HttpOnly SameSite=Lax session cookie and their abilities', async () => {
    const staff = await buildStaff(t.db, tenant, 'manager');
    const c = client();
    const res = await c.login('staff', staff.email, TEST_PASSWORD);
    expect(res.status).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/kontor_session=[^;]+;.*HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(res.json()).toMatchObject({ realm: 'staff', staff: { level: 'manager' }, client: null });
    expect(res.json().abilities).toMatchObject({ 'contract.editPartner': true, 'catalog.manage': false });
  });

  it('client users log in on the client side', async () => {
    const { owner } = await buildAccount(t.db, tenant);
    const c = client();
    const res = await c.login('client', owner.email, TEST_PASSWORD);
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ realm: 'client', client: { isAccountOwner: true }, staff: null });
  });

  it('a wrong password and an unknown e-mail get the same generic 401', async () => {
    const staff = await buildStaff(t.db, tenant, 'employee');
    const wrong = await client().login('staff', staff.email, 'not the password');
    const unknown = await client().login('staff', 'nobody@nowhere.example', 'whatever');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(wrong.json().title).toBe(unknown.json().title);
    expect(wrong.json().title).not.toMatch(/unknown|not found|exist/i);
  });

  it('keeps the realms apart: staff credentials do not work on the client side and the reverse', async () => {
    const staff = await buildStaff(t.db, tenant, 'owner');
    const { owner } = await buildAccount(t.db, tenant);
    expect((await client().login('client', staff.email, TEST_PASSWORD)).status).toBe(401);
    expect((await client().login('staff', owner.email, TEST_PASSWORD)).status).toBe(401);

    const s = client();
    await s.login('staff', staff.email, TEST_PASSWORD);
    expect((await s.get('/api/v1/client/account')).status).toBe(401);
    const cl = client();
    await cl.login('client', owner.email, TEST_PASSWORD);
    expect((await cl.get('/api/v1/staff/accounts')).status).toBe(401);
  });

  const from = (address: string) => new TestClient(t.app, tenant.host, { remoteAddress: address });
  const { free } = loginLimits.perAccountAddress;
  const minute = 60_000;

  it(`refuses with 429 after ${free} failures for one account from one address, also with the right password`, async () => {
    const staff = await buildStaff(t.db, tenant, 'employee');
    for (let i = 0; i < free; i++) {
      expect((await from('203.0.113.1').login('staff', staff.email, `wrong ${i}`)).status).toBe(401);
    }
    const blocked = await from('203.0.113.1').login('staff', staff.email, TEST_PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(Number(blocked.headers['retry-after'])).toBe(60);
    t.clock.advance(minute + 1000);
    expect((await from('203.0.113.1').login('staff', staff.email, TEST_PASSWORD)).status).toBe(200);
  });

  it('a guesser elsewhere does not lock the real user out of their own address', async () => {
    const staff = await buildStaff(t.db, tenant, 'employee');
    for (let i = 0; i < free + 3; i++) await from('203.0.113.66').login('staff', staff.email, `guess ${i}`);
    expect((await from('203.0.113.66').login('staff', staff.email, TEST_PASSWORD)).status).toBe(429);
    expect((await from('192.0.2.10').login('staff', staff.email, TEST_PASSWORD)).status).toBe(200);
    t.clock.advance(minute + 1000);
  });

  it('the delays grow with every further failure (1, 2, 4 minutes …)', async () => {
    const staff = await buildStaff(t.db, tenant, 'employee');
    const guesser = () => from('203.0.113.77');
    for (let i = 0; i < free; i++) await guesser().login('staff', staff.email, `guess ${i}`);
    for (const delayMinutes of [1, 2, 4]) {
      const refused = await guesser().login('staff', staff.email, 'again');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBe(delayMinutes * 60);
      t.clock.advance(delayMinutes * minute - 1000);
      expect((await guesser().login('staff', staff.email, 'still early')).status).toBe(429);
      t.clock.advance(1000);
      expect((await guesser().login('staff', staff.email, `guess after ${delayMinutes}`)).status).toBe(401);
    }
    t.clock.advance(8 * minute);
  });

  it(`checks at most ${free} of many wrong passwords sent at once (counted and decided atomically)`, async () => {
    const staff = await buildStaff(t.db, tenant, 'employee');
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => from('203.0.113.88').login('staff', staff.email, `wrong ${i}`)),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(free);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20 - free);
    t.clock.advance(minute + 1000);
  });

  it(`refuses with 429 after ${loginLimits.perAddress.free} failures from one address across accounts`, async () => {
    const staff = await buildStaff(t.db, tenant, 'employee');
    for (let i = 0; i < loginLimits.perAddress.free; i++) {
      expect((await from('198.51.100.7').login('staff', `probe-${i}@nowhere.example`, 'x')).status).toBe(401);
    }
    expect((await from('198.51.100.7').login('staff', staff.email, TEST_PASSWORD)).status).toBe(429);
    expect((await from('198.51.100.8').login('staff', staff.email, TEST_PASSWORD)).status).toBe(200);
    t.clock.advance(minute + 1000);
  });

  it('rotates the session id at login and ends the old session', async () => {
    const staff = await buildStaff(t.db, tenant, 'employee');
    const c = client();
    await c.login('staff', staff.email, TEST_PASSWORD);
    const first = c.cookies.get('kontor_session');
    await c.login('staff', staff.email, TEST_PASSWORD);
    const second = c.cookies.get('kontor_session');
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    const stale = new TestClient(t.app, tenant.host);
    stale.cookies.set('kontor_session', first!);
    expect((await stale.get('/api/v1/session')).json().realm).toBeNull();
  });

  it('logout ends the session', async () => {
    const staff = await buildStaff(t.db, tenant, 'employee');
    const c = client();
    await c.login('staff', staff.email, TEST_PASSWORD);
    const token = c.cookies.get('kontor_session')!;
    expect((await c.post('/api/v1/logout')).status).toBe(204);
    const replay = client();
    replay.cookies.set('kontor_session', token);
    expect((await replay.get('/api/v1/staff/accounts')).status).toBe(401);
  });

  it('expires sessions when idle and after the absolute lifetime', async () => {
    const staff = await buildStaff(t.db, tenant, 'employee');
    const idle = client();
    await idle.login('staff', staff.email, TEST_PASSWORD);
    t.clock.advance(121 * 60_000);
    expect((await idle.get('/api/v1/staff/accounts')).status).toBe(401);

    const busy = client();
    await busy.login('staff', staff.email, TEST_PASSWORD);
    for (let h = 0; h < 24; h++) {
      t.clock.advance(60 * 60_000);
      const res = await busy.get('/api/v1/staff/accounts');
      expect(res.status).toBe(h < 23 ? 200 : 401);
    }
  });

  it('requires the CSRF token on state-changing requests', async () => {
    const staff = await buildStaff(t.db, tenant, 'employee');
    const c = client();
    await c.get('/api/v1/session');
    const res = await c.request(
      'POST',
      '/api/v1/staff/login',
      { email: staff.email, password: TEST_PASSWORD },
      { csrf: false },
    );
    expect(res.status).toBe(403);
    expect(res.json().code).toBe('csrf_failed');
    const forged = await c.request(
      'POST',
      '/api/v1/staff/login',
      { email: staff.email, password: TEST_PASSWORD },
      { csrf: false, headers: { 'x-csrf-token': 'guessed' } },
    );
    expect(forged.status).toBe(403);
  });

  it('remembers the language of the user and records the change', async () => {
    const staff = await buildStaff(t.db, tenant, 'employee');
    const c = client();
    await c.login('staff', staff.email, TEST_PASSWORD);
    expect((await c.put('/api/v1/me/preferences', { locale: 'de' })).status).toBe(204);
    expect((await c.get('/api/v1/session')).json().staff.locale).toBe('de');
    expect((await c.put('/api/v1/me/preferences', { locale: 'fr' })).status).toBe(400);
  });

  it('a client switching the language writes no entry into the account history (not contract history)', async () => {
    const { account, owner } = await buildAccount(t.db, tenant);
    const c = client();
    expect((await c.login('client', owner.email, TEST_PASSWORD)).status).toBe(200);
    expect((await c.put('/api/v1/me/preferences', { locale: 'de' })).status).toBe(204);
    const rows = await t.db.system.select().from(auditLog).where(eq(auditLog.entityId, owner.id));
    expect(rows.map((r) => [r.action, r.accountId])).toEqual([['user.preferences_changed', null]]);
    const history = await t.db.system.select().from(auditLog).where(eq(auditLog.accountId, account.id));
    expect(history.filter((r) => r.action === 'user.preferences_changed')).toEqual([]);
  });
});

describe('password reset', () => {
  async function requestReset(email: string, realm: 'staff' | 'client' = 'staff') {
    const before = smtp.messages.length;
    const res = await client().post('/api/v1/password-reset/request', { realm, email });
    await t.app.mail.flush();
    return { res, mails: smtp.messages.slice(before) };
  }
  const tokenOf = (raw: string) => {
    const m = decodeBody(raw).match(/reset-password\?token=([\w%-]+)/);
    if (!m?.[1]) throw new Error('no reset link in the message');
    return decodeURIComponent(m[1]);
  };

  it('sends a single-use link over SMTP; the new password works and the old one does not', async () => {
    const staff = await buildStaff(t.db, tenant, 'employee');
    const { res, mails } = await requestReset(staff.email);
    expect(res.status).toBe(202);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.to).toEqual([staff.email]);
    expect(decodeBody(mails[0]!.raw)).toContain(`https://${tenant.host}/reset-password?token=`);
    const token = tokenOf(mails[0]!.raw);

    const c = client();
    expect(
      (await c.post('/api/v1/password-reset/confirm', { token, password: 'a brand new secret' })).status,
    ).toBe(204);
    expect((await client().login('staff', staff.email, TEST_PASSWORD)).status).toBe(401);
    expect((await client().login('staff', staff.email, 'a brand new secret')).status).toBe(200);

    const again = await c.post('/api/v1/password-reset/confirm', { token, password: 'another new secret' });
    expect(again.status).toBe(400);
    expect(again.json().code).toBe('reset_token_used');
  });

  it('writes the e-mail in the language of the page that asked when the user has none stored', async () => {
    const staff = await buildStaff(t.db, tenant, 'employee');
    const before = smtp.messages.length;
    await client().request(
      'POST',
      '/api/v1/password-reset/request',
      { realm: 'staff', email: staff.email },
      {
        headers: { 'accept-language': 'de-DE,de;q=0.9' },
      },
    );
    await t.app.mail.flush();
    const [mail] = smtp.messages.slice(before);
    expect(decodeBody(mail!.raw)).toContain('über diesen Link können Sie ein neues Passwort festlegen');
    expect(decodeBody(mail!.raw)).toContain('&realm=staff');
  });

  it('answers an unknown e-mail exactly like a known one and sends nothing', async () => {
    const { res, mails } = await requestReset('nobody@nowhere.example');
    expect(res.status).toBe(202);
    expect(res.json()).toEqual({ status: 'accepted' });
    expect(mails).toHaveLength(0);
  });

  it('refuses an expired link, an invalid one and a weak password with clear messages', async () => {
    const { owner } = await buildAccount(t.db, tenant);
    const { mails } = await requestReset(owner.email, 'client');
    const token = tokenOf(mails[0]!.raw);

    const weak = await client().post('/api/v1/password-reset/confirm', { token, password: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.json().errors).toEqual([expect.objectContaining({ field: 'password' })]);

    t.clock.advance(RESET_VALID_MINUTES * 60_000 + 1);
    const expired = await client().post('/api/v1/password-reset/confirm', {
      token,
      password: 'long enough password',
    });
    expect(expired.status).toBe(400);
    expect(expired.json()).toMatchObject({
      code: 'reset_token_expired',
      title: expect.stringMatching(/expired/),
    });

    const invalid = await client().post('/api/v1/password-reset/confirm', {
      token: 'x'.repeat(43),
      password: 'long enough password',
    });
    expect(invalid.json().code).toBe('reset_token_invalid');

    // A malformed or cut-off token is an invalid link too, not a form field the page does not show.
    for (const token of ['abc', '', 'x'.repeat(500), 'not a token!']) {
      const malformed = await client().post('/api/v1/password-reset/confirm', {
        token,
        password: 'long enough password',
      });
      expect(malformed.status, token).toBe(400);
      expect(malformed.json()).toMatchObject({
        code: 'reset_token_invalid',
        title: expect.stringMatching(/not valid or incomplete/),
      });
      expect(malformed.json().errors).toBeUndefined();
    }
  });

  it('a reset link of one tenant does not work on another', async () => {
    const staff = await buildStaff(t.db, tenant, 'employee');
    const { mails } = await requestReset(staff.email);
    const other = await buildTenant(t.db);
    const res = await new TestClient(t.app, other.host).post('/api/v1/password-reset/confirm', {
      token: tokenOf(mails[0]!.raw),
      password: 'long enough password',
    });
    expect(res.json().code).toBe('reset_token_invalid');
  });
});
