import { defineConfig } from 'vitest/config';

/**
 * Test projects:
 * - domain: pure rules (src/domain), milliseconds each.
 * - unit: shared code, web components, document rendering.
 * - http-pglite: HTTP tests through app.inject against embedded PGlite.
 * - http-pg: the same HTTP tests against a real PostgreSQL server, when DATABASE_URL or
 *   TEST_DATABASE_URL names one.
 * - e2e: browser journeys in Chromium (skipped without a browser unless REQUIRE_BROWSER=1).
 */
const realPg = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;

const httpProject = (name: string, db: 'pglite' | 'pg') => ({
  test: {
    name,
    include: ['src/server/**/*.test.ts', 'test/**/*.test.ts'],
    // Start-up failures do not depend on the database: run them once. Several server processes
    // share one database only on PostgreSQL (the embedded database is one process).
    exclude: [
      'test/unit/**',
      // Document rendering needs no database (unit project).
      'src/server/documents/**',
      ...(db === 'pg'
        ? ['test/server-failures.test.ts']
        : ['test/multi-process.test.ts', 'test/billing-run-processes.test.ts']),
    ],
    env: { KONTOR_TEST_DB: db },
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'domain', include: ['src/domain/**/*.test.ts'] } },
      {
        test: {
          name: 'unit',
          include: [
            'src/shared/**/*.test.ts',
            'src/web/**/*.test.{ts,tsx}',
            'test/unit/**/*.test.ts',
            'src/server/documents/**/*.test.ts',
          ],
          // Page tests render lazily loaded routes (see src/web/test/render-app.tsx).
          testTimeout: 30_000,
        },
      },
      httpProject('http-pglite', 'pglite'),
      ...(realPg ? [httpProject('http-pg', 'pg')] : []),
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
