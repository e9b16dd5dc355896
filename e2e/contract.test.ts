import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, hasBrowser, logIn, type Portal, screenshot, startPortal } from './support';

/**
 * The contract management page (issue 10) for every level: a client admin edits the billing
 * address, the invoice recipients and the purchase-order number; a member sees the page read-only
 * with the reasons; an employee and a manager each change what their level allows and are refused
 * the rest (the UI does not offer it and says why); a manager sets reverse charge and marks a test
 * account. Every tab is checked with axe at 1280 and 390 px; screenshots in nl and de.
 */

const ADMIN = 'jan@bakkerij-jansen.example';
const MEMBER = 'piet@bakkerij-jansen.example';
const EMPLOYEE = 'employee@telefoonservice.example';
const MANAGER = 'manager@telefoonservice.example';

const LOGIN = {
  nl: { email: 'E-mailadres', password: 'Wachtwoord', submit: 'Inloggen' },
  de: { email: 'E-Mail-Adresse', password: 'Passwort', submit: 'Anmelden' },
  en: { email: 'E-mail address', password: 'Password', submit: 'Log in' },
};

/** Waits until lazily loaded parts replaced their loaders and nothing moves any more. */
async function settled(page: Page) {
  await page
    .locator('.mantine-Loader-root')
    .first()
    .waitFor({ state: 'detached', timeout: 15_000 })
    .catch(() => undefined);
}

