import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectAccessible,
  hasBrowser,
  logIn,
  OWNER,
  type Portal,
  screenshot as saveScreenshot,
  startPortal,
} from './support';

/**
 * The operator's catalog in the browser: a supermanager builds a module with its own fields, a
 * tariff with the monthly notice preset (the rule in words and the example dates from the server)
 * and its items, and reads the price list; an employee has no catalog; the owner publishes a new
 * version of the terms and keeps the invoice settings. Screenshots in German, Dutch and English.
 */

const SUPERMANAGER = 'supermanager@telefoonservice.example';
const EMPLOYEE = 'employee@telefoonservice.example';

const labels = {
  de: { email: 'E-Mail-Adresse', password: 'Passwort', submit: 'Anmelden' },
  nl: { email: 'E-mailadres', password: 'Wachtwoord', submit: 'Inloggen' },
  en: { email: 'E-mail address', password: 'Password', submit: 'Log in' },
};

/** A screenshot from the top of the page, once transitions (modals, notifications) have settled. */
async function screenshot(page: Page, name: string) {
  // Let confirmations of earlier steps close (they would cover the page).
  await page.locator('.mantine-Notification-root').first().waitFor({ state: 'detached', timeout: 15_000 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(400);
  await saveScreenshot(page, name);
}

async function chooseOption(page: Page, input: ReturnType<Page['getByTestId']>, option: string) {
  await input.click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe.skipIf(!hasBrowser)('catalog journeys', () => {
  let portal: Portal;

  beforeAll(async () => {
    portal = await startPortal();
  });

  afterAll(async () => {
    await portal?.stop();
  });

  it('a supermanager creates a module with two fields, a monthly tariff with items, and sees the price list', async () => {
    const { context, page } = await portal.newPage('de-DE');
    await page.goto('/staff');
    await logIn(page, labels.de, SUPERMANAGER);
    await page.getByTestId('nav-catalog').first().click();
    await page.getByRole('heading', { name: 'Module', exact: true }).waitFor();
    await page.getByTestId('module-row').first().waitFor();
    await screenshot(page, 'catalog-modules-de');
    await expectAccessible(page, 'catalog-modules-de');

    // A new module with two fields.
    await page.getByTestId('module-new').click();
    await page.getByRole('heading', { name: 'Neues Modul' }).waitFor();
    await page.getByTestId('module-name-de').fill('Sekretariatsdienst');
    await page.getByTestId('module-name-nl').fill('Secretariaatsdienst');
    await page.getByTestId('module-name-en').fill('Secretarial service');
    await page
      .getByTestId('module-description-de')
      .fill('Wir nehmen Ihre Anrufe entgegen und leiten sie weiter.');
    await page.getByTestId('field-add').click();
    await page.getByTestId('field-add').click();
    // Saving with empty fields shows the messages at the inputs and keeps everything typed.
    await page.getByTestId('module-save').click();
    await page.getByText('Geben Sie diesen Text in mindestens einer Sprache an.').first().waitFor();
    await page.getByText('Verwenden Sie Kleinbuchstaben, Ziffern und _').first().waitFor();
    await expect(page.getByTestId('module-name-de').inputValue()).resolves.toBe('Sekretariatsdienst');

    await page.getByTestId('field-key').nth(0).fill('greeting');
    await page.getByTestId('field-label-de').nth(0).fill('Begrüßung');
    await page.getByTestId('field-label-nl').nth(0).fill('Begroeting');
    await page.getByTestId('field-key').nth(1).fill('forwarding_number');
    await page.getByTestId('field-label-de').nth(1).fill('Weiterleitungsnummer');
    await chooseOption(page, page.getByTestId('field-type').nth(1), 'Telefonnummer');
    await screenshot(page, 'catalog-module-form-de');
    await expectAccessible(page, 'catalog-module-form-de');
    await page.getByTestId('module-save').click();
    await page.getByTestId('module-title').filter({ hasText: 'Sekretariatsdienst' }).waitFor();
    await page.getByText('Noch keine Tarife').waitFor();

    // A tariff with the monthly preset: the rule in words and the example from the server.
    await page.getByTestId('tariff-new').click();
    await page.getByRole('heading', { name: 'Neuer Tarif' }).waitFor();
    await page.getByTestId('tariff-title-de').fill('Basis');
    await page.getByTestId('tariff-title-nl').fill('Basis');
    await page.getByTestId('tariff-vat').fill('19');
    await page.getByTestId('rule-preset').getByText('Monatlich').click();
    await page
      .getByTestId('rule-words')
      .filter({ hasText: 'Kündigungsfrist 1 Monat zum Monatsende' })
      .waitFor();
    // Today is 26 November 2026: cancelled today, the contract ends on 31 December.
    await page.getByTestId('rule-example').filter({ hasText: '31.12.2026' }).waitFor();
    await expect(page.getByTestId('rule-example').textContent()).resolves.toContain('30.11.2026');
    await screenshot(page, 'catalog-tariff-form-de');
    await expectAccessible(page, 'catalog-tariff-form-de');
    await page.getByTestId('tariff-save').click();
    await page.getByTestId('tariff-heading').filter({ hasText: 'Basis' }).waitFor();
    await page.getByText('Noch keine Positionen').waitFor();
    // A new tariff starts unpublished; without items it cannot be published: the server says why.
    await expect(page.getByTestId('tariff-published-badge').textContent()).resolves.toBe(
      'Nicht veröffentlicht',
    );
    await page.getByTestId('tariff-publish').click();
    await page.getByRole('dialog', { name: 'Tarif veröffentlichen?' }).waitFor();
    await page.getByTestId('tariff-publish-confirm').click();
    await page.getByTestId('tariff-publish-error').waitFor();
    await expectAccessible(page, 'catalog-tariff-publish-without-items-de');
    await page.getByRole('dialog').getByRole('button', { name: 'Abbrechen' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    // A base fee (monthly in advance) and a setup fee (one-time).
    await page.getByTestId('item-add').click();
    await page.getByTestId('item-title-de').fill('Grundgebühr');
    await page.getByTestId('item-title-nl').fill('Vast bedrag');
    await page.getByTestId('item-price').fill('29.90');
    await expectAccessible(page, 'catalog-item-dialog-de');
    await page.getByTestId('item-save').click();
    await page.getByTestId('item-row').first().waitFor();
    await page.getByTestId('item-add').click();
    await page.getByTestId('item-title-de').fill('Einrichtung');
    await page.getByTestId('item-title-nl').fill('Aansluiting');
    await chooseOption(page, page.getByTestId('item-key'), 'Einrichtungsgebühr');
    await expect(page.getByTestId('item-billing').inputValue()).resolves.toBe('Einmalig');
    await page.getByTestId('item-price').fill('49');
    await page.getByTestId('item-save').click();
    await expect.poll(() => page.getByTestId('item-row').count()).toBe(2);

    const priceList = page.getByTestId('price-list');
    await priceList.getByText('29,90 €').waitFor();
    await priceList.getByText('49,00 €').waitFor();

    // With items the tariff can be published, after a confirmation saying what it means.
    await page.getByTestId('tariff-publish').click();
    const publishDialog = page.getByRole('dialog', { name: 'Tarif veröffentlichen?' });
    await publishDialog.getByText('ab sofort bestellen').waitFor();
    await screenshot(page, 'catalog-tariff-publish-de');
    await expectAccessible(page, 'catalog-tariff-publish-de');
    await page.getByTestId('tariff-publish-confirm').click();
    await publishDialog.waitFor({ state: 'detached' });
    await expect(page.getByTestId('tariff-published-badge').textContent()).resolves.toBe('Veröffentlicht');
    await page.getByTestId('tariff-unpublish').waitFor();
    await expect(priceList.getByTestId('price-list-rule').textContent()).resolves.toBe(
      'Keine Mindestlaufzeit, Kündigungsfrist 1 Monat zum Monatsende',
    );

    // The same page in Dutch.
    await page.getByTestId('language-select').selectOption('nl');
    await page.getByRole('heading', { name: 'Prijslijst' }).waitFor();
    await priceList.getByText('€ 29,90').waitFor();
    await priceList.getByRole('heading', { name: 'Eenmalig' }).waitFor();
    await priceList.getByText('Maandelijks vooraf').waitFor();
    await priceList.getByText('Vast bedrag').waitFor();
    await expect(priceList.getByTestId('price-list-rule').textContent()).resolves.toBe(
      'Geen minimale looptijd, opzegtermijn 1 maand tegen het einde van een maand',
    );
    await screenshot(page, 'catalog-tariff-nl');
    await expectAccessible(page, 'catalog-tariff-nl');

    // A tariff that bookings use cannot be deleted, the page says why; a copy gets an offer number.
    await page.getByTestId('nav-catalog').first().click();
    await page.getByTestId('module-row').filter({ hasText: 'Telefoonservice' }).click();
    await page
      .getByTestId('tariff-row')
      .filter({ hasText: 'Actie 2026' })
      .getByTestId('offer-number')
      .waitFor();
    await screenshot(page, 'catalog-module-nl');
    await expectAccessible(page, 'catalog-module-nl');
    await page.getByTestId('tariff-row').getByRole('link', { name: 'Basis', exact: true }).click();
    await page.getByTestId('tariff-heading').filter({ hasText: 'Basis' }).waitFor();
    await page.getByText('Boekingen gebruiken dit tarief').waitFor();
    await expect(page.getByTestId('tariff-delete').isDisabled()).resolves.toBe(true);

    // Before anything changes the page says how many bookings a change affects and what it does;
    // the items offer what their abilities allow: no delete, the price only from a date.
    const inUse = page.getByTestId('tariff-in-use-page');
    await expect(inUse.getByTestId('tariff-booking-count').textContent()).resolves.toBe(
      '1 lopende boeking gebruikt dit tarief. Met de beëindigde boekingen erbij hebben in totaal 2 boekingen dit tarief gebruikt.',
    );
    await inUse.getByText('Een prijs wijzigt alleen vanaf een datum die u kiest').waitFor();
    await page.getByTestId('item-edit').first().waitFor();
    await expect(page.getByTestId('item-delete').count()).resolves.toBe(0);
    await screenshot(page, 'catalog-tariff-in-use-nl');
    await expectAccessible(page, 'catalog-tariff-in-use-nl');
    await page.getByTestId('item-edit').first().click();
    const itemDialog = page.getByRole('dialog', { name: 'Regel wijzigen' });
    await itemDialog
      .getByTestId('tariff-in-use-item')
      .getByText('1 lopende boeking gebruikt dit tarief.')
      .waitFor();
    await expect(itemDialog.getByTestId('item-price').getAttribute('readonly')).resolves.not.toBeNull();
    await expect(itemDialog.getByTestId('item-key').isDisabled()).resolves.toBe(true);
    await expectAccessible(page, 'catalog-item-in-use-dialog-nl');
    await itemDialog.getByTestId('item-form-price-change').click();
    const priceDialog = page.getByRole('dialog', { name: 'Prijs wijzigen vanaf een datum' });
    await priceDialog.getByText('Nog geen prijswijzigingen.').waitFor();
    await priceDialog.getByTestId('price-change-price').fill('32,50');
    // A date before today is refused by the server, in the UI language at the field.
    await priceDialog.getByTestId('price-change-date').fill('2026-11-01');
    await priceDialog.getByTestId('price-change-save').click();
    await priceDialog.getByText('Kies vandaag of een latere datum.').waitFor();
    await expectAccessible(page, 'catalog-price-change-error-nl');
    await priceDialog.getByTestId('price-change-date').fill('2027-01-01');
    await priceDialog.getByTestId('price-change-save').click();
    await priceDialog.waitFor({ state: 'detached' });
    await page.getByText('De prijswijziging is opgeslagen.').waitFor();
    await page.getByRole('button', { name: 'Prijs wijzigen per datum: Basisprijs' }).click();
    await priceDialog
      .getByTestId('price-change-list')
      .filter({ hasText: 'Vanaf 1 jan 2027: € 29,90 → € 32,50' })
      .waitFor();
    await screenshot(page, 'catalog-price-change-nl');
    await expectAccessible(page, 'catalog-price-change-nl');
    await priceDialog.getByRole('button', { name: 'Annuleren' }).click();
    await priceDialog.waitFor({ state: 'detached' });

    await page.getByTestId('tariff-copy').click();
    await page.getByTestId('tariff-heading').filter({ hasText: 'Basis (kopie)' }).waitFor();
    await page.getByTestId('offer-number').waitFor();
    await expect(page.getByTestId('tariff-delete').isDisabled()).resolves.toBe(false);
    await context.close();
  });

  it('an employee sees no catalog', async () => {
    const { context, page } = await portal.newPage('nl-NL');
    await page.goto('/staff');
    await logIn(page, labels.nl, EMPLOYEE);
    await page.getByRole('heading', { name: 'Klantaccounts' }).waitFor();
    await expect(page.getByTestId('nav-catalog').count()).resolves.toBe(0);
    await expect(page.getByTestId('nav-invoice-settings').count()).resolves.toBe(0);
    await expect(page.getByTestId('nav-legal').count()).resolves.toBe(0);
    await page.goto('/staff/catalog');
    await page.getByText('Niet beschikbaar', { exact: true }).waitFor();
    await expect(page.getByTestId('module-new').count()).resolves.toBe(0);
    await screenshot(page, 'catalog-employee-nl');
    await expectAccessible(page, 'catalog-employee-nl');
    await context.close();
  });

  it('the owner publishes a new version of the terms and saves the invoice settings', async () => {
    const { context, page } = await portal.newPage('en-GB');
    await page.goto('/staff');
    await logIn(page, labels.en, OWNER);
    await page.getByTestId('nav-legal').first().click();
    await page.getByRole('heading', { name: 'Legal documents' }).waitFor();
    const versions = page.getByTestId('legal-versions-terms').getByTestId('legal-version-row');
    await versions.first().waitFor();
    const before = await versions.count();
    // The "read" dialog of a version: named close button, passes axe, closes by that name.
    await page.getByTestId('legal-versions-terms').getByRole('button', { name: 'Read' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('legal-text').waitFor();
    await expectAccessible(page, 'catalog-legal-read-dialog-en');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('legal-title-terms').fill('Terms and conditions 2027');
    await page
      .getByTestId('legal-text-terms')
      .fill(
        '1. Scope\nThese terms apply to every order placed from 1 January 2027.\n\n2. Prices\nAll prices exclude VAT.',
      );
    await page.getByTestId('legal-publish-terms').click();
    // Publishing asks first: the new version binds every future order (registration).
    await page.getByTestId('legal-publish-confirm-terms').click();
    await expect.poll(() => versions.count()).toBe(before + 1);
    await expect(versions.first().textContent()).resolves.toContain('Terms and conditions 2027');
    await versions.first().getByRole('button', { name: 'Read' }).click();
    await page.getByTestId('legal-text').filter({ hasText: 'These terms apply' }).waitFor();
    await screenshot(page, 'catalog-legal-en');
    await expectAccessible(page, 'catalog-legal-en');
    await page.keyboard.press('Escape');

    // A privacy policy version as a PDF: listed with a link that serves the file.
    await page.getByTestId('legal-tab-privacy').click();
    const privacy = page.getByTestId('legal-versions-privacy').getByTestId('legal-version-row');
    await privacy.first().waitFor();
    const privacyBefore = await privacy.count();
    await page.getByText('As PDF').click();
    await page.getByTestId('legal-title-privacy').fill('Privacy policy 2027');
    await page.locator('input[type=file]').setInputFiles({
      name: 'privacy-2027.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(
        '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
      ),
    });
    await page.getByTestId('legal-publish-privacy').click();
    // Publishing asks first: the new version binds every future order (registration).
    await page.getByTestId('legal-publish-confirm-privacy').click();
    await expect.poll(() => privacy.count()).toBe(privacyBefore + 1);
    const pdfLink = privacy.first().getByRole('link', { name: 'Open PDF' });
    const href = await pdfLink.getAttribute('href');
    const pdf = await page.request.get(href ?? '');
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');

    await page.getByTestId('nav-invoice-settings').first().click();
    await page.getByRole('heading', { name: 'Invoice settings' }).waitFor();
    const iban = page.getByTestId('issuer-iban');
    await iban.waitFor();
    await iban.fill('NL91 ABNA 0417 1643 01');
    await page.getByTestId('invoice-settings-save').click();
    await page.getByText('This IBAN is not valid').waitFor();
    await screenshot(page, 'catalog-invoice-settings-error-en');
    await expectAccessible(page, 'catalog-invoice-settings-error-en');
    await iban.fill('NL91 ABNA 0417 1643 00');
    await page.getByTestId('due-days').fill('21');
    await page.getByTestId('invoice-settings-save').click();
    await page.getByText('The invoice settings have been saved.').waitFor();
    await expect(iban.inputValue()).resolves.toBe('NL91ABNA0417164300');
    await screenshot(page, 'catalog-invoice-settings-en');
    await expectAccessible(page, 'catalog-invoice-settings-en');
    await context.close();
  });
});
