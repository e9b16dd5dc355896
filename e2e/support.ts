import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/**
 * Shared set-up of the browser journeys: the real server as a subprocess on a free port with a
 * throwaway PGlite directory and a fixed today, the built web app (dist/web), and Debian's Chromium.
 * Without Chromium the journeys are skipped, unless REQUIRE_BROWSER=1 forbids that.
 */

export const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasBrowser = existsSync(executablePath);
if (!hasBrowser) {
  const why = `Chromium not found at ${executablePath} (set CHROMIUM_PATH or install the chromium package)`;
  if (process.env.REQUIRE_BROWSER === '1') throw new Error(`${why}; REQUIRE_BROWSER=1 forbids skipping`);
  console.warn(`Skipping the e2e journeys: ${why}.`);
}

export const DEMO_PASSWORD = 'kontor-demo-2026';
export const OWNER = 'owner@telefoonservice.example';
export const DEMO_TODAY = '2026-11-26';
const READY_TIMEOUT_MS = 90_000;
export const SCREENSHOT_DIR = join(process.cwd(), 'test-results', 'screenshots');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForReady(baseUrl: string, server: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`The server exited with ${server.exitCode}:\n${output()}`);
    try {
      const response = await fetch(`${baseUrl}/ready`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The server was not ready within ${READY_TIMEOUT_MS / 1000} s:\n${output()}`);
}

async function stopServer(server: ChildProcess | undefined): Promise<void> {
  if (!server?.pid || server.exitCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  // The server runs in its own process group (npx → tsx → node); signal the whole group we started.
  process.kill(-server.pid, 'SIGTERM');
  const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), 10_000));
  if ((await Promise.race([exited, timeout])) === 'timeout') process.kill(-server.pid, 'SIGKILL');
}

// Evaluated through the browser's debugging protocol, so the portal's Content-Security-Policy (no
// inline script) stays in force for the page itself.
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] };

/**
 * Runs axe-core (WCAG 2.1 A and AA rules) on the page in its current state and fails when it finds
 * a serious or critical violation; `state` names the page state in the failure message.
 */
export async function expectAccessible(page: Page, state: string): Promise<void> {
  // A dialog or notification still fading in has the blended colours of its transition: axe would
  // measure those (a false contrast failure on a loaded machine). Wait until every finite
  // animation and transition has ended (spinners run forever and are left out).
  await page.waitForFunction(
    () =>
      document
        .getAnimations()
        .every(
          (a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Number.POSITIVE_INFINITY,
        ),
    undefined,
    { timeout: 10_000 },
  );
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<unknown> } }).axe;
    const result = (await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    })) as { violations: AxeViolation[] };
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => n.target.join(' ')),
      }));
  });
  if (violations.length > 0) {
    const lines = violations.map(
      (v) => `  ${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.slice(0, 5).join('\n    ')}`,
    );
    throw new Error(`Accessibility (axe, WCAG 2.1 AA) on "${state}":\n${lines.join('\n')}`);
  }
  // Reflow (WCAG 1.4.10): the page never scrolls sideways; wide tables scroll in their own region.
  const overflow = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return null;
    const wide = [...document.body.querySelectorAll('*')].find(
      (e) => e.getBoundingClientRect().right > width + 1,
    );
    return {
      width,
      scrollWidth: document.documentElement.scrollWidth,
      element: wide?.outerHTML.slice(0, 200),
    };
  });
  if (overflow) {
    throw new Error(
      `Reflow (WCAG 1.4.10) on "${state}": the page is ${overflow.scrollWidth} px wide in a ${overflow.width} px viewport; first element beyond the edge: ${overflow.element}`,
    );
  }
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

export async function logIn(
  page: Page,
  labels: { email: string; password: string; submit: string },
  email: string,
  password = DEMO_PASSWORD,
) {
  await page.getByLabel(labels.email).fill(email);
  await page.getByRole('textbox', { name: labels.password, exact: true }).fill(password);
  await page.getByRole('button', { name: labels.submit }).click();
}

export type Portal = {
  baseUrl: string;
  browser: Browser;
  /** A fresh browser context (own cookies) with the given browser language. */
  newPage: (locale: string) => Promise<{ context: BrowserContext; page: Page }>;
  stop: () => Promise<void>;
};

/** Starts the server (demo data, today = DEMO_TODAY) and Chromium; `stop` ends both and removes the data. */
export async function startPortal(): Promise<Portal> {
  if (!existsSync(join(process.cwd(), 'dist', 'web', 'index.html'))) {
    throw new Error('dist/web is not built: run `npx vite build` (npm test builds it before vitest)');
  }
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'kontor-e2e-'));
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  let serverOutput = '';
  // Every journey gets its own fresh embedded database, also when the run has a DATABASE_URL for
  // the HTTP tests: journeys change demo data, and must not see each other's changes.
  const { DATABASE_URL: _shared, ...env } = process.env;
  const server = spawn('npx', ['tsx', 'src/server/main.ts'], {
    env: { ...env, PORT: String(port), KONTOR_DATA_DIR: dataDir, KONTOR_TODAY: DEMO_TODAY },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  server.stdout?.on('data', (chunk) => {
    serverOutput += chunk;
  });
  server.stderr?.on('data', (chunk) => {
    serverOutput += chunk;
  });
  let browser: Browser | undefined;
  const stop = async () => {
    await browser?.close();
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForReady(baseUrl, server, () => serverOutput.slice(-4000));
    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
      ],
    });
  } catch (error) {
    await stop();
    throw error;
  }
  const launched = browser;
  const newPage = async (locale: string) => {
    const context = await launched.newContext({
      baseURL: baseUrl,
      locale,
      viewport: { width: 1280, height: 860 },
    });
    return { context, page: await context.newPage() };
  };
  return { baseUrl, browser: launched, newPage, stop };
}
