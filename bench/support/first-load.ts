import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * The first load of a page, from the web build (dist/web/.vite/manifest.json): every file a browser
 * downloads and runs before the page is usable. That is the entry chunk (index.html) with its static
 * imports, the page's lazy chunk with its static imports, and the texts of one UI language. Chunks a
 * page imports dynamically (dialogs, edit forms, other tabs) load on demand and are not counted.
 * Sizes are those of the `.gz` files the server sends (gzip level 9, written by vite.config.ts).
 *
 * e2e/first-load.test.ts loads the budgeted pages in Chromium and checks that the browser fetches
 * exactly these files; test/unit/first-load.test.ts and `npm run bench:first-load` hold the budget.
 */

export const DIST_WEB = join(import.meta.dirname, '..', '..', 'dist', 'web');

/** At most this much gzip JavaScript on the first load of a budgeted page (issue 8). */
export const FIRST_LOAD_BUDGET_KB = 250;

/** The language counted in every first load: German, the largest of the three files. */
export const MEASURED_LANGUAGE = 'de';

export type FirstLoadRoute = {
  route: string;
  /** The page module the route renders first (src/web/app/router.tsx), relative to src/web. */
  page: string;
  /** Whether the route is held to FIRST_LOAD_BUDGET_KB. */
  budgeted: boolean;
};

export const firstLoadRoutes: FirstLoadRoute[] = [
  { route: '/ (logged out: client login)', page: 'features/auth/LoginPage.tsx', budgeted: true },
  { route: '/staff (logged out: staff login)', page: 'features/auth/LoginPage.tsx', budgeted: true },
  { route: '/ (client: contract page)', page: 'features/contract/ContractPage.tsx', budgeted: true },
  {
    route: '/staff/accounts/$id (contract page)',
    page: 'features/contract/ContractPage.tsx',
    budgeted: true,
  },
  { route: '/register', page: 'features/registration/RegisterPage.tsx', budgeted: false },
  { route: '/modules/$id/order', page: 'features/ordering/OrderPage.tsx', budgeted: false },
  { route: '/bookings/$id', page: 'features/bookings/BookingPage.tsx', budgeted: false },
  {
    route: '/accessibility',
    page: 'features/accessibility/AccessibilityStatementPage.tsx',
    budgeted: false,
  },
  { route: '/staff (accounts)', page: 'features/accounts/AccountListPage.tsx', budgeted: false },
  { route: '/staff/billing-runs', page: 'features/billing-run/BillingRunsPage.tsx', budgeted: false },
  {
    route: '/cancel-contracts (no login)',
    page: 'features/cancellation-button/CancelContractsPage.tsx',
    budgeted: false,
  },
  { route: '/staff/catalog', page: 'features/catalog/ModuleListPage.tsx', budgeted: false },
  { route: '/staff/catalog/modules/$id', page: 'features/catalog/ModulePage.tsx', budgeted: false },
  { route: '/staff/catalog/tariffs/$id', page: 'features/catalog/TariffPage.tsx', budgeted: false },
  {
    route: '/staff/invoice-settings',
    page: 'features/invoice-settings/InvoiceSettingsPage.tsx',
    budgeted: false,
  },
  { route: '/staff/legal', page: 'features/legal/LegalDocumentsPage.tsx', budgeted: false },
];

type Chunk = {
  file: string;
  name?: string;
  src?: string;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
  isEntry?: boolean;
};
export type Manifest = Record<string, Chunk>;

export function readManifest(root = DIST_WEB): Manifest {
  const path = join(root, '.vite', 'manifest.json');
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run build:web\` first`);
  return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
}

function entryKey(manifest: Manifest): string {
  const entry = Object.entries(manifest).find(([, chunk]) => chunk.isEntry)?.[0];
  if (!entry) throw new Error('The manifest has no entry');
  return entry;
}

/** A source module's chunk: its own, or (when several pages import it) the shared chunk named after it. */
function chunkKey(manifest: Manifest, key: string): string {
  if (manifest[key]) return key;
  const name = key.replace(/^.*\//, '').replace(/\.(tsx?|json)$/, '');
  const shared = Object.entries(manifest).filter(([, c]) => !c.isEntry && c.name === name);
  if (shared.length !== 1)
    throw new Error(`${key} is not in the manifest (${shared.length} chunks named ${name})`);
  return (shared[0] as [string, Chunk])[0];
}

/** The files the chunks of `keys` need before they run: themselves, their static imports (transitively), their CSS. */
export function closure(manifest: Manifest, keys: string[]): Set<string> {
  const files = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string) => {
    const resolved = chunkKey(manifest, key);
    if (seen.has(resolved)) return;
    seen.add(resolved);
    const chunk = manifest[resolved] as Chunk;
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  for (const key of keys) visit(key);
  return files;
}

/** Every file (JS and CSS) of a page's first load, sorted. */
export function firstLoadFiles(manifest: Manifest, page: string, language = MEASURED_LANGUAGE): string[] {
  return [...closure(manifest, [entryKey(manifest), page, `i18n/${language}.json`])].sort();
}

/** What the server sends for a file with `Accept-Encoding: gzip`: the size of its `.gz` file. */
export function gzipBytes(file: string, root = DIST_WEB): number {
  const gz = join(root, `${file}.gz`);
  return existsSync(gz)
    ? readFileSync(gz).length
    : gzipSync(readFileSync(join(root, file)), { level: 9 }).length;
}

export type FirstLoad = FirstLoadRoute & {
  jsFiles: number;
  jsBytes: number;
  jsGzipBytes: number;
  cssGzipBytes: number;
  overBudget: boolean;
};

export function measureFirstLoads(root = DIST_WEB): FirstLoad[] {
  const manifest = readManifest(root);
  return firstLoadRoutes.map((route) => {
    const files = firstLoadFiles(manifest, route.page);
    const js = files.filter((f) => f.endsWith('.js'));
    const css = files.filter((f) => f.endsWith('.css'));
    const jsGzipBytes = js.reduce((sum, f) => sum + gzipBytes(f, root), 0);
    return {
      ...route,
      jsFiles: js.length,
      jsBytes: js.reduce((sum, f) => sum + readFileSync(join(root, f)).length, 0),
      jsGzipBytes,
      cssGzipBytes: css.reduce((sum, f) => sum + gzipBytes(f, root), 0),
      overBudget: route.budgeted && jsGzipBytes > FIRST_LOAD_BUDGET_KB * 1024,
    };
  });
}

export const kb = (bytes: number) => (bytes / 1024).toFixed(1);
