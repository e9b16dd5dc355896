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
import { startSmtpServer } from '../../../../test/support/smtp';
import { rateLimits } from './rate-limit';

let t: TestContext;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await startTestApp({ smtpUrl: smtp.url });
});
afterAll(async () => {
  await smtp.close();
});

/** A client coming from its own IP address (app.inject's remoteAddress). */
function from(tenant: TestTenant, ip: string) {
  return new TestClient(t.app, tenant.host, { remoteAddress: ip });
}

async function sentTo(address: string, send: () => Promise<unknown>) {
  const before = smtp.messages.filter((m) => m.to.includes(address)).length;
  await send();
  await t.app.mail.flush();
  return smtp.messages.filter((m) => m.to.includes(address)).length - before;
}

describe('rate limits on requests that send e-mail or create accounts', () => {
  it(`password reset: ${rateLimits.passwordResetPerIp.limit} requests per IP and hour, then 429`, async () => {
    const tenant = await buildTenant(t.db);
    const c = from(tenant, '198.51.100.1');
    for (let i = 0; i < rateLimits.passwordResetPerIp.limit; i++) {
      expect(
        (await c.post('/api/v1/password-reset/request', { realm: 'staff', email: `x${i}@nowhere.example` }))
          .status,
      ).toBe(202);
    }
    const refused = await c.post('/api/v1/password-reset/request', {
      realm: 'staff',
      email: 'y@nowhere.example',
    });
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('3600');
    // Another address is not affected; after the window the first one may ask again.
    expect(
      (
        await from(tenant, '198.51.100.2').post('/api/v1/password-reset/request', {
          realm: 'staff',
          email: 'y@nowhere.example',
        })
      ).status,
    ).toBe(202);
    t.clock.advance(rateLimits.passwordResetPerIp.windowMs + 1000);
    expect(
      (await c.post('/api/v1/password-reset/request', { realm: 'staff', email: 'y@nowhere.example' })).status,
    ).toBe(202);
  });

  it(`password reset: at most ${rateLimits.passwordResetPerEmail.limit} e-mails per address and hour, answered the same`, async () => {
    const tenant = await buildTenant(t.db);
    const { owner } = await buildAccount(t.db, tenant);
    const limit = rateLimits.passwordResetPerEmail.limit;
    for (let i = 0; i < limit + 2; i++) {
      const ip = `203.0.113.${i + 1}`;
      let status = 0;
      const mails = await sentTo(owner.email, async () => {
        status = (
          await from(tenant, ip).post('/api/v1/password-reset/request', {
            realm: 'client',
            email: owner.email,
          })
        ).status;
      });
      expect(status).toBe(202);
      expect(mails, `request ${i + 1}`).toBe(i < limit ? 1 : 0);
    }
  });

  it(`registration: ${rateLimits.registrationPerIp.limit} per IP and hour, then 429 and nothing created`, async () => {
    const tenant = await buildTenant(t.db);
    const privacy = await buildLegal(t.db, tenant, 'privacy');
    const c = () => from(tenant, '192.0.2.77');
    const body = (i: number) => ({
      name: `Client ${i}`,
      email: `client-${i}-${tenant.slug}@register.example`,
      password: 'long enough password',
      privacyPolicyId: privacy.id,
      acceptPrivacyPolicy: true,
    });
    for (let i = 0; i < rateLimits.registrationPerIp.limit; i++) {
      expect((await c().post('/api/v1/client/register', body(i))).status).toBe(201);
    }
    const refused = await c().post('/api/v1/client/register', body(99));
    expect(refused.status).toBe(429);
    expect((await from(tenant, '192.0.2.78').post('/api/v1/client/register', body(100))).status).toBe(201);
    const login = await from(tenant, '192.0.2.79').login('client', body(99).email, 'long enough password');
    expect(login.status).toBe(401);
  });

  it(`verification link: ${rateLimits.verificationResendPerUser.limit} resends per user and hour, then 429`, async () => {
    const tenant = await buildTenant(t.db);
    const { owner } = await buildAccount(t.db, tenant);
    const c = from(tenant, '192.0.2.90');
    expect((await c.login('client', owner.email, TEST_PASSWORD)).status).toBe(200);
    for (let i = 0; i < rateLimits.verificationResendPerUser.limit; i++) {
      expect((await c.post('/api/v1/client/verify-email/resend')).status).toBe(202);
    }
    expect((await c.post('/api/v1/client/verify-email/resend')).status).toBe(429);
  });
});
