import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const COMPRESSIBLE = /\.(js|css|html|svg|json|txt|map)$/;

/** Writes `file.br` and `file.gz` next to every text file of the build; the server sends them as they are. */
function precompress(outDir: string): Plugin {
  return {
    name: 'kontor-precompress',
    apply: 'build',
    closeBundle() {
      const walk = (dir: string): string[] =>
        readdirSync(dir).flatMap((name) => {
          const path = join(dir, name);
          return statSync(path).isDirectory() ? walk(path) : [path];
        });
      for (const file of walk(outDir)) {
        if (!COMPRESSIBLE.test(file) || file.includes(`${join(outDir, '.vite')}`)) continue;
        const content = readFileSync(file);
        writeFileSync(`${file}.gz`, gzipSync(content, { level: 9 }));
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(content, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: 11,
              [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
            },
          }),
        );
      }
    },
  };
}

const outDir = join(import.meta.dirname, 'dist', 'web');

// The web app lives in src/web; the server serves the built files from dist/web.
// Every page is a lazy chunk (src/web/app/router.tsx); `npm run report:first-load` reads the manifest.
export default defineConfig({
  root: 'src/web',
  plugins: [react(), precompress(outDir)],
  build: {
    outDir,
    emptyOutDir: true,
    manifest: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      // The app's own modules only define things (components, schemas, rules, texts); none is
      // imported for an effect. So a page bundles what it uses of a module, not all of it, and not
      // the modules that only an unused export needed. The shared schemas' `.meta({ id })`
      // registrations serve the server's OpenAPI document only. main.tsx (the entry) runs.
      treeshake: {
        moduleSideEffects: [
          { test: /\/src\/web\/main\.tsx$/, sideEffects: true },
          { test: /\/src\/(web|shared|domain)\/.*\.tsx?$/, sideEffects: false },
        ],
      },
    },
  },
  server: { proxy: { '/api': 'http://localhost:3000', '/health': 'http://localhost:3000' } },
});
