import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, hasBrowser, logIn, type Portal, screenshot, startPortal } from './support';

/**
 * The module block of a booking (demo data, today 2026-11-26): a manager books and terminates an
 * additional option and switches the tariff on an earlier date with a reason (English, Dutch);
 * the client cancels with the computed date, sees the last day to cancel, and withdraws (German).
 */

const CLIENT = 'jan@bakkerij-jansen.example';
const MANAGER = 'manager@telefoonservice.example';

describe.skipIf(!hasBrowser)('booking lifecycle journeys', () => {
  let portal: Portal;
  let bookingPath = '';
  let staffPath = '';

  beforeAll(async () => {
    portal = await startPortal();
  });

  afterAll(async () => {
    await portal?.stop();
  });

  async function clientPage(locale: string): Promise<Page> {
    const { page } = await portal.newPage(locale);
    await page.goto('/');
    await logIn(page, { email: 'E-Mail-Adresse', password: 'Passwort', submit: 'Anmelden' }, CLIENT);
    await expect.poll(async () => (await page.request.get('/api/v1/client/bookings')).status()).toBe(200);
    const list = (await (await page.request.get('/api/v1/client/bookings')).json()) as {
      bookings: { id: string }[];
    };
    const id = list.bookings[0]?.id;
    expect(id).toBeTruthy();
    const lc = (await (await page.request.get(`/api/v1/client/bookings/${id}/lifecycle`)).json()) as {
      accountId: string;
    };
    bookingPath = `/bookings/${id}`;
    staffPath = `/staff/accounts/${lc.accountId}/bookings/${id}`;
    return page;
  }

  async function managerPage(locale: string, labels: { email: string; password: string; submit: string }) {
    const { page } = await portal.newPage(locale);
    await page.goto('/staff');
    await logIn(page, labels, MANAGER);
    await expect.poll(async () => (await page.request.get('/api/v1/staff/accounts')).status()).toBe(200);
    await page.goto(staffPath);
    await page.getByTestId('booking-lifecycle').waitFor();
    return page;
  }

  it('a manager books an additional option and terminates it with notice (en)', async () => {
    const client = await clientPage('de-DE');
    await client.context().close();
    const page = await managerPage('en-GB', {
      email: 'E-mail address',
      password: 'Password',
      submit: 'Log in',
    });
    await expect
      .poll(() => page.getByTestId('options-card').textContent())
      .toContain('No additional options');
    await expectAccessible(page, 'lifecycle-staff-options-empty');

    for (const option of ['Extra number', 'Weekend service']) {
      await page.getByTestId('option-item').click();
      await page.getByRole('option', { name: new RegExp(option) }).click();
      await page.getByTestId('book-option').click();
      await expect.poll(() => page.getByTestId('options-table').textContent()).toContain(option);
    }
    await screenshot(page, 'lifecycle-en-options-booked');
    await expectAccessible(page, 'lifecycle-staff-options-booked');

    // Extra number follows the tariff's monthly rule: ordered 2026-11-26, it ends on 2026-12-31.
    await page.getByTestId('option-row').first().getByTestId('start-terminate').click();
    await expect.poll(() => page.getByTestId('option-computed-end').textContent()).toContain('31 Dec 2026');
    await expectAccessible(page, 'lifecycle-staff-option-terminate');
    await page.getByTestId('confirm-terminate').click();
    await expect.poll(() => page.getByTestId('option-row').first().textContent()).toContain('Terminated');
    expect(await page.getByTestId('option-row').first().getByTestId('option-end').textContent()).toContain(
      '31 Dec 2026',
    );
    await screenshot(page, 'lifecycle-en-option-terminated');
    await expectAccessible(page, 'lifecycle-staff-option-terminated');
    await page.context().close();
  });

  it('a manager switches the tariff on an earlier date with a reason and sees the options that end (nl)', async () => {
    const page = await managerPage('nl-NL', {
      email: 'E-mailadres',
      password: 'Wachtwoord',
      submit: 'Inloggen',
    });
    await page.getByTestId('start-change').click();
    await page.getByTestId('new-tariff').click();
    const options = page.getByRole('listbox').getByRole('option');
    await options.first().waitFor();
    await options.first().click();
    await page.getByTestId('change-preview').waitFor();
    await page.getByTestId('other-date').fill('2026-12-01');
    await expect.poll(() => page.getByTestId('preview-new-starts').textContent()).toContain('1 dec 2026');
    await page.getByTestId('date-warning').waitFor();
    expect(await page.getByTestId('options-ending').textContent()).toContain('Weekenddienst');
    await screenshot(page, 'lifecycle-nl-switch-preview');
    await expectAccessible(page, 'lifecycle-staff-switch-preview');

    // Without a reason the server refuses; with one it is scheduled.
    await page.getByTestId('confirm-change').click();
    await expect.poll(() => page.getByTestId('other-date-reason').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'lifecycle-staff-switch-reason-missing');
    await page.getByTestId('other-date-reason').fill('Overstap telefonisch afgesproken');
    await page.getByTestId('confirm-change').click();
    await expect.poll(() => page.getByTestId('scheduled-change').textContent()).toContain('1 dec 2026');
    await screenshot(page, 'lifecycle-nl-switch-scheduled');
    await expectAccessible(page, 'lifecycle-staff-switch-scheduled');
    // Withdrawn again, so that the client can cancel next.
    await page.getByTestId('withdraw-change').click();
    await page.getByTestId('start-change').waitFor();
    await page.context().close();
  });

  it('the client cancels with the computed date, sees the last day to cancel, and withdraws (de)', async () => {
    const page = await clientPage('de-DE');
    await page.goto(bookingPath);
    await page.getByTestId('booking-lifecycle').waitFor();
    // Monthly notice to the month's end: cancelled on 26 November 2026, it ends on 31 December 2026.
    expect(await page.getByTestId('last-day-to-cancel').textContent()).toContain('30.11.2026');
    expect(await page.getByTestId('earliest-end').textContent()).toContain('31.12.2026');
    await expectAccessible(page, 'lifecycle-client-active');
    await page.getByTestId('start-cancellation').click();
    await page.getByTestId('cancellation-preview').waitFor();
    expect(await page.getByTestId('cancellation-preview').textContent()).toContain('30.11.2026');
    expect(await page.getByTestId('other-date').count()).toBe(0);
    await page.getByLabel('Kündigungsgrund').fill('Wir ziehen um');
    await screenshot(page, 'lifecycle-de-cancel-preview');
    await expectAccessible(page, 'lifecycle-client-cancel-preview');
    await page.getByTestId('confirm-cancellation').click();
    await expect.poll(() => page.getByTestId('cancellation-state').textContent()).toContain('31.12.2026');
    await screenshot(page, 'lifecycle-de-cancelled');
    await expectAccessible(page, 'lifecycle-client-cancelled');
    await page.getByTestId('withdraw-cancellation').click();
    await page.getByTestId('start-cancellation').waitFor();
    expect(await page.getByTestId('earliest-end').textContent()).toContain('31.12.2026');
    await screenshot(page, 'lifecycle-de-withdrawn');
    await expectAccessible(page, 'lifecycle-client-withdrawn');
    await page.context().close();
  });
});
