import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectAccessible,
  hasBrowser,
  logIn,
  type Portal,
  SCREENSHOT_DIR,
  screenshot,
  startPortal,
} from './support';

/**
 * Billing (demo data, today 2026-11-26): a supermanager reviews an account's billing data, issues
 * the invoice and opens its PDF; the client finds it in the archive; after a cancellation inside
 * the invoiced month a correction appears; a billing run shows its progress.
 *
 * The pages that host the billing components are reached through the small helpers below
 * (openAccountBilling, openClientDocuments), so a new contract page only changes them.
 */

const CLIENT = 'jan@bakkerij-jansen.example';
const SUPERMANAGER = 'supermanager@telefoonservice.example';
const labels = {
  de: { email: 'E-Mail-Adresse', password: 'Passwort', submit: 'Anmelden' },
  nl: { email: 'E-mailadres', password: 'Wachtwoord', submit: 'Inloggen' },
  en: { email: 'E-mail address', password: 'Password', submit: 'Log in' },
};

/** The staff billing section of an account. */
async function openAccountBilling(page: Page, accountId: string) {
  await page.goto(`/staff/accounts/${accountId}?tab=documents`);
  await page.getByTestId('billing-section').waitFor();
  await page.getByTestId('charges-table').waitFor();
}

/** The client's documents archive. */
async function openClientDocuments(page: Page) {
  await page.goto('/?tab=documents');
  await page.getByTestId('client-documents').waitFor();
}

/** A POST in the page's session (the CSRF token from its cookie). */
async function post(page: Page, path: string, body: unknown) {
  const csrf = (await page.context().cookies()).find((c) => c.name === 'kontor_csrf')?.value ?? '';
  return page.request.post(path, { data: body, headers: { 'x-csrf-token': csrf } });
}

