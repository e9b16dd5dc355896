import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_PASSWORD,
  expectAccessible,
  hasBrowser,
  OWNER,
  type Portal,
  screenshot,
  startPortal,
} from './support';

/**
 * Every link of every e-mail the portal sends, followed in the browser: each e-mail is triggered
 * for the demo operator (reached through PUBLIC_URL, `localhost`) and the password and
 * registration e-mails also for the second operator, which has no primary domain and is reached
 * by its own host name (`andere.localhost` on PUBLIC_URL's port). Each link must open the
 * operator's own portal on the page the e-mail promises, never the not-found page or a "link
 * invalid" message, and pass axe.
 */

const DEMO = 'Demo Telefoonservice';
const ANDERE = 'Andere Dienst GmbH';
const JAN = 'jan@bakkerij-jansen.example';
const ANNA = 'anna@mueller-logistik.example';
const ANDERE_OWNER = 'owner@andere-dienst.example';
const EMPLOYEE = 'employee@telefoonservice.example';

type Mail = { to: string; subject: string; text: string };
type Json = Record<string, unknown>;

/** A JSON request from inside the page (the browser resolves `*.localhost`), with the CSRF token. */
async function api(
  page: Page,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Json }> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const cookie = () => /(?:^|; )kontor_csrf=([^;]+)/.exec(document.cookie)?.[1];
      if (!cookie()) await fetch('/api/v1/session');
      const response = await fetch(path, {
        method,
        headers: {
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          'x-csrf-token': decodeURIComponent(cookie() ?? ''),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
    },
    { method, path, body },
  );
}

async function ok(page: Page, method: string, path: string, body?: unknown): Promise<Json> {
  const res = await api(page, method, path, body);
  expect(res.status, `${method} ${path}: ${JSON.stringify(res.json)}`).toBeLessThan(300);
  return res.json;
}

const linksIn = (text: string) => text.match(/https?:\/\/[^\s]+/g) ?? [];

