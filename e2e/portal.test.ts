import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, hasBrowser, logIn, OWNER, type Portal, screenshot, startPortal } from './support';

/**
 * Browser journeys through the real server and the built web app (dist/web, built by `npm test`):
 * staff owner edits a customer number and switches languages, a client lands on their contract page, and a
 * wrong password shows the generic error. Screenshots land in test-results/screenshots.
 */

const CLIENT = 'jan@bakkerij-jansen.example';
const CLIENT_MEMBER = 'piet@bakkerij-jansen.example';

describe.skipIf(!hasBrowser)('portal journeys', () => {
  let portal: Portal;

  const newPage = (locale: string): Promise<{ context: BrowserContext; page: Page }> =>
    portal.newPage(locale);

  beforeAll(async () => {
    portal = await startPortal();
  });

  afterAll(async () => {
    await portal?.stop();
  });

  it('staff owner searches, edits a customer number, switches language and logs out', async () => {
    const { context, page } = await newPage('nl-NL');
    await page.goto('/staff');
    await page.getByRole('heading', { name: 'Inloggen voor medewerkers' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('nl');

    await logIn(page, { email: 'E-mailadres', password: 'Wachtwoord', submit: 'Inloggen' }, OWNER);
    await page.getByRole('heading', { name: 'Klantaccounts' }).waitFor();
    await page.getByTestId('account-row').first().waitFor();
    await expect(page.getByTestId('tenant-name').textContent()).resolves.toBe('Demo Telefoonservice');
    await screenshot(page, 'staff-list-nl');
    await expectAccessible(page, 'staff-list-nl');

    await page.getByLabel('Zoeken').fill('Jansen');
    await page.waitForURL(/q=Jansen/);
    // The previous page stays visible while the search loads; wait until only the match is left.
    await expect.poll(() => page.getByTestId('account-row').count(), { timeout: 10_000 }).toBe(1);
    await page.getByTestId('account-row').filter({ hasText: 'Bakkerij Jansen B.V.' }).waitFor();

    await page.getByTestId('account-row').first().click();
    await page.getByRole('heading', { name: 'Bakkerij Jansen B.V.', level: 1 }).waitFor();
    await expect(page.getByTestId('customer-number').textContent()).resolves.toBe('K-1001');

    await page.getByTestId('language-select').selectOption('de');
    await page.getByRole('tab', { name: 'Vertragsdaten' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('de');

    await page.getByTestId('section-customer-number-edit').click();
    await page.getByTestId('customer-number-input').fill('K-2001');
    await page.getByLabel('Grund (optional)').fill('Neue Nummer laut Vertrag');
    await page.getByTestId('section-customer-number-save').click();
    await page.getByTestId('customer-number').filter({ hasText: 'K-2001' }).waitFor();
    await page.getByRole('tab', { name: 'Verlauf' }).click();
    await page.waitForURL(/tab=history/);
    const auditRow = page
      .getByTestId('audit-table')
      .getByRole('row')
      .filter({ hasText: 'Kundennummer geändert' });
    await auditRow.waitFor();
    const auditText = await auditRow.textContent();
    expect(auditText).toContain('K-1001');
    expect(auditText).toContain('K-2001');
    expect(auditText).toContain('Neue Nummer laut Vertrag');
    await screenshot(page, 'account-detail-de');
    await expectAccessible(page, 'account-detail-de');

    await page.getByTestId('language-select').selectOption('en');
    await page.getByRole('tab', { name: 'History', selected: true }).waitFor();
    await page.getByRole('link', { name: 'All accounts' }).click();
    await page.getByRole('heading', { name: 'Client accounts' }).waitFor();

    // The choice is stored for the user: it survives a reload.
    await page.reload();
    await page.getByRole('heading', { name: 'Client accounts' }).waitFor();

    // Separate realms: the staff session does not log anyone in to the client portal.
    await page.goto('/');
    await page.getByRole('heading', { name: 'Log in', exact: true }).waitFor();
    await page.goto('/staff');

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Staff login' }).waitFor();
    await context.close();
  });

  it('a client logs in and lands on their contract page', async () => {
    const { context, page } = await newPage('en-GB');
    await page.goto('/');
    await logIn(page, { email: 'E-mail address', password: 'Password', submit: 'Log in' }, CLIENT);
    await page.getByRole('heading', { name: 'Bakkerij Jansen B.V.', level: 1 }).waitFor();
    await page.getByRole('tab', { name: 'Contract data', selected: true }).waitFor();
    await page.getByRole('tab', { name: 'Users' }).click();
    await page.getByRole('cell', { name: 'piet@bakkerij-jansen.example' }).waitFor();
    await expect(page.getByTestId('customer-number').textContent()).resolves.toMatch(/^K-\d+$/);
    await screenshot(page, 'client-overview-en');
    await expectAccessible(page, 'client-overview-en');

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Log in', exact: true }).waitFor();
    await context.close();
  });

  it('every page has its own title, a footer link to the accessibility statement, and passes axe at 1280 and 390 px', async () => {
    for (const [locale, lang, texts] of [
      [
        'nl-NL',
        'nl',
        {
          statement: 'Toegankelijkheidsverklaring',
          footer: 'Toegankelijkheid',
          login: 'Inloggen',
          email: 'E-mailadres',
        },
      ],
      [
        'de-DE',
        'de',
        {
          statement: 'Erklärung zur Barrierefreiheit',
          footer: 'Barrierefreiheit',
          login: 'Anmelden',
          email: 'E-Mail-Adresse',
        },
      ],
    ] as const) {
      const { context, page } = await newPage(locale);
      const titles = new Set<string>();
      for (const url of ['/', '/register', '/forgot-password', '/staff', '/accessibility']) {
        await page.goto(url);
        await page.getByTestId('footer-accessibility').waitFor();
        await page.locator('h1').first().waitFor();
        await expect.poll(() => page.title()).toMatch(/ – Demo Telefoonservice$/);
        titles.add(await page.title());
        for (const width of [1280, 390]) {
          await page.setViewportSize({ width, height: width === 390 ? 844 : 860 });
          const name = `public${url === '/' ? '-login' : url.replaceAll('/', '-')}-${width}-${lang}`;
          await screenshot(page, name);
          await expectAccessible(page, name);
        }
        await page.setViewportSize({ width: 1280, height: 860 });
      }
      // Five pages, five titles (WCAG 2.4.2), in the UI language.
      expect(titles.size).toBe(5);
      expect([...titles]).toContain(`${texts.statement} – Demo Telefoonservice`);

      // The footer link leads to the statement; it names the operator as the contact.
      await page.goto('/');
      await page.getByRole('link', { name: texts.footer }).click();
      await page.getByRole('heading', { name: texts.statement }).waitFor();
      await expect(page.getByTestId('accessibility-statement').textContent()).resolves.toContain(
        'Demo Telefoonservice',
      );

      // A submit with an empty form moves the focus to the first field in error.
      await page.goto('/');
      await page.getByRole('button', { name: texts.login }).click();
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-invalid')))
        .toBe('true');
      await expect(
        page.getByLabel(texts.email).evaluate((el) => el === document.activeElement),
      ).resolves.toBe(true);
      await screenshot(page, `login-empty-errors-${lang}`);
      await expectAccessible(page, `login-empty-errors-${lang}`);
      await context.close();
    }
  });

  it('a wrong password shows the generic error and keeps the input', async () => {
    const { context, page } = await newPage('nl-NL');
    await page.goto('/');
    await page.getByLabel('E-mailadres').fill(CLIENT);
    await page.getByRole('textbox', { name: 'Wachtwoord', exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: 'Inloggen' }).click();
    const banner = page.getByTestId('error-banner');
    await banner.waitFor();
    await expect(banner.textContent()).resolves.toContain('E-mailadres of wachtwoord is onjuist.');
    await expect(page.getByLabel('E-mailadres').inputValue()).resolves.toBe(CLIENT);
    await screenshot(page, 'login-error');
    await expectAccessible(page, 'login-error');
    await context.close();
  });

  it('a client resets the password with the link from the development outbox', async () => {
    const client = await newPage('en-GB');
    await client.page.goto('/');
    await client.page.getByRole('link', { name: 'Forgot your password?' }).click();
    await client.page.getByRole('heading', { name: 'Reset password' }).waitFor();
    await client.page.getByLabel('E-mail address').fill(CLIENT_MEMBER);
    await client.page.getByRole('button', { name: 'Send link' }).click();
    await client.page.getByTestId('reset-requested').waitFor();

    const staff = await newPage('en-GB');
    await staff.page.goto('/staff');
    await logIn(staff.page, { email: 'E-mail address', password: 'Password', submit: 'Log in' }, OWNER);
    await staff.page.getByRole('link', { name: 'E-mail outbox' }).click();
    await staff.page.getByRole('heading', { name: 'E-mail outbox' }).waitFor();
    const messageRow = staff.page.getByRole('row').filter({ hasText: CLIENT_MEMBER }).first();
    await messageRow.getByRole('button', { name: 'Show text' }).click();
    const text = (await staff.page.getByTestId('outbox-text').first().textContent()) ?? '';
    await screenshot(staff.page, 'outbox-en');
    await expectAccessible(staff.page, 'outbox-en');
    const link = /https?:\/\/\S+\/reset-password\?token=[^\s]+/.exec(text)?.[0];
    expect(link, `no reset link in the outbox text:\n${text}`).toBeTruthy();
    await staff.context.close();

    const newPassword = 'bakkerij-nieuw-2026';
    await client.page.goto(link!);
    await client.page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    const password = client.page.getByRole('textbox', { name: 'New password', exact: true });
    const repeat = client.page.getByRole('textbox', { name: 'Repeat new password', exact: true });
    await password.fill('short');
    await repeat.fill('different');
    await client.page.getByRole('button', { name: 'Save password' }).click();
    await client.page.getByText('Use at least 10 characters.').waitFor();
    await client.page.getByText('The passwords do not match.').waitFor();
    await screenshot(client.page, 'reset-password-errors');
    await expectAccessible(client.page, 'reset-password-errors');

    await password.fill(newPassword);
    await repeat.fill(newPassword);
    await client.page.getByRole('button', { name: 'Save password' }).click();
    await client.page.getByTestId('reset-done').waitFor();

    // The link works once.
    await client.page.goto(link!);
    await password.fill(newPassword);
    await repeat.fill(newPassword);
    await client.page.getByRole('button', { name: 'Save password' }).click();
    await client.page.getByText('This link has already been used.', { exact: false }).waitFor();

    await client.page.goto('/');
    await client.page.getByLabel('E-mail address').fill(CLIENT_MEMBER);
    await client.page.getByRole('textbox', { name: 'Password', exact: true }).fill(newPassword);
    await client.page.getByRole('button', { name: 'Log in' }).click();
    await client.page.getByRole('tab', { name: 'Contract data', selected: true }).waitFor();
    await client.context.close();
  });
});
