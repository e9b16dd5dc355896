import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as domain from './index';

const dir = import.meta.dirname;
const sources = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => ({ file: f, text: readFileSync(join(dir, f), 'utf8') }));

describe('the domain stays pure', () => {
  it('has source files to check', () => {
    expect(sources.map((s) => s.file)).toContain('charges.ts');
  });

  it.each(sources)('$file imports only the domain itself, temporal-polyfill and decimal.js', ({ text }) => {
    const imports = [
      ...text.matchAll(/\bfrom\s+'([^']+)'|\bimport\s*\(\s*'([^']+)'|\brequire\s*\(\s*'([^']+)'/g),
    ].map((m) => m[1] ?? m[2] ?? m[3]);
    for (const spec of imports) expect(spec).toMatch(/^(\.\/[\w-]+|temporal-polyfill|decimal\.js)$/);
  });

  it.each(sources)('$file reads no clock, no randomness, no environment', ({ text }) => {
    expect(text).not.toMatch(
      /Date\.now|new Date\b|Temporal\.Now|Math\.random|process\.|console\.|globalThis/,
    );
  });
});

describe('public API', () => {
  it.each([
    'DomainError',
    'addDays',
    'addMonths',
    'subtractMonthsPreservingMonthEnd',
    'daysInMonth',
    'isLastDayOfMonth',
    'compareDates',
    'terminationPresets',
    'validateTerminationRule',
    'termEnds',
    'termEnd',
    'lastDayToCancel',
    'earliestEnd',
    'checkChosenEnd',
    'tariffSwitchDates',
    'currencyExponent',
    'parseUnitPrice',
    'addMoney',
    'subtractMoney',
    'allocate',
    'formatMoney',
    'computeCharges',
    'computeCorrections',
    'computeTotals',
    'vatLegends',
    'formatDocumentNumber',
    'validateNumberPattern',
  ])('exports %s', (name) => {
    expect(domain).toHaveProperty(name);
  });

  it('errors are DomainErrors with a code, a message and details', () => {
    try {
      domain.addDays('2024-02-30', 1);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(domain.DomainError);
      expect(e).toBeInstanceOf(Error);
      expect(e).toMatchObject({
        name: 'DomainError',
        code: 'invalid_date',
        message: 'date must be a calendar date YYYY-MM-DD, got 2024-02-30',
        details: { field: 'date', value: '2024-02-30' },
      });
      expect(domain.isDomainError(e)).toBe(true);
    }
  });
});