describe.skipIf(!hasBrowser)('links in e-mails', () => {
  let portal: Portal;
  let demoOrigin = '';
  let andereOrigin = '';

  beforeAll(async () => {
    portal = await startPortal();
    demoOrigin = portal.baseUrl;
    andereOrigin = portal.baseUrl.replace('//localhost', '//andere.localhost');
  });

  afterAll(async () => {
    await portal?.stop();
  });

  async function pageAt(origin: string, path = '/'): Promise<Page> {
    const { page } = await portal.newPage('en-GB');
    await page.goto(`${origin}${path}`);
    await expect.poll(() => page.title(), { timeout: 15_000 }).toMatch(/–/);
    return page;
  }

  async function loggedIn(
    origin: string,
    realm: 'client' | 'staff',
    email: string,
    password = DEMO_PASSWORD,
  ) {
    const page = await pageAt(origin, realm === 'staff' ? '/staff' : '/');
    await ok(page, 'POST', `/api/v1/${realm}/login`, { email, password });
    return page;
  }

  async function outbox(origin: string, owner: string): Promise<Mail[]> {
    const page = await loggedIn(origin, 'staff', owner);
    const box = await ok(page, 'GET', '/api/v1/staff/outbox?pageSize=100');
    await page.context().close();
    return box.items as Mail[];
  }

  /** Opens a link and checks that it is the operator's own page, not "not found", and accessible. */
  async function follow(page: Page, link: string, operator: string, state: string) {
    await page.goto(link);
    await expect
      .poll(() => page.title(), { message: `title of ${link}`, timeout: 15_000 })
      .toMatch(new RegExp(`– ${operator}$`));
    expect(await page.title(), link).not.toMatch(/not found/i);
    await expectAccessible(page, state);
  }

  it('every link of every e-mail opens the right page of the right operator', async () => {
    // --- The demo operator (PUBLIC_URL leads to it) ---
    const anonymous = await pageAt(demoOrigin);
    const privacy = await ok(anonymous, 'GET', '/api/v1/legal/privacy/current');
    const register = (email: string) =>
      ok(anonymous, 'POST', '/api/v1/client/register', {
        name: 'Lotte Links',
        email,
        password: 'lotte-links-2026',
        privacyPolicyId: privacy.id,
        acceptPrivacyPolicy: true,
      });
    await register('lotte@links.example'); // e-mail verification
    await register(JAN); // "you already have an account": login and forgot-password links
    await ok(anonymous, 'POST', '/api/v1/password-reset/request', { realm: 'client', email: JAN });
    await ok(anonymous, 'POST', '/api/v1/password-reset/request', { realm: 'staff', email: EMPLOYEE });
    await ok(anonymous, 'POST', '/api/v1/public/cancellations', {
      kind: 'ordinary',
      name: 'Lotte Links',
      email: 'lotte@links.example',
      contract: 'Telefoonservice',
      desiredEndDate: null,
      confirmationEmail: 'lotte@links.example',
      locale: 'en',
    });
    await anonymous.context().close();

    const jan = await loggedIn(demoOrigin, 'client', JAN);
    const modules = (await ok(jan, 'GET', '/api/v1/client/modules')).items as { id: string }[];
    let ordered = false;
    for (const m of modules) {
      const orderPage = await ok(jan, 'GET', `/api/v1/client/modules/${m.id}/order-page`);
      const tariff = (orderPage.tariffs as { id: string }[])[0];
      if (orderPage.currentBooking || !tariff) continue;
      await ok(jan, 'POST', `/api/v1/client/modules/${m.id}/orders`, {
        tariffId: tariff.id,
        idempotencyKey: 'email-links-order-1',
      }); // order confirmation
      ordered = true;
      break;
    }
    expect(ordered, 'the demo has a module Jan can still order').toBe(true);
    const bookings = (await ok(jan, 'GET', '/api/v1/client/bookings')).bookings as {
      id: string;
      state: string;
    }[];
    const running = bookings.find((b) => b.state === 'active');
    expect(running).toBeTruthy();
    await ok(jan, 'POST', `/api/v1/client/bookings/${running!.id}/cancellation`, {}); // lifecycle confirmation
    await ok(jan, 'POST', '/api/v1/client/account/invitations', {
      email: 'kees@links.example',
      role: 'member',
    }); // invitation

    // --- The second operator: no primary domain, PUBLIC_URL leads to the demo operator ---
    const andere = await pageAt(andereOrigin);
    await ok(andere, 'POST', '/api/v1/password-reset/request', { realm: 'client', email: ANNA });
    const anderePrivacy = await ok(andere, 'GET', '/api/v1/legal/privacy/current');
    await ok(andere, 'POST', '/api/v1/client/register', {
      name: 'Anna Müller',
      email: ANNA,
      password: 'anna-links-2026',
      privacyPolicyId: anderePrivacy.id,
      acceptPrivacyPolicy: true,
    });
    await andere.context().close();

    const demoMails = await outbox(demoOrigin, OWNER);
    const andereMails = await outbox(andereOrigin, ANDERE_OWNER);

    // Every link of every e-mail starts with its operator's own origin.
    for (const [mails, origin] of [
      [demoMails, demoOrigin],
      [andereMails, andereOrigin],
    ] as const) {
      for (const mail of mails) {
        for (const link of linksIn(mail.text)) {
          expect(link.startsWith(`${origin}/`), `"${mail.subject}" to ${mail.to} links to ${link}`).toBe(
            true,
          );
        }
      }
    }
    const linkOf = (mails: Mail[], to: string, path: RegExp) => {
      const found = mails
        .filter((m) => m.to === to)
        .flatMap((m) => linksIn(m.text))
        .find((l) => path.test(new URL(l).pathname + new URL(l).search));
      expect(found, `a link ${path} in an e-mail to ${to}`).toBeTruthy();
      return found!;
    };

    // The booking links of the order and cancellation confirmations, for the logged-in client (before
    // Jan's password is reset below, which ends his sessions).
    const janMails = demoMails.filter((m) => m.to === JAN);
    const bookingLinks = [
      ...new Set(janMails.flatMap((m) => linksIn(m.text)).filter((l) => /\/bookings\//.test(l))),
    ];
    expect(bookingLinks.length, 'order and cancellation confirmations link to their bookings').toBe(2);
    for (const link of bookingLinks) {
      await follow(jan, link, DEMO, 'booking link');
      await jan.getByTestId('booking-title').waitFor();
    }
    await jan.context().close();

    // Each kind of link, followed.
    const visitor = (await portal.newPage('en-GB')).page;

    await follow(
      visitor,
      linkOf(demoMails, 'lotte@links.example', /^\/verify-email\?token=/),
      DEMO,
      'verify link',
    );
    await visitor.getByTestId('verify-done').waitFor();

    await follow(visitor, linkOf(demoMails, JAN, /^\/$/), DEMO, 'login link of the registration attempt');
    await visitor.getByLabel('E-mail address').waitFor();
    await follow(visitor, linkOf(demoMails, JAN, /^\/forgot-password$/), DEMO, 'forgot-password link');
    await visitor.getByRole('button', { name: 'Send link' }).waitFor();

    await follow(
      visitor,
      linkOf(demoMails, 'lotte@links.example', /^\/$/),
      DEMO,
      'portal link of the cancellation receipt',
    );
    await visitor.getByLabel('E-mail address').waitFor();

    const invitation = linkOf(demoMails, 'kees@links.example', /^\/invitation\?token=/);
    await follow(visitor, invitation, DEMO, 'invitation link');
    await visitor.getByTestId('invitation-intro').waitFor();

    // A client's reset link: the form, then the way back to the client login.
    const clientReset = linkOf(demoMails, JAN, /^\/reset-password\?token=.*realm=client/);
    await follow(visitor, clientReset, DEMO, 'client reset link');
    await choosePassword(visitor, 'jan-nieuw-wachtwoord-2026');
    await visitor.getByTestId('reset-login').click();
    await visitor.getByLabel('E-mail address').waitFor();
    expect(new URL(visitor.url()).pathname).toBe('/');

    // A staff reset link: back to the staff login; used again, it offers a new link for staff.
    const staffReset = linkOf(demoMails, EMPLOYEE, /^\/reset-password\?token=.*realm=staff/);
    await follow(visitor, staffReset, DEMO, 'staff reset link');
    await choosePassword(visitor, 'eva-nieuw-wachtwoord-2026');
    await expectAccessible(visitor, 'staff reset done');
    await screenshot(visitor, 'email-link-staff-reset-done-en');
    await visitor.getByTestId('reset-login').click();
    await expect.poll(() => new URL(visitor.url()).pathname, { timeout: 15_000 }).toBe('/staff');
    await visitor.goto(staffReset);
    await choosePassword(visitor, 'eva-nieuw-wachtwoord-2026');
    await visitor.getByTestId('reset-token-problem').waitFor();
    await visitor.getByRole('link', { name: 'Request a new link' }).click();
    await expect.poll(() => visitor.url(), { timeout: 15_000 }).toContain('/forgot-password?realm=staff');
    await visitor.getByLabel('E-mail address').fill(EMPLOYEE);
    await visitor.getByRole('button', { name: 'Send link' }).click();
    await visitor.getByTestId('reset-requested').waitFor();
    const staffAgain = (await outbox(demoOrigin, OWNER)).filter((m) => m.to === EMPLOYEE);
    expect(staffAgain.some((m) => /realm=staff/.test(m.text) && !m.text.includes(staffReset))).toBe(true);

    // The second operator's links open its own portal.
    await follow(
      visitor,
      linkOf(andereMails, ANNA, /^\/reset-password\?token=.*realm=client/),
      ANDERE,
      'reset link of the second operator',
    );
    await screenshot(visitor, 'email-link-second-operator-reset-en');
    await choosePassword(visitor, 'anna-nieuw-wachtwoord-2026');
    await follow(
      visitor,
      linkOf(andereMails, ANNA, /^\/forgot-password$/),
      ANDERE,
      'forgot-password link of the second operator',
    );
    await follow(visitor, linkOf(andereMails, ANNA, /^\/$/), ANDERE, 'login link of the second operator');
    const andereLogin = await api(visitor, 'POST', '/api/v1/client/login', {
      email: ANNA,
      password: 'anna-nieuw-wachtwoord-2026',
    });
    expect(andereLogin.status, 'the new password works at the second operator').toBe(200);
    await visitor.context().close();
  });
});

async function choosePassword(page: Page, password: string) {
  await page.getByRole('textbox', { name: 'New password', exact: true }).fill(password);
  await page.getByRole('textbox', { name: 'Repeat new password', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Save password' }).click();
  await page.getByTestId(/reset-done|reset-token-problem/).waitFor();
}