/** axe at 1280 and 390 px; screenshots of both widths when `shot` names them. */
async function check(page: Page, state: string, shot = true) {
  await settled(page);
  await expectAccessible(page, state);
  if (shot) await screenshot(page, `${state}-1280`);
  await page.setViewportSize({ width: 390, height: 844 });
  await expectAccessible(page, `${state} (390 px)`);
  if (shot) await screenshot(page, `${state}-390`);
  // Nothing may stick out sideways on a phone (the tables scroll inside their own region).
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${state}: the page is wider than 390 px`).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 1280, height: 860 });
}

/** Visits every tab the viewer has, checking each one. */
async function visitTabs(page: Page, prefix: string, tabs: string[]) {
  for (const tab of tabs) {
    await page.getByTestId(`tab-${tab}`).click();
    if (tab !== 'contract') await page.waitForURL(new RegExp(`tab=${tab}`));
    await page
      .getByRole('tab', { selected: true })
      .and(page.getByTestId(`tab-${tab}`))
      .waitFor();
    await check(page, `${prefix}-${tab}`);
  }
}

describe.skipIf(!hasBrowser)('contract management page', () => {
  let portal: Portal;

  beforeAll(async () => {
    portal = await startPortal();
  });

  afterAll(async () => {
    await portal?.stop();
  });

  async function staffAccountPage(email: string, locale: 'nl' | 'de' | 'en', browserLocale: string) {
    const { context, page } = await portal.newPage(browserLocale);
    await page.goto('/staff');
    await logIn(page, LOGIN[locale], email);
    await page.getByTestId('account-row').first().waitFor();
    await page.getByTestId('account-row').filter({ hasText: 'Bakkerij Jansen B.V.' }).first().click();
    await page.getByTestId('contract-data').waitFor();
    return { context, page };
  }

  it('a client admin edits the billing address, the recipients and the purchase-order number (nl)', async () => {
    const { context, page } = await portal.newPage('nl-NL');
    await page.goto('/');
    await logIn(page, LOGIN.nl, ADMIN);
    await page.getByRole('tab', { name: 'Contractgegevens', selected: true }).waitFor();
    await page.getByTestId('contract-data').waitFor();
    expect(await page.getByTestId('account-name').textContent()).toBe('Bakkerij Jansen B.V.');
    // Staff-only sections say why and offer nothing.
    expect(await page.getByTestId('section-vat-refusal').textContent()).toBe(
      'Alleen Demo Telefoonservice kan de btw-behandeling wijzigen. Neem contact met hen op als er iets moet veranderen.',
    );
    await expect(page.getByTestId('section-vat-edit').count()).resolves.toBe(0);
    await expect(page.getByTestId('section-partner-edit').count()).resolves.toBe(0);

    // (4) Billing address: prefilled from the contract partner, saved as its own address.
    await page.getByTestId('section-billing-address-edit').click();
    const billing = page.getByTestId('section-billing-address-form');
    await billing.getByLabel('Naam').fill('Administratie Bakkerij Jansen');
    await billing.getByLabel('Straat en huisnummer').fill('Postbus 12');
    await billing.getByLabel('Postcode').fill('');
    await billing.getByTestId('section-billing-address-save').click();
    await billing.getByText('Vul dit veld in.').waitFor();
    await check(page, 'contract-admin-billing-error-nl');
    await billing.getByLabel('Postcode').fill('1000 AA');
    await billing.getByTestId('section-billing-address-save').click();
    await page.getByTestId('billing-address-value').filter({ hasText: 'Postbus 12' }).waitFor();
    expect(await page.getByTestId('billing-address-value').textContent()).toContain(
      'Administratie Bakkerij Jansen',
    );

    // (9) Invoice receipt: a second recipient (a duplicate is refused at the field), download link.
    await page.getByTestId('section-invoice-receipt-edit').click();
    const receipt = page.getByTestId('section-invoice-receipt-form');
    await receipt.getByTestId('recipient-0').fill('jan@bakkerij-jansen.example');
    await receipt.getByTestId('recipient-add').click();
    await receipt.getByTestId('recipient-1').fill('JAN@bakkerij-jansen.example');
    await receipt.getByTestId('section-invoice-receipt-save').click();
    await receipt.getByText('Dit adres is al een ontvanger.').waitFor();
    await receipt.getByTestId('recipient-1').fill('boekhouding@bakkerij-jansen.example');
    await receipt.getByText('Downloadlink in de e-mail').click();
    await receipt.getByTestId('section-invoice-receipt-save').click();
    await page
      .getByTestId('invoice-recipients')
      .filter({ hasText: 'boekhouding@bakkerij-jansen.example' })
      .waitFor();
    expect(await page.getByTestId('invoice-delivery').textContent()).toBe('Downloadlink in de e-mail');

    // (10) Purchase-order number.
    await page.getByTestId('section-purchase-order-edit').click();
    await page.getByTestId('purchase-order-input').fill('PO-2026-118');
    await page.getByTestId('section-purchase-order-save').click();
    await page.getByTestId('purchase-order-value').filter({ hasText: 'PO-2026-118' }).waitFor();

    // (11) The accepted version of the terms opens from the page.
    await page.getByTestId('legal-terms-open').click();
    await page.getByRole('dialog').getByTestId('legal-document').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    await visitTabs(page, 'contract-admin-nl', ['contract', 'modules', 'users', 'documents']);
    await expect(page.getByTestId('tab-history').count()).resolves.toBe(0);

    // A link opens the same tab; the saved values survive a reload.
    await page.goto('/?tab=documents');
    await page.getByRole('tab', { name: 'Documenten', selected: true }).waitFor();
    await page.goto('/');
    await page.getByTestId('purchase-order-value').filter({ hasText: 'PO-2026-118' }).waitFor();
    await context.close();
  });

  it('a member sees the page read-only with the reasons (de)', async () => {
    const { context, page } = await portal.newPage('de-DE');
    await page.goto('/');
    await logIn(page, LOGIN.de, MEMBER);
    await page.getByRole('tab', { name: 'Vertragsdaten', selected: true }).waitFor();
    await page.getByTestId('contract-data').waitFor();
    await expect(page.getByRole('button', { name: 'Ändern', exact: true }).count()).resolves.toBe(0);
    await expect(page.locator('[data-testid^="section-"][data-testid$="-edit"]').count()).resolves.toBe(0);
    await expect(page.locator('[data-testid^="section-"][data-testid$="-refusal"]').count()).resolves.toBe(9);
    expect(await page.getByTestId('section-billing-address-refusal').textContent()).toBe(
      'Nur ein Administrator des Kontos kann die Rechnungsadresse ändern.',
    );
    expect(await page.getByTestId('section-purchase-order-refusal').textContent()).toBe(
      'Nur ein Administrator des Kontos kann die Bestellnummer ändern.',
    );
    expect(await page.getByTestId('section-invoice-receipt-who').textContent()).toBe(
      'Wer dies ändern kann: Administratoren des Kontos und Mitarbeitende von Demo Telefoonservice.',
    );
    // What the admin saved in the first journey is shown to the member too.
    await page.getByTestId('purchase-order-value').filter({ hasText: 'PO-2026-118' }).waitFor();
    await visitTabs(page, 'contract-member-de', ['contract', 'modules', 'users', 'documents']);
    await context.close();
  });

  it('an employee changes the customer number and is refused the manager sections', async () => {
    const { context, page } = await staffAccountPage(EMPLOYEE, 'en', 'en-GB');
    for (const section of ['partner', 'payment-terms', 'duration', 'vat', 'test-account']) {
      await expect(page.getByTestId(`section-${section}-edit`).count()).resolves.toBe(0);
    }
    expect(await page.getByTestId('section-partner-refusal').textContent()).toBe(
      'Only a manager can change the contract partner.',
    );
    expect(await page.getByTestId('section-test-account-refusal').textContent()).toBe(
      'Only a manager can change the test-account setting.',
    );
    // The contract partner shows when and by whom it was given.
    expect(await page.getByTestId('partner-given').textContent()).toMatch(/with the first order/);

    await page.getByTestId('section-customer-number-edit').click();
    await page.getByTestId('customer-number-input').fill('K-1001-B');
    await page.getByTestId('section-customer-number-save').click();
    await page.getByTestId('customer-number').filter({ hasText: 'K-1001-B' }).waitFor();
    // An employee may edit the client's billing sections too.
    await expect(page.getByTestId('section-purchase-order-edit').count()).resolves.toBe(1);
    await check(page, 'contract-employee-en', false);
    await page.getByTestId('tab-history').click();
    await page.getByTestId('audit-table').waitFor();
    await check(page, 'contract-employee-history-en', false);
    await context.close();
  });

  it('a manager sets reverse charge, marks a test account and overrides the contract start with a reason (de)', async () => {
    const { context, page } = await staffAccountPage(MANAGER, 'de', 'de-DE');
    await check(page, 'contract-manager-de-before');

    // (8) Reverse charge needs the VAT ID; the legend is shown as documents will carry it.
    await page.getByTestId('section-vat-edit').click();
    const vat = page.getByTestId('section-vat-form');
    await vat.getByTestId('vat-reverse_charge').check();
    await vat.getByTestId('section-vat-save').click();
    await vat
      .getByText('Die Steuerschuldnerschaft des Leistungsempfängers erfordert die USt-IdNr. des Kunden.')
      .waitFor();
    await vat.getByTestId('vat-id-input').fill('NL12345678');
    await vat.getByTestId('section-vat-save').click();
    await vat.getByText('Das ist nicht das Format einer USt-IdNr. dieses Landes.').waitFor();
    await vat.getByTestId('vat-id-input').fill('NL123456789B01');
    await vat.getByTestId('section-vat-save').click();
    await page.getByTestId('vat-treatment').filter({ hasText: 'Reverse Charge' }).waitFor();
    await page.getByTestId('vat-legend').waitFor();
    expect(await page.getByTestId('vat-legend').textContent()).toMatch(/BTW verlegd|Reverse charge/i);
    expect(await page.getByTestId('vat-check').textContent()).toContain('Nicht geprüft');

    // (12) Test account: the header shows the TEST mark.
    await page.getByTestId('section-test-account-edit').click();
    await page.getByTestId('test-account-input').check();
    await page.getByTestId('section-test-account-save').click();
    await page.getByTestId('test-badge').waitFor();

    // (6) An override of the contract start needs a reason, is shown as such, and can be removed.
    await page.getByTestId('section-duration-edit').click();
    await page.getByTestId('duration-override').fill('2025-01-01');
    await page.getByTestId('section-duration-save').click();
    await page.getByText('Bitte geben Sie einen Grund für diese Änderung an.').waitFor();
    await page.getByTestId('reason').fill('Vertrag aus der Papierakte übernommen');
    await page.getByTestId('section-duration-save').click();
    await page.getByTestId('duration-override-badge').waitFor();
    await check(page, 'contract-manager-de-after');

    await page.getByTestId('section-duration-edit').click();
    await page.getByTestId('reason').fill('Versehentlich gesetzt');
    await page.getByTestId('duration-remove-override').click();
    await page.getByTestId('duration-override-badge').waitFor({ state: 'detached' });

    // The history has the changes with the reason.
    await page.getByTestId('tab-history').click();
    await page.waitForURL(/tab=history/);
    await page
      .getByTestId('audit-table')
      .getByText('Vertrag aus der Papierakte übernommen')
      .first()
      .waitFor();
    await visitTabs(page, 'contract-manager-de', ['modules', 'users', 'documents', 'history']);

    // The account list shows the test account with its mark.
    await page.getByRole('link', { name: 'Alle Konten' }).click();
    await page
      .getByTestId('account-row')
      .filter({ hasText: 'Bakkerij Jansen B.V.' })
      .getByText('Testkonto')
      .waitFor();
    await context.close();
  });

  it('a manager closes an account whose bookings have ended; its page is read-only with the CLOSED mark', async () => {
    const { context, page } = await portal.newPage('en-GB');
    await page.goto('/staff');
    await logIn(page, LOGIN.en, MANAGER);
    await page.getByLabel('Search').fill('Kapsalon Brouwer');
    await page.waitForURL(/q=Kapsalon/);
    await page.getByTestId('account-row').filter({ hasText: 'Kapsalon Brouwer' }).click();
    await page.getByTestId('contract-data').waitFor();
    await expect(page.getByTestId('section-billing-address-edit').count()).resolves.toBe(1);
    await page.getByTestId('delete-account').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('confirm-name').fill('Kapsalon Brouwer');
    await dialog.getByRole('button', { name: 'Delete account for good' }).click();
    await page.getByTestId('closed-mark').waitFor();
    await page
      .getByTestId('section-billing-address-refusal')
      .filter({ hasText: 'The account is closed: nothing can be changed any more.' })
      .waitFor();
    await expect(page.locator('[data-testid^="section-"][data-testid$="-edit"]').count()).resolves.toBe(0);
    // Anonymised data is said to be removed, not "not given yet".
    expect(await page.getByTestId('partner-none').textContent()).toBe('Removed when the account was closed.');
    await check(page, 'contract-closed-en');
    await context.close();
  });

  it('a section saved meanwhile by someone else: the form shows the 409 in the UI language with the current value, keeps the entry, and saves it next (nl)', async () => {
    const { context, page } = await staffAccountPage(MANAGER, 'nl', 'nl-NL');
    await page.getByTestId('section-purchase-order-edit').click();
    const form = page.getByTestId('section-purchase-order-form');
    await form.getByTestId('purchase-order-input').fill('PO-MANAGER-2027');

    // Meanwhile an employee, in a browser of their own, changes the same section.
    const other = await staffAccountPage(EMPLOYEE, 'en', 'en-GB');
    await other.page.getByTestId('section-purchase-order-edit').click();
    await other.page.getByTestId('purchase-order-input').fill('PO-EMPLOYEE-555');
    await other.page.getByTestId('section-purchase-order-save').click();
    await other.page.getByTestId('purchase-order-value').filter({ hasText: 'PO-EMPLOYEE-555' }).waitFor();

    // The first save was based on the version read before: refused, and said so in Dutch with
    // the value the server holds now; what the manager typed is still in the field.
    await form.getByTestId('section-purchase-order-save').click();
    const conflict = form.getByRole('alert').filter({ hasText: 'Intussen gewijzigd' });
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain(
      'Iemand anders heeft dit account gewijzigd terwijl u bezig was. Het huidige inkoopnummer is PO-EMPLOYEE-555. Uw invoer is bewaard: sla opnieuw op om het te vervangen.',
    );
    await expect(form.getByTestId('purchase-order-input').inputValue()).resolves.toBe('PO-MANAGER-2027');
    // The card above the form shows the current value too.
    await page.getByTestId('purchase-order-value').filter({ hasText: 'PO-EMPLOYEE-555' }).waitFor();
    await check(page, 'contract-conflict-nl');

    // Saving again is based on the current version and succeeds.
    await form.getByTestId('section-purchase-order-save').click();
    await page.getByTestId('purchase-order-value').filter({ hasText: 'PO-MANAGER-2027' }).waitFor();
    await form.waitFor({ state: 'detached' });
    await other.page.reload();
    await other.page.getByTestId('purchase-order-value').filter({ hasText: 'PO-MANAGER-2027' }).waitFor();
    await other.context.close();
    await context.close();
  });

  it('at 390 px the tabs stay one row that scrolls inside itself; the keyboard reaches and selects every tab (nl)', async () => {
    const { context, page } = await staffAccountPage(MANAGER, 'nl', 'nl-NL');
    await page.setViewportSize({ width: 390, height: 844 });
    const list = page.getByRole('tablist', { name: 'Onderdelen van het contract' });
    const listBox = await list.boundingBox();
    const tabBox = await page.getByTestId('tab-contract').boundingBox();
    // One row (not wrapped into three), wider than the phone, scrolling inside itself.
    expect(listBox?.height ?? 0).toBeLessThan((tabBox?.height ?? 0) * 1.5);
    expect(await list.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    await expectAccessible(page, 'contract-tabs-390-nl');
    await screenshot(page, 'contract-tabs-390-nl');

    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
    /** Whether the tab lies within the visible part of the list. */
    const inView = (tab: string) =>
      page.getByTestId(`tab-${tab}`).evaluate((el) => {
        const outer = (el.parentElement as HTMLElement).getBoundingClientRect();
        const own = el.getBoundingClientRect();
        return own.left >= outer.left - 1 && own.right <= outer.right + 1;
      });

    // Tab from the link before the list lands on the selected tab; the arrow keys go on.
    await page.getByRole('link', { name: 'Alle accounts' }).focus();
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('tab-contract');
    for (const tab of ['modules', 'users', 'documents', 'history']) {
      await page.keyboard.press('ArrowRight');
      await page.waitForURL(new RegExp(`tab=${tab}`));
      await page
        .getByRole('tab', { selected: true })
        .and(page.getByTestId(`tab-${tab}`))
        .waitFor();
      expect(await focused()).toBe(`tab-${tab}`);
      expect(await inView(tab), `${tab} is scrolled into view`).toBe(true);
      await settled(page);
      await expectAccessible(page, `contract-tabs-390-${tab}-nl`);
    }
    await screenshot(page, 'contract-tabs-390-history-nl');
    // From the last tab the arrow goes round to the first, which scrolls back into view.
    await page.keyboard.press('ArrowRight');
    await page.getByRole('tab', { selected: true }).and(page.getByTestId('tab-contract')).waitFor();
    expect(await inView('contract')).toBe(true);
    await expect.poll(() => new URL(page.url()).searchParams.get('tab')).toBeNull();

    // A link to a tab far right opens with that tab in view.
    await page.goto(`${new URL(page.url()).pathname}?tab=history`);
    await page.getByRole('tab', { name: 'Geschiedenis', selected: true }).waitFor();
    await expect.poll(() => inView('history')).toBe(true);
    await context.close();
  });

  it('the tabs pass axe at both widths in nl for staff too', async () => {
    const { context, page } = await staffAccountPage(MANAGER, 'nl', 'nl-NL');
    await visitTabs(page, 'contract-manager-nl', ['contract', 'modules', 'users', 'documents', 'history']);
    await context.close();
  });
});
