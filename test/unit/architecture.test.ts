import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.(ts|tsx)$/.test(name) ? [p] : [];
  });
}

/** Every module a file imports (static and dynamic), as written. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g))
    if (m[1]) out.push(m[1]);
  return out;
}

const TEST_TOOLS = ['vitest', 'fast-check', '@testing-library/react', '@testing-library/dom'];

function violations(layer: string, allowed: (spec: string, resolved: string) => boolean): string[] {
  const out: string[] = [];
  for (const file of sources(join(root, 'src', layer))) {
    const isTest = /\.test\.tsx?$/.test(file);
    for (const spec of importsOf(file)) {
      if (isTest && TEST_TOOLS.includes(spec)) continue;
      const resolved = spec.startsWith('.') ? relative(root, join(file, '..', spec)) : spec;
      if (!allowed(spec, resolved)) out.push(`${relative(root, file)} imports ${spec}`);
    }
  }
  return out;
}

describe('layer boundaries', () => {
  it('src/domain is pure: it imports only itself, temporal-polyfill and decimal.js', () => {
    expect(
      violations('domain', (spec, resolved) =>
        spec.startsWith('.')
          ? resolved.startsWith('src/domain')
          : ['temporal-polyfill', 'decimal.js'].includes(spec),
      ),
    ).toEqual([]);
  });

  it('src/domain reads no clock', () => {
    const offenders = sources(join(root, 'src', 'domain'))
      .filter((f) => !f.endsWith('.test.ts'))
      .filter((f) => /Date\.now\(|new Date\(|Temporal\.Now|performance\.now/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(root, f));
    expect(offenders).toEqual([]);
  });

  it('src/shared imports only itself, the domain and zod', () => {
    expect(
      violations('shared', (spec, resolved) =>
        spec.startsWith('.') ? /^src\/(shared|domain)/.test(resolved) : spec === 'zod',
      ),
    ).toEqual([]);
  });

  it('src/web never imports server code', () => {
    expect(
      violations('web', (spec, resolved) => !spec.startsWith('.') || !resolved.startsWith('src/server')),
    ).toEqual([]);
  });

  it('src/server never imports web code', () => {
    expect(
      violations('server', (spec, resolved) => !spec.startsWith('.') || !resolved.startsWith('src/web')),
    ).toEqual([]);
  });
});
