import { execFileSync } from 'node:child_process';
import type { BrowserContext, Page } from 'playwright-core';
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
 * The cancellation button of §312k BGB (demo data, today 2026-11-26): a visitor without login
 * opens it from the footer, submits, sees the receipt and downloads it as PDF (de); staff match the
 * declaration, which named no customer number, to Bakkerij Jansen's booking and the confirmation
 * with the end goes out (en); the page, the receipt and the staff list in every language.
 */

const EMPLOYEE = 'employee@telefoonservice.example';
const CONFIRM_TO = 'jan.privat@example.org';

type Labels = { email: string; password: string; submit: string };
const LOGIN: Record<'de' | 'en' | 'nl', Labels> = {
  de: { email: 'E-Mail-Adresse', password: 'Passwort', submit: 'Anmelden' },
  en: { email: 'E-mail address', password: 'Password', submit: 'Log in' },
  nl: { email: 'E-mailadres', password: 'Wachtwoord', submit: 'Inloggen' },
};

const FORM = {
  de: {
    link: 'Verträge hier kündigen',
    ordinary: 'Ordentliche Kündigung',
    extraordinary: 'Außerordentliche Kündigung',
    reason: 'Grund der außerordentlichen Kündigung',
    name: 'Ihr Name',
    email: 'Ihre E-Mail-Adresse',
    contract: 'Vertrag',
    desired: 'Gewünschter Beendigungszeitpunkt',
    confirm: 'E-Mail-Adresse für die Bestätigung',
    submit: 'jetzt kündigen',
  },
  nl: {
    link: 'Contract hier opzeggen',
    ordinary: 'Gewone opzegging',
    extraordinary: 'Buitengewone opzegging',
    reason: 'Reden van de buitengewone opzegging',
    name: 'Uw naam',
    email: 'Uw e-mailadres',
    contract: 'Contract',
    desired: 'Gewenste einddatum',
    confirm: 'E-mailadres voor de bevestiging',
    submit: 'nu opzeggen',
  },
  en: {
    link: 'Cancel contracts here',
    ordinary: 'Ordinary cancellation',
    extraordinary: 'Extraordinary cancellation',
    reason: 'Reason for the extraordinary cancellation',
    name: 'Your name',
    email: 'Your e-mail address',
    contract: 'Contract',
    desired: 'Desired end',
    confirm: 'E-mail address for the confirmation',
    submit: 'cancel now',
  },
} as const;

type Lang = keyof typeof FORM;

