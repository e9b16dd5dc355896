/**
 * First-load size per page from the web build: the JavaScript and CSS a browser fetches before a
 * route's page can render (the entry chunk, the page's lazy chunk and everything both import
 * statically, and the texts of one UI language — German, the largest), raw and gzip (level 9, as
 * served from the .gz files). Reads dist/web/.vite/manifest.json.
 *
 *   npx vite build --logLevel warn && npx tsx bench/first-load.ts
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

type Chunk = { file: string; name?: string; imports?: string[]; css?: string[]; isEntry?: boolean };
type Manifest = Record<string, Chunk>;

const root = join(import.meta.dirname, '..', 'dist', 'web');
const manifestPath = join(root, '.vite', 'manifest.json');

/** Routes and the module of the page each shows first (src/web/app/router.tsx). */
export const routes: { route: string; page: string }[] = [
  { route: '/ (logged out: client login)', page: 'features/auth/LoginPage.tsx' },
  { route: '/ (client: contract page)', page: 'features/contract/ContractPage.tsx' },
  { route: '/register', page: 'features/registration/RegisterPage.tsx' },
  { route: '/modules/$id/order', page: 'features/ordering/OrderPage.tsx' },
  { route: '/bookings/$id', page: 'features/bookings/BookingPage.tsx' },
  { route: '/accessibility', page: 'features/accessibility/AccessibilityStatementPage.tsx' },
  { route: '/staff (accounts)', page: 'features/accounts/AccountListPage.tsx' },
  { route: '/staff/accounts/$id (contract page)', page: 'features/contract/ContractPage.tsx' },
  { route: '/staff/billing-runs', page: 'features/billing-run/BillingRunsPage.tsx' },
  { route: '/cancel-contracts (no login)', page: 'features/cancellation-button/CancelContractsPage.tsx' },
  { route: '/staff/catalog', page: 'features/catalog/ModuleListPage.tsx' },
  { route: '/staff/catalog/modules/$id', page: 'features/catalog/ModulePage.tsx' },
  { route: '/staff/catalog/tariffs/$id', page: 'features/catalog/TariffPage.tsx' },
  { route: '/staff/invoice-settings', page: 'features/invoice-settings/InvoiceSettingsPage.tsx' },
  { route: '/staff/legal', page: 'features/legal/LegalDocumentsPage.tsx' },
];

/** The files a chunk needs before it runs: itself, its static imports (transitively) and their CSS. */
export function closure(manifest: Manifest, keys: string[]): Set<string> {
  const files = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    // A page that another page also imports statically lands in a shared chunk named after it.
    const name = key.replace(/^.*\//, '').replace(/\.tsx?$/, '');
    const chunk = manifest[key] ?? Object.values(manifest).find((c) => !c.isEntry && c.name === name);
    if (!chunk) throw new Error(`${key} is not in the manifest`);
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  for (const key of keys) visit(key);
  return files;
}

/** The language chunk counted in every first load (src/web/app/i18n.ts loads one language). */
const LANGUAGE = 'i18n/de.json';

const kb = (bytes: number) => (bytes / 1024).toFixed(1);

function main() {
  if (!existsSync(manifestPath)) throw new Error(`${manifestPath} is missing: run \`npx vite build\` first`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  const entry = Object.entries(manifest).find(([, chunk]) => chunk.isEntry)?.[0];
  if (!entry) throw new Error('The manifest has no entry');
  const size = new Map<string, { raw: number; gzip: number }>();
  const measure = (file: string) => {
    let known = size.get(file);
    if (!known) {
      const content = readFileSync(join(root, file));
      known = { raw: content.length, gzip: gzipSync(content, { level: 9 }).length };
      size.set(file, known);
    }
    return known;
  };
  const rows = routes.map(({ route, page }) => {
    const files = [...closure(manifest, [entry, page, LANGUAGE])];
    const sum = (ext: string, key: 'raw' | 'gzip') =>
      files.filter((f) => f.endsWith(ext)).reduce((total, f) => total + measure(f)[key], 0);
    return {
      route,
      'JS files': files.filter((f) => f.endsWith('.js')).length,
      'JS KB': kb(sum('.js', 'raw')),
      'JS KB gzip': kb(sum('.js', 'gzip')),
      'CSS KB': kb(sum('.css', 'raw')),
      'CSS KB gzip': kb(sum('.css', 'gzip')),
    };
  });
  console.table(rows);
}

main();
