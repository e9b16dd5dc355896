import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, hasBrowser, logIn, type Portal, screenshot, startPortal } from './support';

/**
 * The account history for staff (issue 8, "The account history"): a manager overrides the
 * contract start with a long reason, orders "Postservice" on the client's behalf and changes the
 * module data of "Telefoonservice"; the History tab then reads each entry as a sentence with names
 * in Dutch and German, with the changed fields by label and old → new values formatted, and the
 * reason in full. The kind filter is in the URL and reproduces with the link; a language switch
 * writes no entry. axe and reflow at 1280 and 390 px; screenshots in nl and de.
 */

const MANAGER = 'manager@telefoonservice.example';
const LOGIN = {
  nl: { email: 'E-mailadres', password: 'Wachtwoord', submit: 'Inloggen' },
  de: { email: 'E-Mail-Adresse', password: 'Passwort', submit: 'Anmelden' },
};
const REASON =
  'Contract uit het papieren archief overgenomen: de klant heeft de dienst sinds januari 2025 en het ondertekende contract ligt in map 12 op kantoor.';

async function settled(page: Page) {
  await page
    .locator('.mantine-Loader-root')
    .first()
    .waitFor({ state: 'detached', timeout: 15_000 })
    .catch(() => undefined);
}

/** axe and reflow at 1280 and 390 px, with a screenshot of each width. */
async function check(page: Page, state: string) {
  await settled(page);
  await expectAccessible(page, state);
  await screenshot(page, `${state}-1280`);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByTestId('audit-list').waitFor();
  await expectAccessible(page, `${state} (390 px)`);
  await screenshot(page, `${state}-390`);
  await page.setViewportSize({ width: 1280, height: 860 });
  await page.getByTestId('audit-table').waitFor();
}

/** A change line as it reads on screen (the words for screen readers in place of the arrow left out). */
async function changeText(locator: ReturnType<Page['locator']>) {
  const text = (await locator.textContent()) ?? '';
  return text
    .replace(/\s*(gewijzigd in|geändert in|changed to)\s*/g, ' ')
    .replace(/[\u00a0\u202f\s]+/g, ' ')
    .trim();
}

/** The row of the history table whose sentence is exactly this text. */
function rowOf(page: Page, sentence: string) {
  return page
    .getByTestId('audit-row')
    .filter({ has: page.getByTestId('audit-sentence').getByText(sentence, { exact: true }) });
}

