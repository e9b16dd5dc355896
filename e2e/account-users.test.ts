import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_PASSWORD,
  expectAccessible,
  hasBrowser,
  logIn,
  OWNER,
  type Portal,
  screenshot,
  startPortal,
} from './support';

/**
 * Journeys of the account's users and of closing an account: an admin invites a user who accepts
 * and is logged in; an owner whose booking has ended closes the account and sees what is kept.
 */

const CLIENT = 'jan@bakkerij-jansen.example';
const ENDED_OWNER = 'brouwer@kapsalon.example';
const LOGIN = { email: 'E-mail address', password: 'Password', submit: 'Log in' };

/** Screenshots at desktop and phone width, with the accessibility check on the state. */
async function capture(page: Page, name: string) {
  // Wait until lazily loaded parts have replaced their loaders.
  await page
    .locator('.mantine-Loader-root')
    .first()
    .waitFor({ state: 'detached', timeout: 10_000 })
    .catch(() => undefined);
  await expectAccessible(page, name);
  await screenshot(page, `${name}-1280`);
  await page.setViewportSize({ width: 390, height: 844 });
  await expectAccessible(page, `${name} (390 px)`);
  await screenshot(page, `${name}-390`);
  await page.setViewportSize({ width: 1280, height: 860 });
}

describe.skipIf(!hasBrowser)('account users and closing', () => {
  let portal: Portal;

  beforeAll(async () => {
    portal = await startPortal();
  });

  afterAll(async () => {
    await portal?.stop();
  });

  /** The invitation link from the development outbox, read as the operator's owner. */
  async function invitationLink(to: string): Promise<string> {
    const { context } = await portal.newPage('en-GB');
    await context.request.get('/api/v1/session');
    const csrf = (await context.cookies()).find((c) => c.name === 'kontor_csrf')?.value ?? '';
    const login = await context.request.post('/api/v1/staff/login', {
      data: { email: OWNER, password: DEMO_PASSWORD },
      headers: { 'x-csrf-token': csrf },
    });
    expect(login.status()).toBe(200);
    const box = (await (await context.request.get('/api/v1/staff/outbox')).json()) as {
      items: { to: string; text: string }[];
    };
    await context.close();
    const mail = box.items.find((m) => m.to === to);
    const link = mail?.text.match(/https?:\/\/\S+\/invitation\?token=[\w%-]+/)?.[0];
    if (!link) throw new Error(`no invitation e-mail to ${to}`);
    return link;
  }

  it('an admin invites a user, who accepts the invitation and is logged in', async () => {
    const { context, page } = await portal.newPage('en-GB');
    await page.goto('/');
    await logIn(page, LOGIN, CLIENT);
    // Jan's booking still runs: Delete account (Contract data tab) is disabled and says why.
    await page.getByTestId('running-bookings').waitFor();
    expect(await page.getByTestId('delete-account').isDisabled()).toBe(true);
    await page.getByTestId('tab-users').click();
    await page.getByTestId('users-tab').waitFor();
    await capture(page, 'users-tab-admin');

    const form = page.getByTestId('invite-form');
    await form.getByRole('button', { name: 'Send invitation' }).click();
    await form.getByText('Please enter a valid e-mail address.').waitFor();
    await form.getByLabel('E-mail address').fill('sanne@bakkerij-jansen.example');
    await form.getByLabel('Role').selectOption('admin');
    await form.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByTestId('invitation-sanne@bakkerij-jansen.example').waitFor();
    await capture(page, 'users-invited');

    // Inviting an address that already has a login is refused in words at the field.
    await form.getByLabel('E-mail address').fill('piet@bakkerij-jansen.example');
    await form.getByRole('button', { name: 'Send invitation' }).click();
    await form.getByText('This e-mail address already has a login in this portal.').waitFor();
    await context.close();

    const link = await invitationLink('sanne@bakkerij-jansen.example');
    expect(link.startsWith(portal.baseUrl)).toBe(true);
    const invitee = await portal.newPage('en-GB');
    await invitee.page.goto(link.replace(portal.baseUrl, ''));
    await invitee.page.getByTestId('invitation-intro').waitFor();
    expect(await invitee.page.getByTestId('invitation-intro').textContent()).toContain(
      'Bakkerij Jansen B.V.',
    );
    await capture(invitee.page, 'invitation-accept');
    await invitee.page.getByLabel('Your name').fill('Sanne Jansen');
    await invitee.page
      .getByRole('textbox', { name: 'New password', exact: true })
      .fill('sanne-new-password-1');
    await invitee.page
      .getByRole('textbox', { name: 'Repeat new password', exact: true })
      .fill('sanne-new-password-1');
    await invitee.page.getByRole('button', { name: 'Accept and log in' }).click();
    await invitee.page.getByText('Welcome, Sanne Jansen', { exact: false }).waitFor();
    await invitee.page.getByTestId('tab-users').click();
    await invitee.page.getByTestId('user-row-sanne@bakkerij-jansen.example').waitFor();
    await capture(invitee.page, 'invitation-accepted-home');

    // The link works once.
    await invitee.page.goto(link.replace(portal.baseUrl, ''));
    await invitee.page.getByTestId('invitation-problem').waitFor();
    expect(await invitee.page.getByTestId('invitation-problem').textContent()).toMatch(
      /already been accepted/,
    );
    await capture(invitee.page, 'invitation-used');
    await invitee.context.close();
  });

  it('an owner whose booking has ended closes the account and sees what is kept until when', async () => {
    const { context, page } = await portal.newPage('en-GB');
    await page.goto('/');
    await logIn(page, LOGIN, ENDED_OWNER);
    await page.getByTestId('owner-section').waitFor();
    await page.getByTestId('owner-name').filter({ hasText: 'Kees Brouwer' }).waitFor();
    expect(await page.getByTestId('delete-account').isEnabled()).toBe(true);
    await capture(page, 'owner-section-closable');

    await page.getByTestId('delete-account').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('retained').waitFor();
    expect(await dialog.getByTestId('retained-documents').textContent()).toMatch(/none have been issued/);
    expect(await dialog.getByTestId('retained-contract_records').textContent()).toMatch(
      /until 31 Dec(ember)? 2029/i,
    );
    await capture(page, 'close-dialog');

    await dialog.getByTestId('confirm-name').fill('Kapsalon Bruin');
    await dialog.getByRole('button', { name: 'Delete account for good' }).click();
    await dialog.getByText('This is not the account name.').waitFor();
    await capture(page, 'close-dialog-wrong-name');

    await dialog.getByTestId('confirm-name').fill('Kapsalon Brouwer');
    await dialog.getByRole('button', { name: 'Delete account for good' }).click();
    await page.getByTestId('account-closed').waitFor();
    expect(await page.getByTestId('account-closed').textContent()).toMatch(/until 31 Dec(ember)? 2029/i);
    await capture(page, 'account-closed');

    // Every login has ended: the next page load shows the login.
    await page.reload();
    await page.getByRole('heading', { name: 'Log in', exact: true }).waitFor();
    await logIn(page, LOGIN, ENDED_OWNER);
    await page.getByText('E-mail address or password is wrong.').waitFor();
    await context.close();
  });
});
