import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../../test/support/app';
import { TestClient } from '../../../../test/support/client';
import { loginClient, loginStaff } from '../../../../test/support/clients';
import {
  buildAccount,
  buildTenant,
  TEST_PASSWORD,
  type TestTenant,
} from '../../../../test/support/factories';
import { decodeBody, startSmtpServer } from '../../../../test/support/smtp';
import { accounts, auditLog, clientInvitations, clientUsers } from '../../db/schema';
import { rateLimits } from '../rate-limit/rate-limit';

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

let n = 0;
const newEmail = () => `invitee-${Date.now()}-${n++}@invited.example`;
const USERS = '/api/v1/client/account/users';
const INVITE = '/api/v1/client/account/invitations';

/** Sends the request and returns the e-mails it caused. */
async function withMail<T>(fn: () => Promise<T>) {
  const before = smtp.messages.length;
  const res = await fn();
  await t.app.mail.flush();
  return { res, mails: smtp.messages.slice(before) };
}

const tokenOf = (raw: string) => {
  // Test operators have no primary domain: links open their own host (`<slug>.portal.test`).
  const m = decodeBody(raw).match(/https:\/\/[\w-]+\.portal\.test\/invitation\?token=([\w%-]+)/);
  if (!m?.[1]) throw new Error('no invitation link in the message');
  return decodeURIComponent(m[1]);
};

const subjectOf = (raw: string) => decodeBody(raw).match(/^Subject: (.*)$/m)?.[1] ?? '';

async function setup(over: Parameters<typeof buildAccount>[2] = {}, on: TestTenant = tenant) {
  const built = await buildAccount(t.db, on, over);
  const owner = await loginClient(t, on, built.owner);
  return { ...built, ownerClient: owner };
}

async function invite(c: TestClient, body: Record<string, unknown>) {
  const { res, mails } = await withMail(() => c.post(INVITE, body));
  return { res, mails, token: mails[0] ? tokenOf(mails[0].raw) : undefined };
}