describe.skipIf(!hasBrowser)('billing journey', () => {
  let portal: Portal;
  let accountId = '';
  let bookingId = '';
  let invoiceNumber = '';

  beforeAll(async () => {
    portal = await startPortal();
    const { page, context } = await portal.newPage('de-DE');
    await page.goto('/');
    await logIn(page, { email: 'E-Mail-Adresse', password: 'Passwort', submit: 'Anmelden' }, CLIENT);
    for (let i = 0; i < 200 && (await page.request.get('/api/v1/client/bookings')).status() !== 200; i++)
      await page.waitForTimeout(100);
    const list = (await (await page.request.get('/api/v1/client/bookings')).json()) as {
      bookings: { id: string }[];
    };
    bookingId = list.bookings[0]?.id ?? '';
    const lc = (await (await page.request.get(`/api/v1/client/bookings/${bookingId}/lifecycle`)).json()) as {
      accountId: string;
    };
    accountId = lc.accountId;
    await context.close();
  });

  afterAll(async () => {
    await portal?.stop();
  });

  async function supermanager(locale = 'en-GB') {
    const { page } = await portal.newPage(locale);
    await page.goto('/staff');
    await logIn(page, labels[locale.slice(0, 2) as keyof typeof labels], SUPERMANAGER);
    await expect.poll(async () => (await page.request.get('/api/v1/staff/accounts')).status()).toBe(200);
    return page;
  }

  it('a supermanager reviews the billing data, issues the invoice and opens its PDF (en)', async () => {
    const page = await supermanager();
    await openAccountBilling(page, accountId);
    const section = page.getByTestId('billing-section');
    await expect.poll(() => section.getByText('Due', { exact: true }).count()).toBeGreaterThan(0);
    await expectAccessible(page, 'billing data with due charges');
    await screenshot(page, 'billing-01-billing-data-en');

    await page.getByTestId('issue-invoice').click();
    const table = page.getByTestId('documents-table');
    await table.waitFor();
    const row = table.locator('tbody tr').first();
    invoiceNumber = ((await row.locator('td').first().textContent()) ?? '').trim();
    expect(invoiceNumber).toMatch(/\d/);
    await expectAccessible(page, 'invoice issued');
    await screenshot(page, 'billing-02-invoice-issued-en');

    // Open the PDF: the link serves the stored (or just rendered) document.
    const href = await row.getByRole('link').getAttribute('href');
    expect(href).toBeTruthy();
    const pdf = await page.request.get(href!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    const bytes = await pdf.body();
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    writeFileSync(join(SCREENSHOT_DIR, 'billing-invoice.pdf'), bytes);
    await page.context().close();
  });

  it('the client finds the invoice in the archive (de)', async () => {
    const { page, context } = await portal.newPage('de-DE');
    await page.goto('/');
    await logIn(page, { email: 'E-Mail-Adresse', password: 'Passwort', submit: 'Anmelden' }, CLIENT);
    await expect.poll(async () => (await page.request.get('/api/v1/client/documents')).status()).toBe(200);
    await openClientDocuments(page);
    await page.getByTestId('client-documents').getByText(invoiceNumber, { exact: true }).waitFor();
    await expectAccessible(page, 'client archive with the invoice');
    await screenshot(page, 'billing-03-client-archive-de');
    await context.close();
  });

  it('after a cancellation inside the invoiced month a correction appears (nl)', async () => {
    const page = await supermanager('nl-NL');
    const cancelled = await post(page, `/api/v1/staff/bookings/${bookingId}/cancellation`, {
      endDate: '2026-11-27',
      reason: 'Klant verhuist, einde op verzoek',
    });
    expect(cancelled.status(), await cancelled.text()).toBeLessThan(300);
    await openAccountBilling(page, accountId);
    await page.getByTestId('pending-corrections').waitFor();
    await expectAccessible(page, 'pending correction');
    await page.getByTestId('issue-corrections').click();
    const rows = page.getByTestId('documents-table').locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(2);
    // Newest first: the correction names the invoice it corrects.
    expect(await rows.first().locator('td').nth(2).textContent()).toContain(invoiceNumber);
    await expectAccessible(page, 'correction issued');
    await screenshot(page, 'billing-04-correction-nl');
    const docs = (await (await page.request.get(`/api/v1/staff/accounts/${accountId}/documents`)).json()) as {
      items: { kind: string; pdfUrl: string }[];
    };
    const correction = docs.items.find((d) => d.kind === 'correction');
    const pdf = await page.request.get(correction!.pdfUrl);
    expect(pdf.status()).toBe(200);
    writeFileSync(join(SCREENSHOT_DIR, 'billing-correction.pdf'), await pdf.body());
    await page.context().close();
  });

  it('a billing run shows its progress and result (de)', async () => {
    const page = await supermanager('de-DE');
    await page.goto('/staff/billing-runs');
    await page.getByTestId('billing-run-start').waitFor();
    await expectAccessible(page, 'billing runs, none yet');
    await page.getByTestId('billing-run-start').click();
    const table = page.getByTestId('billing-runs-table');
    await table.waitFor();
    await expectAccessible(page, 'billing run started');
    await screenshot(page, 'billing-05-run-started-de');
    await table.getByText('Abgeschlossen').waitFor({ timeout: 60_000 });
    // The run's progress: accounts done of all, documents, failures with their reasons.
    const counts = page.getByTestId('billing-run-counts');
    await expect
      .poll(() => counts.textContent(), { timeout: 30_000 })
      .toMatch(/^(\d+) von \1 Konten erledigt/);
    await page.getByTestId('billing-run-failures').waitFor();
    const cells = await table.locator('tbody tr').first().locator('td').allTextContents();
    // Accounts done of all, equal.
    const [done, total] = (cells[2] ?? '').split('/').map((x) => Number(x.trim().replace(/\D/g, '')));
    expect(done).toBe(total);
    expect(total).toBeGreaterThan(0);
    await expectAccessible(page, 'billing run completed');
    await screenshot(page, 'billing-06-run-completed-de');
    await page.context().close();
  });
});
