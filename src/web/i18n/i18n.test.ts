import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clientRoles } from '../../shared/permissions';
import { auditEntry, outboxMessage } from '../../shared/schemas';
import de from './de.json';
import en from './en.json';
import nl from './nl.json';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out[path] = value;
    else Object.assign(out, flatten(value, path));
  }
  return out;
}

const languages = { nl: flatten(nl), de: flatten(de), en: flatten(en) };

function hasKey(flat: Record<string, string>, key: string): boolean {
  return key in flat || (`${key}_one` in flat && `${key}_other` in flat);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe('translations', () => {
  it('nl, de and en have exactly the same keys', () => {
    const keys = Object.keys(languages.en).sort();
    expect(Object.keys(languages.nl).sort()).toEqual(keys);
    expect(Object.keys(languages.de).sort()).toEqual(keys);
  });

  it('has no empty texts and keeps the same placeholders in every language', () => {
    for (const [key, text] of Object.entries(languages.en)) {
      const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      for (const flat of Object.values(languages)) {
        expect(flat[key]?.trim(), key).toBeTruthy();
        expect(placeholders(flat[key] ?? ''), key).toEqual(placeholders(text));
      }
    }
  });

  it('contains every literal key the web app uses', () => {
    const root = join(import.meta.dirname, '..');
    const missing: string[] = [];
    let found = 0;
    for (const file of sourceFiles(root)) {
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) {
        const key = match[1]!;
        found += 1;
        if (!hasKey(languages.en, key)) missing.push(`${key} (${file})`);
      }
    }
    expect(missing).toEqual([]);
    expect(found).toBeGreaterThan(50);
  });

  it('contains the keys built from shared enumerations', () => {
    const keys = [
      ...clientRoles.map((role) => `accountUsers.roles.${role}`),
      ...outboxMessage.shape.status.options.map((status) => `outbox.statuses.${status}`),
      ...auditEntry.shape.actorType.options.map((type) => `audit.actorTypes.${type}`),
      ...['reset_token_invalid', 'reset_token_expired', 'reset_token_used'].map(
        (c) => `auth.reset.problems.${c}`,
      ),
    ];
    for (const key of keys) expect(hasKey(languages.en, key), key).toBe(true);
  });
});
