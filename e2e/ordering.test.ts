import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, hasBrowser, logIn, OWNER, type Portal, screenshot, startPortal } from './support';

/**
 * The client side of ordering: a new client registers (privacy policy accepted), confirms the
 * e-mail with the link from the development outbox, orders "Postservice" with the public tariff
 * "Standaard" (first order: contract partner and terms), then "Telefoonservice" with the demo's
 * offer number and fills in its module data (one current booking per module and account, so each
 * order is for another module); staff see the bookings and order on behalf of an account for a
 * module it has no current booking of.
 */

const OFFER_NUMBER = 'ACTIE-2026-DEMO';
/** What the client's own order page says to the client; staff ordering on the client's behalf never see it. */
const CLIENT_WORDING =
  /thank you|your order|if you order|your offer|you received|are you ordering|the client\b/i;
const NEW_CLIENT = { name: 'Anna de Vries', email: 'anna.devries@example.nl', password: 'anna-bestelt-2026' };

async function verificationLink(portal: Portal, email: string): Promise<string> {
  const staff = await portal.newPage('en-GB');
  try {
    await staff.page.goto('/staff');
    await logIn(staff.page, { email: 'E-mail address', password: 'Password', submit: 'Log in' }, OWNER);
    await staff.page.getByRole('heading', { name: 'Client accounts' }).waitFor();
    const response = await staff.page.request.get('/api/v1/staff/outbox?pageSize=50');
    expect(response.status()).toBe(200);
    const outbox = (await response.json()) as { items: { to: string; text: string }[] };
    const message = outbox.items.find((m) => m.to === email);
    const link = message && /https?:\/\/\S+\/verify-email\?token=\S+/.exec(message.text)?.[0];
    expect(link, `no confirmation link for ${email} in the outbox`).toBeTruthy();
    return link!;
  } finally {
    await staff.context.close();
  }
}

async function chooseLanguage(page: Page, language: 'nl' | 'de' | 'en') {
  await page.getByTestId('language-select').selectOption(language);
  await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(language);
}

/** Prices in tariff cards that stick out of their card (the narrow screen must wrap them). */
function amountsOutsideTheirCard(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="tariff-card"]')].flatMap((card) => {
      const edge = card.getBoundingClientRect().right;
      return [...card.querySelectorAll('[data-testid="price-list-amount"]')]
        .filter((amount) => {
          // The text itself, not its box: overflowing text leaves the box as wide as the cell.
          const text = document.createRange();
          text.selectNodeContents(amount);
          return text.getBoundingClientRect().right > edge;
        })
        .map((amount) => amount.textContent ?? '');
    }),
  );
}

/** Whether the order button's text fits inside the button. */
function orderButtonTextFits(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const button = document.querySelector('[data-testid="order-submit"]');
    if (!button) return false;
    const text = document.createRange();
    text.selectNodeContents(button);
    const inner = text.getBoundingClientRect();
    const box = button.getBoundingClientRect();
    return inner.left >= box.left && inner.right <= box.right;
  });
}