describe('inviting and accepting', () => {
  it('an admin invites by e-mail; the invitee sets name and password, is logged in, and can log in again', async () => {
    const s = await setup();
    const email = newEmail();
    const { res, mails, token } = await invite(s.ownerClient, { email, role: 'member', locale: 'de' });
    expect(res.status).toBe(201);
    expect(res.json().invitations).toMatchObject([
      { email, role: 'member', isExpired: false, abilities: { 'accountUser.resendInvitation': true } },
    ]);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.to).toEqual([email]);
    expect(subjectOf(mails[0]?.raw ?? '')).toMatch(/Einladung/);
    expect(decodeBody(mails[0]?.raw ?? '')).toMatch(/7 Tage/);

    // Only the token's hash is stored.
    const [row] = await t.db.system
      .select()
      .from(clientInvitations)
      .where(eq(clientInvitations.email, email));
    expect(row?.tokenHash).toBe(
      createHash('sha256')
        .update(token ?? '')
        .digest('hex'),
    );
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row?.expiresAt.toISOString()).toBe('2026-12-03T09:00:00.000Z');

    const invitee = new TestClient(t.app, tenant.host);
    const preview = await invitee.post('/api/v1/invitations/preview', { token });
    expect(preview.json()).toMatchObject({
      accountName: s.account.name,
      email,
      role: 'member',
      locale: 'de',
    });

    const weak = await invitee.post('/api/v1/invitations/accept', { token, name: 'Nina', password: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.json().errors[0].field).toBe('password');

    const accepted = await invitee.post('/api/v1/invitations/accept', {
      token,
      name: 'Nina Nieuw',
      password: 'a long enough secret',
    });
    expect(accepted.status).toBe(200);
    expect(accepted.json().client).toMatchObject({
      name: 'Nina Nieuw',
      email,
      role: 'member',
      isAccountOwner: false,
      accountId: s.account.id,
      locale: 'de',
      emailVerified: true,
    });
    const own = await invitee.get(USERS);
    expect(own.status).toBe(200);
    expect(own.json().users.map((u: { email: string }) => u.email)).toContain(email);
    expect(own.json().invitations).toEqual([]);

    const again = new TestClient(t.app, tenant.host);
    expect((await again.login('client', email, 'a long enough secret')).status).toBe(200);

    const reused = await new TestClient(t.app, tenant.host).post('/api/v1/invitations/accept', {
      token,
      name: 'Someone Else',
      password: 'a long enough secret',
    });
    expect(reused.status).toBe(400);
    expect(reused.json().code).toBe('invitation_used');

    const audit = await t.db.system.select().from(auditLog).where(eq(auditLog.accountId, s.account.id));
    expect(audit.map((a) => a.action).sort()).toEqual(['account.user_invited', 'account.user_joined']);
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it('writes the e-mail in the account’s language when the invitation names none', async () => {
    const s = await setup({ documentLocale: 'en' });
    const { mails } = await invite(s.ownerClient, { email: newEmail(), role: 'admin' });
    expect(subjectOf(mails[0]?.raw ?? '')).toMatch(/invitation to the account/);
    expect(decodeBody(mails[0]?.raw ?? '')).toMatch(/as an admin/);
  });

  it('an expired link is refused; staff resend it with a new link and the old one stops working', async () => {
    const s = await setup();
    const email = newEmail();
    const { token, res } = await invite(s.ownerClient, { email, role: 'member' });
    const invitationId = res.json().invitations[0].id;
    t.clock.advance(7 * 86_400_000);
    const anon = new TestClient(t.app, tenant.host);
    const expired = await anon.post('/api/v1/invitations/accept', {
      token,
      name: 'Late',
      password: 'a long enough secret',
    });
    expect(expired.status).toBe(400);
    expect(expired.json().code).toBe('invitation_expired');

    const employee = await loginStaff(t, tenant, 'employee');
    const list = (await employee.get(`/api/v1/staff/accounts/${s.account.id}/users`)).json();
    expect(list.invitations[0]).toMatchObject({ id: invitationId, isExpired: true });
    expect(list.abilities).toMatchObject({ 'accountUser.view': true, 'accountUser.invite': false });
    expect(list.users[0].abilities).toMatchObject({
      'accountUser.changeRole': false,
      'accountUser.remove': false,
    });

    const { res: resent, mails } = await withMail(() =>
      employee.post(`/api/v1/staff/accounts/${s.account.id}/invitations/${invitationId}/resend`),
    );
    expect(resent.status).toBe(200);
    expect(resent.json().invitations[0].isExpired).toBe(false);
    const fresh = tokenOf(mails[0]?.raw ?? '');
    const old = await anon.post('/api/v1/invitations/accept', {
      token,
      name: 'Old',
      password: 'a long enough secret',
    });
    expect(old.json().code).toBe('invitation_invalid');
    const ok = await anon.post('/api/v1/invitations/accept', {
      token: fresh,
      name: 'On Time',
      password: 'a long enough secret',
    });
    expect(ok.status).toBe(200);
    t.clock.set('2026-11-26T09:00:00Z');
  });

  it('a link of another operator or a made-up one is not valid here; a withdrawn one is refused', async () => {
    const s = await setup();
    const { token, res } = await invite(s.ownerClient, { email: newEmail(), role: 'member' });
    const other = await buildTenant(t.db);
    const elsewhere = await new TestClient(t.app, other.host).post('/api/v1/invitations/preview', { token });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.json().code).toBe('invitation_invalid');
    const madeUp = await new TestClient(t.app, tenant.host).post('/api/v1/invitations/preview', {
      token: 'x'.repeat(43),
    });
    expect(madeUp.json().code).toBe('invitation_invalid');

    const revoked = await s.ownerClient.request('DELETE', `${INVITE}/${res.json().invitations[0].id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.json().invitations).toEqual([]);
    const after = await new TestClient(t.app, tenant.host).post('/api/v1/invitations/preview', { token });
    expect(after.json().code).toBe('invitation_revoked');
  });

  it('another account’s or tenant’s invitation and users are not found', async () => {
    const a = await setup();
    const b = await setup();
    const { res } = await invite(a.ownerClient, { email: newEmail(), role: 'member' });
    const id = res.json().invitations[0].id;
    expect((await b.ownerClient.post(`${INVITE}/${id}/resend`)).status).toBe(404);
    expect((await b.ownerClient.request('DELETE', `${INVITE}/${id}`)).status).toBe(404);
    expect((await b.ownerClient.request('DELETE', `${USERS}/${a.member.id}`)).status).toBe(404);
    expect(
      (await b.ownerClient.patch(`${USERS}/${a.member.id}/role`, { role: 'admin', version: 1 })).status,
    ).toBe(404);
    expect((await b.ownerClient.put('/api/v1/client/account/owner', { userId: a.owner.id })).status).toBe(
      404,
    );

    const other = await buildTenant(t.db);
    const foreignStaff = await loginStaff(t, other, 'owner');
    expect((await foreignStaff.get(`/api/v1/staff/accounts/${a.account.id}/users`)).status).toBe(404);
    expect(
      (await foreignStaff.post(`/api/v1/staff/accounts/${a.account.id}/invitations/${id}/resend`)).status,
    ).toBe(404);
  });

  it('refuses an address that already has a login, a second open invitation, and bad input', async () => {
    const s = await setup();
    const other = await buildAccount(t.db, tenant);
    const taken = await invite(s.ownerClient, { email: other.member.email.toUpperCase(), role: 'member' });
    expect(taken.res.status).toBe(409);
    expect(taken.res.json()).toMatchObject({ code: 'email_in_use', errors: [{ field: 'email' }] });
    expect(taken.mails).toHaveLength(0);

    const email = newEmail();
    await invite(s.ownerClient, { email, role: 'member' });
    const twice = await invite(s.ownerClient, { email, role: 'admin' });
    expect(twice.res.json().code).toBe('invitation_pending');

    const bad = await s.ownerClient.post(INVITE, { email: 'not-an-address', role: 'owner' });
    expect(bad.status).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['email', 'role']);
  });

  it('a member may not invite, change roles, remove users or withdraw invitations; staff may not invite', async () => {
    const s = await setup();
    const member = await loginClient(t, tenant, s.member);
    const view = (await member.get(USERS)).json();
    expect(view.abilities).toMatchObject({ 'accountUser.view': true, 'accountUser.invite': false });
    expect(view.users[0].abilities['accountUser.remove']).toBe(false);
    expect((await member.post(INVITE, { email: newEmail(), role: 'member' })).status).toBe(403);
    expect((await member.patch(`${USERS}/${s.owner.id}/role`, { role: 'member', version: 1 })).status).toBe(
      403,
    );
    expect((await member.request('DELETE', `${USERS}/${s.owner.id}`)).status).toBe(403);
    expect((await member.put('/api/v1/client/account/owner', { userId: s.member.id })).status).toBe(403);

    const manager = await loginStaff(t, tenant, 'owner');
    expect((await manager.post(INVITE, { email: newEmail(), role: 'member' })).status).toBe(401);
    expect((await new TestClient(t.app, tenant.host).get(USERS)).status).toBe(401);
  });

  it('limits invitation e-mails per account', async () => {
    const s = await setup();
    for (let i = 0; i < rateLimits.invitationsPerAccount.limit; i++) {
      expect((await s.ownerClient.post(INVITE, { email: newEmail(), role: 'member' })).status).toBe(201);
    }
    const over = await s.ownerClient.post(INVITE, { email: newEmail(), role: 'member' });
    expect(over.status).toBe(429);
    expect(over.headers['retry-after']).toBe('3600');
  });
});

describe('roles, removal and ownership', () => {
  it('the owner cannot be demoted or removed while the only admin (last_admin), nor as owner (account_owner)', async () => {
    const s = await setup();
    const view = (await s.ownerClient.get(USERS)).json();
    const me = view.users.find((u: { id: string }) => u.id === s.owner.id);
    expect(me).toMatchObject({ isYou: true, refusals: { 'accountUser.remove': 'last_admin' } });

    const demote = await s.ownerClient.patch(`${USERS}/${s.owner.id}/role`, { role: 'member', version: 1 });
    expect(demote.status).toBe(409);
    expect(demote.json().code).toBe('last_admin');
    const remove = await s.ownerClient.request('DELETE', `${USERS}/${s.owner.id}`);
    expect(remove.json().code).toBe('last_admin');

    const promoted = await s.ownerClient.patch(`${USERS}/${s.member.id}/role`, { role: 'admin', version: 1 });
    expect(promoted.status).toBe(200);
    const owner = promoted.json().users.find((u: { id: string }) => u.id === s.owner.id);
    expect(owner.refusals).toMatchObject({
      'accountUser.remove': 'account_owner',
      'accountUser.changeRole': 'account_owner',
    });
    const nowOwner = await s.ownerClient.patch(`${USERS}/${s.owner.id}/role`, { role: 'member', version: 1 });
    expect(nowOwner.json().code).toBe('account_owner');
    const removeOwner = await s.ownerClient.request('DELETE', `${USERS}/${s.owner.id}`);
    expect(removeOwner.json().code).toBe('account_owner');

    const stale = await s.ownerClient.patch(`${USERS}/${s.member.id}/role`, { role: 'member', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.json().code).toBe('stale_version');

    const rows = await t.db.system.select().from(clientUsers).where(eq(clientUsers.accountId, s.account.id));
    expect(rows.filter((u) => u.isAccountOwner)).toHaveLength(1);
  });

  it('removing a user ends their login at once and frees the address', async () => {
    const s = await setup();
    const member = await loginClient(t, tenant, s.member);
    const removed = await s.ownerClient.request('DELETE', `${USERS}/${s.member.id}`);
    expect(removed.status).toBe(200);
    expect(removed.json().users.map((u: { id: string }) => u.id)).toEqual([s.owner.id]);
    expect((await member.get(USERS)).status).toBe(401);
    expect(
      (await new TestClient(t.app, tenant.host).login('client', s.member.email, TEST_PASSWORD)).status,
    ).toBe(401);
    const [row] = await t.db.system.select().from(clientUsers).where(eq(clientUsers.id, s.member.id));
    expect(row).toMatchObject({ passwordHash: null, name: s.member.name });
    expect(row?.disabledAt).not.toBeNull();
    expect(row?.email).not.toBe(s.member.email);
    const reinvited = await invite(s.ownerClient, { email: s.member.email, role: 'member' });
    expect(reinvited.res.status).toBe(201);
  });

  it('the owner hands ownership to another admin only; afterwards the old owner is an admin without it', async () => {
    const s = await setup();
    const toMember = await s.ownerClient.put('/api/v1/client/account/owner', { userId: s.member.id });
    expect(toMember.status).toBe(409);
    expect(toMember.json().code).toBe('not_admin');
    const self = await s.ownerClient.put('/api/v1/client/account/owner', { userId: s.owner.id });
    expect(self.json().code).toBe('already_owner');

    await s.ownerClient.patch(`${USERS}/${s.member.id}/role`, { role: 'admin', version: 1 });
    const member = await loginClient(t, tenant, s.member);
    expect((await member.put('/api/v1/client/account/owner', { userId: s.member.id })).status).toBe(403);

    const handed = await s.ownerClient.put('/api/v1/client/account/owner', { userId: s.member.id });
    expect(handed.status).toBe(200);
    const users = handed.json().users;
    expect(users[0]).toMatchObject({ id: s.member.id, isAccountOwner: true });
    expect(users.find((u: { id: string }) => u.id === s.owner.id)).toMatchObject({
      role: 'admin',
      isAccountOwner: false,
    });

    // The old owner's session now has the old owner's new rights.
    expect((await s.ownerClient.put('/api/v1/client/account/owner', { userId: s.owner.id })).status).toBe(
      403,
    );
    const byNewOwner = await member.patch(`${USERS}/${s.owner.id}/role`, { role: 'member', version: 2 });
    expect(byNewOwner.status).toBe(200);
    const audit = await t.db.system.select().from(auditLog).where(eq(auditLog.accountId, s.account.id));
    expect(audit.map((a) => a.action)).toContain('account.ownership_transferred');
  });

  it('concurrent changes keep exactly one owner who is an admin (one wins, the other is refused)', async () => {
    const s = await setup();
    await s.ownerClient.patch(`${USERS}/${s.member.id}/role`, { role: 'admin', version: 1 });
    const [transfer, demote] = await Promise.all([
      s.ownerClient.put('/api/v1/client/account/owner', { userId: s.member.id }),
      s.ownerClient.patch(`${USERS}/${s.member.id}/role`, { role: 'member', version: 2 }),
    ]);
    expect([transfer.status, demote.status].sort()).toEqual([200, 409]);
    const rows = await t.db.system.select().from(clientUsers).where(eq(clientUsers.accountId, s.account.id));
    const owners = rows.filter((u) => u.isAccountOwner);
    expect(owners).toHaveLength(1);
    expect(owners[0]?.role).toBe('admin');
  });

  it('two acceptances of one link at once create one user', async () => {
    const s = await setup();
    const email = newEmail();
    const { token } = await invite(s.ownerClient, { email, role: 'member' });
    const body = { token, name: 'Twice', password: 'a long enough secret' };
    const [a, b] = await Promise.all([
      new TestClient(t.app, tenant.host).post('/api/v1/invitations/accept', body),
      new TestClient(t.app, tenant.host).post('/api/v1/invitations/accept', body),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 400]);
    const rows = await t.db.system.select().from(clientUsers).where(eq(clientUsers.email, email));
    expect(rows).toHaveLength(1);
  });

  it('a closed account’s users cannot be changed (409 account_closed)', async () => {
    const s = await setup();
    await t.db.system
      .update(accounts)
      .set({ closedAt: new Date('2026-11-01T00:00:00Z') })
      .where(eq(accounts.id, s.account.id));
    const employee = await loginStaff(t, tenant, 'employee');
    const view = (await employee.get(`/api/v1/staff/accounts/${s.account.id}/users`)).json();
    expect(view).toMatchObject({ isClosed: true });
    // The session of the owner still exists in this constructed state; every write is refused.
    const res = await s.ownerClient.post(INVITE, { email: newEmail(), role: 'member' });
    expect(res.status).toBe(409);
    expect(res.json().code).toBe('account_closed');
    expect(
      (await s.ownerClient.patch(`${USERS}/${s.member.id}/role`, { role: 'admin', version: 1 })).json().code,
    ).toBe('account_closed');
  });
});