describe.skipIf(!hasBrowser)('cancellation button journeys', () => {
  let portal: Portal;

  beforeAll(async () => {
    portal = await startPortal();
  });

  afterAll(async () => {
    await portal?.stop();
  });

  /** Fills and sends the form; the receipt page follows. */
  async function declare(page: Page, lang: Lang, v: { name: string; email: string; contract: string }) {
    const f = FORM[lang];
    await page.getByLabel(f.name).fill(v.name);
    await page.getByLabel(f.email).fill(v.email);
    await page.getByLabel(f.contract).fill(v.contract);
    await page.getByLabel(f.confirm).fill(CONFIRM_TO);
    await page.getByRole('button', { name: f.submit }).click();
    await page.getByTestId('cancellation-received').waitFor();
  }

  async function staffPage(lang: Lang, locale: string): Promise<{ context: BrowserContext; page: Page }> {
    const { context, page } = await portal.newPage(locale);
    await page.goto('/staff');
    await logIn(page, LOGIN[lang], EMPLOYEE);
    await page.getByTestId('nav-cancellations').first().click();
    await page.getByRole('heading', { level: 1 }).waitFor();
    return { context, page };
  }

  /** The operator's development outbox (as the owner, through the API). */
  async function outboxTo(to: string): Promise<{ to: string; subject: string; text: string }[]> {
    const { context } = await portal.newPage('en-GB');
    await context.request.get('/api/v1/session');
    const csrf = (await context.cookies()).find((c) => c.name === 'kontor_csrf')?.value ?? '';
    const login = await context.request.post('/api/v1/staff/login', {
      data: { email: OWNER, password: DEMO_PASSWORD },
      headers: { 'x-csrf-token': csrf },
    });
    expect(login.status()).toBe(200);
    const box = (await (await context.request.get('/api/v1/staff/outbox?pageSize=100')).json()) as {
      items: { to: string; subject: string; text: string }[];
    };
    await context.close();
    return box.items.filter((m) => m.to === to);
  }

  it('a visitor without login uses the button from the footer, submits, sees the receipt and downloads it as PDF (de)', async () => {
    const { context, page } = await portal.newPage('de-DE');
    await page.goto('/');
    await page.getByTestId('footer-cancel-contracts').click();
    await page.getByTestId('cancellation-form').waitFor();
    expect(await page.title()).toContain('Verträge hier kündigen');
    await expectAccessible(page, 'cancellation-form-de');
    await screenshot(page, 'cancellation-de-form');

    // An extraordinary cancellation needs its reason.
    const f = FORM.de;
    await page.getByRole('radio', { name: f.extraordinary, exact: true }).check();
    await page.getByLabel(f.name).fill('Jan Jansen');
    await page.getByRole('button', { name: f.submit }).click();
    await page.getByText('Bitte geben Sie den Grund für die außerordentliche Kündigung an.').waitFor();
    await expectAccessible(page, 'cancellation-form-de-errors');
    await screenshot(page, 'cancellation-de-form-errors');
    await page.getByRole('radio', { name: f.ordinary, exact: true }).check();
    await expect.poll(() => page.getByLabel(f.reason).count()).toBe(0);

    await declare(page, 'de', {
      name: 'Jan Jansen',
      email: 'jan@bakkerij-jansen.example',
      contract: 'Telefonservice der Bäckerei',
    });
    expect(page.url()).toMatch(/\/cancel-contracts\/receipt$/);
    const receipt = page.getByTestId('cancellation-receipt');
    await expect.poll(() => receipt.textContent()).toContain('Telefonservice der Bäckerei');
    expect(await receipt.textContent()).toContain('Nächstmöglicher Zeitpunkt');
    expect(await receipt.textContent()).toMatch(/26\.11\.2026, \d{2}:\d{2}/);
    await expectAccessible(page, 'cancellation-receipt-de');
    await screenshot(page, 'cancellation-de-receipt');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('receipt-pdf').click(),
    ]);
    const file = await download.path();
    expect(download.suggestedFilename()).toMatch(/^cancellation-\w+\.pdf$/);
    const { readFileSync, copyFileSync } = await import('node:fs');
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    copyFileSync(file, 'test-results/screenshots/cancellation-de-receipt.pdf');
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(
      /\s+/g,
      ' ',
    );
    expect(text).toContain('Eingangsbestätigung Ihrer Kündigung');
    expect(text).toContain('Jan Jansen');
    expect(text).toContain('Telefonservice der Bäckerei');
    expect(text).toContain(CONFIRM_TO);
    expect(text).toMatch(/Eingegangen am 26\. November 2026 um \d{2}:\d{2}/);

    // The receipt survives a reload of the tab.
    await page.reload();
    await page.getByTestId('cancellation-received').waitFor();
    // The confirmation went out at once, saying that the end follows.
    const mails = await outboxTo(CONFIRM_TO);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.text).toContain('sobald wir den Vertrag zugeordnet haben');
    await context.close();

    // Staff see it as incoming (German staff list).
    const staff = await staffPage('de', 'de-DE');
    await expect.poll(() => staff.page.getByTestId('incoming-cancellation').count()).toBe(1);
    await expectAccessible(staff.page, 'incoming-cancellations-de');
    await screenshot(staff.page, 'cancellation-de-staff-list');
    await staff.context.close();
  });

  it('staff match the unidentified declaration to the booking; the confirmation with the end is sent (en)', async () => {
    // An English visitor first (form and receipt in English), with a contract nobody can identify.
    const visitor = await portal.newPage('en-GB');
    await visitor.page.goto('/cancel-contracts');
    await visitor.page.getByTestId('cancellation-form').waitFor();
    await expectAccessible(visitor.page, 'cancellation-form-en');
    await screenshot(visitor.page, 'cancellation-en-form');
    await declare(visitor.page, 'en', {
      name: 'Somebody Else',
      email: 'someone@else.example',
      contract: 'my phone thing',
    });
    await expectAccessible(visitor.page, 'cancellation-receipt-en');
    await screenshot(visitor.page, 'cancellation-en-receipt');
    await visitor.context.close();

    const { context, page } = await staffPage('en', 'en-GB');
    const rows = page.getByTestId('incoming-cancellation');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);
    await expectAccessible(page, 'incoming-cancellations-en');
    await screenshot(page, 'cancellation-en-staff-list');

    await page.getByRole('button', { name: 'Match the cancellation of Jan Jansen' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Search an account (name, e-mail or customer number)').fill('K-1001');
    await dialog.getByTestId('match-account').click();
    await page.getByRole('option', { name: /Bakkerij Jansen B\.V\. \(K-1001\)/ }).click();
    await dialog.getByTestId('match-booking').click();
    await page
      .getByRole('option', { name: /Telephone service/ })
      .first()
      .click();
    await expectAccessible(page, 'incoming-cancellations-en-match-dialog');
    await screenshot(page, 'cancellation-en-staff-match');
    await dialog.getByRole('button', { name: 'Match and cancel' }).click();
    await page.getByText(/Cancelled as of .+; the confirmation goes to jan\.privat@example\.org\./).waitFor();
    await expect.poll(() => rows.count()).toBe(1);

    await page.getByText('All', { exact: true }).click();
    await expect.poll(() => page.getByText('Matched', { exact: true }).count()).toBe(1);
    await expectAccessible(page, 'incoming-cancellations-en-all');
    await screenshot(page, 'cancellation-en-staff-all');
    await context.close();

    const mails = await outboxTo(CONFIRM_TO);
    const withEnd = mails.filter((m) => m.text.includes('Der Vertrag endet am'));
    expect(withEnd).toHaveLength(1);
    expect(withEnd[0]?.text).toContain('Telefonservice der Bäckerei');
    // The account owner was told by the booking's own confirmation.
    expect(
      (await outboxTo('jan@bakkerij-jansen.example')).some((m) =>
        /Kündigung|opzegging|cancellation/i.test(m.subject),
      ),
    ).toBe(true);
  });

  it('the button is in the portal footer too; page, receipt and staff list in Dutch (nl)', async () => {
    const { context, page } = await portal.newPage('nl-NL');
    await page.goto('/');
    await logIn(page, LOGIN.nl, 'piet@bakkerij-jansen.example');
    await expect
      .poll(
        async () => ((await (await page.request.get('/api/v1/session')).json()) as { realm: string }).realm,
      )
      .toBe('client');
    await page.getByTestId('account-name').waitFor();
    await page.getByTestId('footer-cancel-contracts').click();
    await page.getByTestId('cancellation-form').waitFor();
    expect(await page.getByTestId('footer-cancel-contracts').textContent()).toBe(FORM.nl.link);
    await expectAccessible(page, 'cancellation-form-nl');
    await screenshot(page, 'cancellation-nl-form');
    await declare(page, 'nl', {
      name: 'Piet Jansen',
      email: 'piet@bakkerij-jansen.example',
      contract: 'Secretariaat',
    });
    await expectAccessible(page, 'cancellation-receipt-nl');
    await screenshot(page, 'cancellation-nl-receipt');
    await context.close();

    const staff = await staffPage('nl', 'nl-NL');
    await expect.poll(() => staff.page.getByTestId('incoming-cancellation').count()).toBe(2);
    await expectAccessible(staff.page, 'incoming-cancellations-nl');
    await screenshot(staff.page, 'cancellation-nl-staff-list');
    await staff.context.close();
  });
});