describe.skipIf(!hasBrowser)('ordering journeys', () => {
  let portal: Portal;
  let client: { context: BrowserContext; page: Page };

  beforeAll(async () => {
    portal = await startPortal();
    client = await portal.newPage('nl-NL');
  });

  afterAll(async () => {
    await client?.context.close();
    await portal?.stop();
  });

  it('a new client registers with the privacy policy accepted', async () => {
    const { page } = client;
    await page.goto('/');
    await page.getByRole('link', { name: 'Nog geen account? Registreer gratis' }).click();
    await page.getByRole('heading', { name: 'Account aanmaken' }).waitFor();
    await page
      .getByTestId('privacy-policy')
      .getByText('Privacyverklaring', { exact: false })
      .first()
      .waitFor();
    await screenshot(page, 'ordering-registration-nl');
    await expectAccessible(page, 'ordering-registration-nl');

    await page.getByLabel('Uw naam').fill(NEW_CLIENT.name);
    await page.getByLabel('E-mailadres').fill(NEW_CLIENT.email);
    await page.getByRole('textbox', { name: 'Wachtwoord', exact: true }).fill(NEW_CLIENT.password);
    await page.getByRole('textbox', { name: 'Wachtwoord herhalen', exact: true }).fill('iets-anders-2026');
    await page.getByRole('button', { name: 'Lezen' }).click();
    await page.getByRole('button', { name: 'Registreren' }).click();
    await page.getByText('De wachtwoorden komen niet overeen.').waitFor();
    await page.getByText('Ga akkoord met de privacyverklaring om te registreren.').waitFor();
    // Nothing typed is lost on an error.
    await expect(page.getByLabel('Uw naam').inputValue()).resolves.toBe(NEW_CLIENT.name);
    await screenshot(page, 'ordering-registration-errors-nl');
    await expectAccessible(page, 'ordering-registration-errors-nl');

    await page.getByRole('textbox', { name: 'Wachtwoord herhalen', exact: true }).fill(NEW_CLIENT.password);
    await page.getByLabel('Ik heb de privacyverklaring gelezen en ga ermee akkoord.').check();
    await page.getByRole('button', { name: 'Registreren' }).click();
    await page.getByTestId('registration-done').waitFor();
    await expect(page.getByTestId('registration-done').textContent()).resolves.toContain(NEW_CLIENT.email);
    await screenshot(page, 'ordering-registration-done-nl');
    await expectAccessible(page, 'ordering-registration-done-nl');
  });

  it('cannot order before the e-mail is confirmed, then confirms it with the link from the outbox', async () => {
    const { page } = client;
    await page.getByRole('link', { name: 'Naar het klantenportaal' }).click();
    // Registering does not log in (the answer is the same for a known address): log in now.
    await logIn(
      page,
      { email: 'E-mailadres', password: 'Wachtwoord', submit: 'Inloggen' },
      NEW_CLIENT.email,
      NEW_CLIENT.password,
    );
    // The contract page opens on Contract data; the modules are on their own tab.
    await page.getByTestId('tab-modules').click();
    await page.getByTestId('modules-section').waitFor();
    await page.getByTestId('no-bookings').waitFor();
    // The home asks to confirm the address, with a way to have the link sent again.
    await page.getByTestId('email-not-verified').getByTestId('resend-verification').waitFor();
    await screenshot(page, 'ordering-home-empty-nl');
    await expectAccessible(page, 'ordering-home-empty-nl');
    await page
      .getByTestId('orderable-module')
      .filter({ hasText: 'Telefoonservice' })
      .getByTestId('order-module')
      .click();
    await page.getByTestId('email-not-verified').waitFor();

    const link = await verificationLink(portal, NEW_CLIENT.email);
    await page.goto(link);
    await page.getByTestId('verify-done').waitFor();
    await screenshot(page, 'ordering-verified-nl');
    await expectAccessible(page, 'ordering-verified-nl');

    // The link works once.
    await page.goto(link);
    await page.getByTestId('verify-problem').waitFor();
    await expect(page.getByTestId('verify-problem').textContent()).resolves.toContain('al gebruikt');
  });

  it('orders "Postservice" as the first order: contract partner, terms, one booking on a double click', async () => {
    const { page } = client;
    await page.goto('/?tab=modules');
    await chooseLanguage(page, 'de');
    await page.getByRole('heading', { name: 'Module', exact: true }).waitFor();
    // Confirmed now: the home no longer asks for it.
    await expect(page.getByTestId('email-not-verified').count()).resolves.toBe(0);
    await page
      .getByTestId('orderable-module')
      .filter({ hasText: 'Postservice' })
      .getByTestId('order-module')
      .click();
    await page.getByRole('heading', { name: 'Postservice bestellen' }).waitFor();
    await expect(page.getByTestId('email-not-verified').count()).resolves.toBe(0);
    const basis = page.locator('[data-tariff-title="Standard"]');
    await basis.click();
    await expect(basis.getByTestId('tariff-if-ordered-today').textContent()).resolves.toContain(
      'Bei Bestellung heute: frühestes Ende',
    );
    const partner = page.getByTestId('contract-partner-form');
    await expect(partner.getByRole('textbox', { name: 'Name', exact: true }).inputValue()).resolves.toBe(
      NEW_CLIENT.name,
    );
    // The first order asks business or private person (ADR 0007).
    await page.getByLabel('Unternehmen — mit Firmenname, USt-IdNr. optional').check();
    await partner.getByLabel('Firma').fill('De Vries Advies');
    await partner.getByLabel('Straße und Hausnummer').fill('Kerkstraat 12');
    await partner.getByLabel('Postleitzahl').fill('1017 GA');
    await partner.getByLabel('Ort').fill('Amsterdam');
    await page.getByRole('button', { name: 'Lesen' }).click();
    await screenshot(page, 'ordering-order-page-de');
    await expectAccessible(page, 'ordering-order-page-de');

    const submit = page.getByRole('button', { name: 'Zahlungspflichtig bestellen' });
    await submit.click();
    await page
      .getByText('Bitte akzeptieren Sie die Allgemeinen Geschäftsbedingungen, um zu bestellen.')
      .waitFor();
    await screenshot(page, 'ordering-order-errors-de');
    await expectAccessible(page, 'ordering-order-errors-de');

    await page
      .getByLabel('Ich habe die Allgemeinen Geschäftsbedingungen gelesen und akzeptiere sie.')
      .check();
    await submit.dblclick();
    await page.getByTestId('order-confirmation').waitFor();
    await page.getByText('Eine Bestätigung per E-Mail ist unterwegs.').waitFor();

    await chooseLanguage(page, 'nl');
    await page.getByRole('heading', { name: 'Bedankt voor uw bestelling' }).waitFor();
    await expect(page.getByTestId('confirmation-earliest-end').textContent()).resolves.toBe('31 dec 2026');
    await expect(page.getByTestId('confirmation-last-day').textContent()).resolves.toBe('30 nov 2026');
    await screenshot(page, 'ordering-confirmation-nl');
    await expectAccessible(page, 'ordering-confirmation-nl');

    await page.getByRole('link', { name: 'Terug naar uw account' }).first().click();
    await page.getByTestId('bookings-table').waitFor();
    await expect(page.getByTestId('booking-row').count()).resolves.toBe(1);
  });

  it('orders again with the offer number and fills in the module data', async () => {
    const { page } = client;
    await chooseLanguage(page, 'en');
    await page
      .getByTestId('orderable-module')
      .filter({ hasText: 'Telephone service' })
      .getByTestId('order-module')
      .click();
    await page.getByRole('heading', { name: 'Order Telephone service' }).waitFor();
    // Not the first order any more: no contract partner, no terms.
    await expect(page.getByTestId('contract-partner-form').count()).resolves.toBe(0);

    await page.getByTestId('offer-number').fill('WRONG-0000');
    await page.getByRole('button', { name: 'Show offer' }).click();
    await page.getByText('This offer number is not valid for this module. Please check it.').waitFor();
    await screenshot(page, 'ordering-offer-unknown-en');
    await expectAccessible(page, 'ordering-offer-unknown-en');

    await page.getByTestId('offer-number').fill(OFFER_NUMBER);
    await page.getByRole('button', { name: 'Show offer' }).click();
    const offer = page.locator('[data-tariff-title="Promotion 2026"]');
    await offer.waitFor();
    await expect(offer.getAttribute('aria-checked')).resolves.toBe('true');
    await screenshot(page, 'ordering-offer-en');
    await expectAccessible(page, 'ordering-offer-en');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'ordering-offer-narrow-en');
    await expectAccessible(page, 'ordering-offer-narrow-en');
    await expect(amountsOutsideTheirCard(page)).resolves.toEqual([]);
    // Dutch writes the longest amount ("€ 0,85 per gesprek"): it wraps inside the card too.
    await chooseLanguage(page, 'nl');
    await page.getByText('€ 0,85 per gesprek').waitFor();
    await expect(amountsOutsideTheirCard(page)).resolves.toEqual([]);
    await expect(orderButtonTextFits(page)).resolves.toBe(true);
    await screenshot(page, 'ordering-offer-narrow-nl');
    await expectAccessible(page, 'ordering-offer-narrow-nl');
    await chooseLanguage(page, 'en');
    await page.setViewportSize({ width: 1280, height: 860 });

    await page.getByRole('button', { name: 'Order with obligation to pay' }).click();
    await page.getByTestId('order-confirmation').waitFor();
    await page.getByTestId('fill-in-module-data').click();
    await page.getByRole('heading', { name: 'Module data' }).waitFor();
    await page.getByTestId('module-data-missing').waitFor();

    await page.getByLabel('Name to greet callers with').fill('De Vries Advies, good morning');
    await page.getByLabel('Forwarding number').fill('call me');
    await page.getByTestId('module-data-save').click();
    await page.getByText('Use a phone number such as +31 20 123 4567.').waitFor();
    await page.getByLabel('Forwarding number').fill('+31 20 555 0100');
    await page.getByTestId('module-data-save').click();
    await page.getByText('The module data has been saved.').waitFor();
    await expect(page.getByTestId('module-data-missing').count()).resolves.toBe(0);
    await screenshot(page, 'ordering-module-data-en');
    await expectAccessible(page, 'ordering-module-data-en');

    await page.getByRole('link', { name: 'Back to your account' }).click();
    await page.getByTestId('bookings-table').waitFor();
    // The booking page loads only its booking: the list refreshes on return, after showing the cached one.
    await expect.poll(() => page.getByTestId('booking-row').count()).toBe(2);
    const rows = await page.getByTestId('booking-row').allTextContents();
    expect(rows.some((r) => r.includes('Standard') && r.includes('Active'))).toBe(true);
    expect(rows.some((r) => r.includes('Promotion 2026'))).toBe(true);
    await screenshot(page, 'ordering-modules-en');
    await expectAccessible(page, 'ordering-modules-en');
  });

  it("staff see the client's modules and order on the client's behalf", async () => {
    const staff = await portal.newPage('en-GB');
    try {
      const { page } = staff;
      await page.goto('/staff');
      await logIn(page, { email: 'E-mail address', password: 'Password', submit: 'Log in' }, OWNER);
      await page.getByRole('heading', { name: 'Client accounts' }).waitFor();
      await page.getByLabel('Search').fill('Anna de Vries');
      await page.getByTestId('account-row').filter({ hasText: NEW_CLIENT.email }).click();
      await page.getByTestId('tab-modules').click();
      await page.waitForURL(/tab=modules/);
      await page.getByTestId('modules-section').waitFor();
      await expect(page.getByTestId('booking-row').count()).resolves.toBe(2);
      await screenshot(page, 'ordering-staff-account-en');
      await expectAccessible(page, 'ordering-staff-account-en');

      // Anna has a current booking of both modules: staff order for Bakkerij Jansen, which has
      // only "Telefoonservice", the other module.
      await page.goto('/staff');
      await page.getByRole('heading', { name: 'Client accounts' }).waitFor();
      await page.getByLabel('Search').fill('Bakkerij Jansen');
      await page.getByTestId('account-row').filter({ hasText: 'Bakkerij Jansen' }).click();
      await page.getByTestId('tab-modules').click();
      await page.waitForURL(/tab=modules/);
      await page.getByTestId('modules-section').waitFor();
      await page.getByTestId('booking-row').first().waitFor();
      const before = await page.getByTestId('booking-row').count();
      await page
        .getByTestId('orderable-module')
        .filter({ hasText: 'Mail service' })
        .getByTestId('order-on-behalf')
        .click();
      // Staff order for someone else: the page names the client throughout.
      await page.getByRole('heading', { name: 'Order Mail service for Bakkerij Jansen B.V.' }).waitFor();
      expect(await page.title()).toBe('Order for Bakkerij Jansen B.V. – Demo Telefoonservice');
      const basic = page.locator('[data-tariff-title="Standard"]');
      await basic.click();
      // The account's order page brings the dates if ordered today, as on the client's page.
      await expect(basic.getByTestId('tariff-if-ordered-today').textContent()).resolves.toMatch(
        /^If ordered today, Bakkerij Jansen B\.V\. can end it on .+ at the earliest \(cancel by .+\)\.$/,
      );
      // None of the client's own wording ("If you order today", "your offer", …) is left.
      expect(await page.locator('main').textContent()).not.toMatch(CLIENT_WORDING);
      await screenshot(page, 'ordering-staff-order-en');
      await expectAccessible(page, 'ordering-staff-order-en');
      await page.getByRole('button', { name: 'Place the order for Bakkerij Jansen B.V.' }).click();
      await page.getByTestId('order-confirmation').waitFor();
      // Not "Thank you for your order": the confirmation says for whom it was ordered.
      await page.getByRole('heading', { level: 1, name: 'Ordered for Bakkerij Jansen B.V.' }).waitFor();
      await expect(page.getByTestId('confirmation-intro').textContent()).resolves.toBe(
        'The account of Bakkerij Jansen B.V. now has a new booking.',
      );
      await page.getByText('Bakkerij Jansen B.V. gets a confirmation e-mail.').waitFor();
      expect(await page.getByTestId('order-confirmation').textContent()).not.toMatch(CLIENT_WORDING);
      await page.getByTestId('confirmation-earliest-end').waitFor();
      await page.getByTestId('confirmation-last-day').waitFor();
      await screenshot(page, 'ordering-staff-confirmation-en');
      await expectAccessible(page, 'ordering-staff-confirmation-en');
      await page.getByRole('link', { name: 'Back to the account' }).last().click();
      await expect.poll(() => page.getByTestId('booking-row').count()).toBe(before + 1);
    } finally {
      await staff.context.close();
    }
  });
});
