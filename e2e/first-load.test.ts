import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FIRST_LOAD_BUDGET_KB,
  firstLoadFiles,
  gzipBytes,
  kb,
  MEASURED_LANGUAGE,
  readManifest,
} from '../bench/support/first-load';
import { DEMO_PASSWORD, hasBrowser, logIn, OWNER, type Portal, startPortal } from './support';

/**
 * The first load as the browser sees it (issue 8): each budgeted page is opened in a fresh browser
 * (empty cache) that asks for gzip, and every script it fetches until the page is usable is counted,
 * in bytes on the wire. The set of files must be the one bench/support/first-load.ts computes from
 * the build's manifest (so the fast check in `npm test` measures the real thing), and the sum must
 * stay within the budget.
 */

const CLIENT = 'jan@bakkerij-jansen.example';
const LOGIN_DE = { email: 'E-Mail-Adresse', password: 'Passwort', submit: 'Anmelden' };

type Fetched = { file: string; encoding: string | undefined; wireBytes: number };
type Load = { fetched: Fetched[]; language: string };

/**
 * Opens `path` in a fresh context (German browser) and returns the JS and CSS files fetched until
 * `usable` is visible, and the language the page showed.
 */
async function firstLoad(
  portal: Portal,
  path: string,
  usable: (page: Page) => Locator,
  storageState?: Awaited<ReturnType<BrowserContext['storageState']>>,
): Promise<Load> {
  const context = await portal.browser.newContext({
    baseURL: portal.baseUrl,
    locale: 'de-DE',
    viewport: { width: 1280, height: 860 },
    extraHTTPHeaders: { 'accept-encoding': 'gzip' },
    ...(storageState ? { storageState } : {}),
  });
  try {
    const page = await context.newPage();
    const pending: Promise<Fetched>[] = [];
    page.on('response', (response) => {
      const { pathname } = new URL(response.url());
      if (!/^\/assets\/.+\.(js|css)$/.test(pathname)) return;
      pending.push(
        response
          .request()
          .sizes()
          .then((sizes) => ({
            file: pathname.slice(1),
            encoding: response.headers()['content-encoding'],
            wireBytes: sizes.responseBodySize,
          })),
      );
    });
    await page.goto(path);
    await usable(page).waitFor();
    // Lazily loaded parts of the first render show a loader until their chunk is there.
    await page.locator('.mantine-Loader-root').first().waitFor({ state: 'detached', timeout: 15_000 });
    const language = (await page.locator('html').getAttribute('lang')) ?? '';
    return { fetched: await Promise.all(pending), language };
  } finally {
    await context.close();
  }
}

describe.skipIf(!hasBrowser)('first load in the browser', () => {
  let portal: Portal;
  const manifest = readManifest();
  const report: string[] = [];

  beforeAll(async () => {
    portal = await startPortal();
  });

  afterAll(async () => {
    if (report.length > 0) console.log(`First load in Chromium (gzip on the wire):\n${report.join('\n')}`);
    await portal?.stop();
  });

  /** Logs in once in its own context and returns that browser state (cookies, stored language). */
  async function loggedIn(path: string, email: string, ready: (page: Page) => Locator) {
    const context = await portal.browser.newContext({ baseURL: portal.baseUrl, locale: 'de-DE' });
    const page = await context.newPage();
    await page.goto(path);
    await logIn(page, LOGIN_DE, email, DEMO_PASSWORD);
    await ready(page).waitFor();
    return { context, page, state: await context.storageState() };
  }

  /**
   * The files fetched are the manifest's first load of `page` in the language shown (one language
   * only), and their gzip bytes on the wire stay within the budget.
   */
  function expectWithinBudget(route: string, page: string, { fetched, language }: Load) {
    const js = fetched.filter((f) => f.file.endsWith('.js'));
    // Every file came gzip-compressed, so the wire bytes are the gzip bytes the budget speaks of.
    expect(js.filter((f) => f.encoding !== 'gzip').map((f) => f.file)).toEqual([]);
    const model = firstLoadFiles(manifest, page, language);
    expect(
      [...new Set(fetched.map((f) => f.file))].sort(),
      `${route}: files fetched vs. the manifest`,
    ).toEqual(model);
    const wire = js.reduce((sum, f) => sum + f.wireBytes, 0);
    const files = model.filter((f) => f.endsWith('.js')).reduce((sum, f) => sum + gzipBytes(f), 0);
    report.push(
      `  ${route} (${language}): ${js.length} scripts, ${kb(wire)} KB on the wire (${kb(files)} KB in .gz files)`,
    );
    // The wire adds HTTP framing only; the .gz files are what the budget check of `npm test` counts.
    expect(Math.abs(wire - files)).toBeLessThan(1024);
    expect(wire, `${route}: first-load JavaScript in bytes`).toBeLessThanOrEqual(FIRST_LOAD_BUDGET_KB * 1024);
  }

  it('client login page', async () => {
    const load = await firstLoad(portal, '/', (page) => page.getByRole('button', { name: 'Anmelden' }));
    expect(load.language).toBe(MEASURED_LANGUAGE);
    expectWithinBudget('/ (client login)', 'features/auth/LoginPage.tsx', load);
  });

  it('staff login page', async () => {
    const load = await firstLoad(portal, '/staff', (page) => page.getByRole('button', { name: 'Anmelden' }));
    expectWithinBudget('/staff (staff login)', 'features/auth/LoginPage.tsx', load);
  });

  it("client's contract page", async () => {
    const { context, state } = await loggedIn('/', CLIENT, (page) => page.getByTestId('contract-data'));
    await context.close();
    const load = await firstLoad(portal, '/', (page) => page.getByTestId('contract-data'), state);
    expectWithinBudget('/ (client contract page)', 'features/contract/ContractPage.tsx', load);
  });

  it("staff's contract page of an account", async () => {
    const { context, page, state } = await loggedIn('/staff', OWNER, (p) =>
      p.getByTestId('account-row').first(),
    );
    await page.getByTestId('account-row').filter({ hasText: 'Bakkerij Jansen B.V.' }).first().click();
    await page.getByTestId('contract-data').waitFor();
    const path = new URL(page.url()).pathname;
    await context.close();
    const load = await firstLoad(portal, path, (p) => p.getByTestId('contract-data'), state);
    expectWithinBudget(
      '/staff/accounts/$id (staff contract page)',
      'features/contract/ContractPage.tsx',
      load,
    );
  });
});