describe.skipIf(!hasBrowser)('the account history', () => {
  let portal: Portal;
  let accountUrl = '';

  beforeAll(async () => {
    portal = await startPortal();
  });

  afterAll(async () => {
    await portal?.stop();
  });

  async function openAccount(locale: 'nl' | 'de', browserLocale: string) {
    const { context, page } = await portal.newPage(browserLocale);
    await page.goto('/staff');
    await logIn(page, LOGIN[locale], MANAGER);
    await page.getByTestId('account-row').filter({ hasText: 'Bakkerij Jansen B.V.' }).first().click();
    await page.getByTestId('contract-data').waitFor();
    return { context, page };
  }

  async function csrf(context: BrowserContext) {
    return (await context.cookies()).find((c) => c.name === 'kontor_csrf')?.value ?? '';
  }

  it('reads each entry in Dutch with names, formatted values and the reason in full; filters by kind', async () => {
    const { context, page } = await openAccount('nl', 'nl-NL');
    accountUrl = new URL(page.url()).pathname;
    const accountId = accountUrl.split('/').at(-1)!;

    // (6) The contract start, overridden with a reason.
    await page.getByTestId('section-duration-edit').click();
    await page.getByTestId('duration-override').fill('2025-01-01');
    await page.getByTestId('reason').fill(REASON);
    await page.getByTestId('section-duration-save').click();
    await page.getByTestId('duration-override-badge').waitFor();

    // "Postservice" ordered on the client's behalf under "Standaard".
    await page.getByTestId('tab-modules').click();
    await page.getByTestId('modules-section').waitFor();
    await page
      .getByTestId('orderable-module')
      .filter({ hasText: 'Postservice' })
      .getByTestId('order-on-behalf')
      .click();
    await page.locator('[data-tariff-title="Standaard"]').click();
    await page.getByTestId('order-submit').click();
    await page.getByTestId('order-confirmation').waitFor();

    // The greeting of "Telefoonservice" changed (module-specific data, labelled by the module's fields).
    const modules = await (await page.request.get(`/api/v1/staff/accounts/${accountId}/bookings`)).json();
    const phone = modules.bookings.find(
      (b: { moduleName: { nl: string } }) => b.moduleName.nl === 'Telefoonservice',
    );
    const patched = await page.request.patch(`/api/v1/staff/bookings/${phone.id}/module-data`, {
      headers: { 'x-csrf-token': await csrf(context) },
      data: { values: { greeting_name: 'Bakkerij Jansen, goedendag en welkom' }, version: phone.version },
    });
    expect(patched.status(), await patched.text()).toBe(200);

    // Contract data changed through the API as the page's forms send it: partner (address, reason),
    // VAT (enum, VAT ID, check), invoice receipt (a list and the delivery mode).
    const section = async (path: string, body: Record<string, unknown>) => {
      const contract = await (await page.request.get(`/api/v1/staff/accounts/${accountId}/contract`)).json();
      const res = await page.request.put(`/api/v1/staff/accounts/${accountId}/contract/${path}`, {
        headers: { 'x-csrf-token': await csrf(context) },
        data: { ...body, version: contract.account.version },
      });
      expect(res.status(), await res.text()).toBe(200);
    };
    await section('partner', {
      contractPartner: {
        company: 'Bakkerij Jansen B.V.',
        name: 'Jan Jansen',
        street: 'Marktplein 3',
        postalCode: '3511 LM',
        city: 'Utrecht',
        country: 'NL',
        email: 'jan@bakkerij-jansen.example',
        phone: '+31 30 123 4567',
      },
      reason: 'Verhuisd naar de winkel aan het Marktplein (uittreksel KvK ontvangen)',
    });
    await section('vat', { treatment: 'reverse_charge', vatId: 'NL123456789B01' });
    await section('invoice-receipt', {
      recipients: ['jan@bakkerij-jansen.example', 'boekhouding@bakkerij-jansen.example'],
      delivery: 'link',
    });

    await page.goto(`${accountUrl}?tab=history`);
    await page.getByTestId('audit-table').waitFor();
    const order = rowOf(page, 'Module Postservice besteld onder tarief Standaard');
    await order.waitFor();
    expect(await order.textContent()).toContain('Besteld door: Een medewerker namens de klant');
    const start = rowOf(page, 'Contractbegin gewijzigd');
    expect(await changeText(start.getByTestId('audit-change'))).toBe(
      'Contractbegin (handmatig vastgelegd): – → 1 jan 2025',
    );
    // The reason in full, wrapped in its cell.
    expect(await start.textContent()).toContain(REASON);
    const moved = rowOf(page, 'Contractpartner gewijzigd');
    expect(await changeText(moved.getByTestId('audit-change'))).toBe(
      'Contractpartner: Bakkerij Jansen B.V., Jan Jansen, Dorpsstraat 12, 3581 AB Utrecht, Nederland, jan@bakkerij-jansen.example, +31 30 123 4567 → Bakkerij Jansen B.V., Jan Jansen, Marktplein 3, 3511 LM Utrecht, Nederland, jan@bakkerij-jansen.example, +31 30 123 4567',
    );
    const receipt = rowOf(page, 'Ontvangst van facturen gewijzigd');
    expect(await changeText(receipt)).toContain(
      'Ontvangers van facturen: – → jan@bakkerij-jansen.example en boekhouding@bakkerij-jansen.example',
    );
    expect(await changeText(receipt)).toContain(
      'Verzending van facturen: PDF als bijlage bij de e-mail → Downloadlink in de e-mail',
    );
    expect(await changeText(rowOf(page, 'Btw-gegevens gewijzigd'))).toContain(
      'Btw-behandeling: Standaard → Btw verlegd',
    );
    const data = rowOf(page, 'Gegevens van module Telefoonservice gewijzigd');
    expect(await changeText(data.getByTestId('audit-change'))).toBe(
      'Naam waarmee wordt opgenomen: Bakkerij Jansen, goedemorgen → Bakkerij Jansen, goedendag en welkom',
    );
    // No ids, no JSON, no raw codes anywhere in the history.
    const all = (await page.getByTestId('audit-table').textContent()) ?? '';
    expect(all).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-|[{}]|staff_on_behalf|"/);
    await check(page, 'history-nl');

    // The filter: only modules and bookings; it is in the URL, so the link reproduces it.
    await page.getByLabel('Tonen').selectOption('modules');
    await page.waitForURL(/tab=history&kind=modules|kind=modules&tab=history/);
    await rowOf(page, 'Contractbegin gewijzigd').waitFor({ state: 'detached' });
    await order.waitFor();
    await check(page, 'history-nl-modules');
    await page.reload();
    await order.waitFor();
    expect(await page.getByLabel('Tonen').inputValue()).toBe('modules');
    await expect(
      page.getByTestId('audit-sentence').filter({ hasText: 'Contractbegin' }).count(),
    ).resolves.toBe(0);
    await context.close();
  });

  it('reads the same entries in German; switching the language writes no entry', async () => {
    const { context, page } = await openAccount('de', 'de-DE');
    await page.goto(`${accountUrl}?tab=history&kind=contract`);
    await page.getByTestId('audit-table').waitFor();
    expect(await page.getByLabel('Anzeigen').inputValue()).toBe('contract');
    const start = rowOf(page, 'Vertragsbeginn geändert');
    await start.waitFor();
    expect(await changeText(start.getByTestId('audit-change'))).toBe(
      'Vertragsbeginn (manuell festgelegt): – → 01.01.2025',
    );
    expect(await start.textContent()).toContain(REASON);
    await check(page, 'history-de-contract');

    await page.getByLabel('Anzeigen').selectOption('');
    await page.waitForURL((url) => !url.search.includes('kind='));
    await rowOf(page, 'Modul Postservice unter Tarif Standard bestellt').waitFor();
    await rowOf(page, 'Daten des Moduls Telefonservice geändert').waitFor();
    const total = await page.getByTestId('audit-total').textContent();
    await check(page, 'history-de');

    // A preference is not contract history: the language switch adds nothing.
    await page.getByTestId('language-select').selectOption('en');
    await page.getByRole('tab', { name: 'History', selected: true }).waitFor();
    await page.reload();
    await rowOf(page, 'Module Mail service ordered under tariff Standard').waitFor();
    expect((await page.getByTestId('audit-total').textContent())?.replace(/\D/g, '')).toBe(
      total?.replace(/\D/g, ''),
    );
    await page.getByTestId('language-select').selectOption('de');
    await page.getByRole('tab', { name: 'Verlauf', selected: true }).waitFor();
    await context.close();
  });
});
