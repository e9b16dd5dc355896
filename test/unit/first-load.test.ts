import { describe, expect, it } from 'vitest';
import {
  closure,
  FIRST_LOAD_BUDGET_KB,
  firstLoadFiles,
  type Manifest,
  measureFirstLoads,
  readManifest,
} from '../../bench/support/first-load';

/**
 * The first-load budget (issue 8) on the web build that `npm test` makes before vitest runs
 * (`npm run build:web`): the login page and the contract page need at most FIRST_LOAD_BUDGET_KB of
 * gzip JavaScript. e2e/first-load.test.ts checks in Chromium that these are the files a browser
 * fetches. `npm run bench:first-load` prints the figures of every page.
 */
describe('first load of the web build', () => {
  const loads = measureFirstLoads();

  it.each(loads.filter((load) => load.budgeted))(
    '$route needs at most the budget of gzip JavaScript',
    (load) => {
      expect(load.jsGzipBytes / 1024).toBeLessThanOrEqual(FIRST_LOAD_BUDGET_KB);
    },
  );

  it('counts the entry, the page and one language, not the chunks a page loads on demand', () => {
    const manifest = readManifest();
    const files = firstLoadFiles(manifest, 'features/contract/ContractPage.tsx', 'de');
    const entry = Object.values(manifest).find((chunk) => chunk.isEntry);
    expect(files).toContain(entry?.file);
    expect(files).toContain(manifest['features/contract/ContractPage.tsx']?.file);
    expect(files).toContain(manifest['i18n/de.json']?.file);
    expect(files).not.toContain(manifest['i18n/nl.json']?.file);
    // The edit forms and the other tabs are dynamic imports of the page: loaded when used.
    const dynamic = manifest['features/contract/ContractPage.tsx']?.dynamicImports ?? [];
    expect(dynamic.length).toBeGreaterThan(0);
    for (const key of dynamic) expect(files).not.toContain(manifest[key]?.file);
  });
});

describe('closure over the manifest', () => {
  const manifest: Manifest = {
    'index.html': {
      file: 'assets/index.js',
      isEntry: true,
      imports: ['_shared.js'],
      css: ['assets/index.css'],
    },
    '_shared.js': { file: 'assets/shared.js', name: 'shared', imports: ['_deep.js'] },
    '_deep.js': { file: 'assets/deep.js', name: 'deep' },
    'features/Page.tsx': { file: 'assets/Page.js', imports: ['_shared.js'], dynamicImports: ['_dialog.js'] },
    '_dialog.js': { file: 'assets/dialog.js', name: 'dialog', imports: ['_heavy.js'] },
    '_heavy.js': { file: 'assets/heavy.js', name: 'heavy' },
    '_Both.js': { file: 'assets/Both.js', name: 'Both' },
  };

  it('follows static imports transitively, with CSS, once each', () => {
    expect([...closure(manifest, ['index.html', 'features/Page.tsx'])].sort()).toEqual([
      'assets/Page.js',
      'assets/deep.js',
      'assets/index.css',
      'assets/index.js',
      'assets/shared.js',
    ]);
  });

  it('finds a page that landed in a shared chunk by its name, and refuses an unknown one', () => {
    expect([...closure(manifest, ['features/Both.tsx'])]).toEqual(['assets/Both.js']);
    expect(() => closure(manifest, ['features/Missing.tsx'])).toThrow(/not in the manifest/);
  });
});
