import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  computeTotals,
  documentTitles,
  formatDocumentNumber,
  numberSequenceScope,
  validateNumberPattern,
  vatLegend,
  vatLegends,
} from './documents';
import { DomainError } from './errors';
import { money } from './money';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof DomainError ? e.code : `not a DomainError: ${String(e)}`;
  }
  return undefined;
}

const eur = (n: number) => money(n, 'EUR');

describe('computeTotals', () => {
  const lines = [
    { amount: eur(2122), vatRate: '19' },
    { amount: eur(2990), vatRate: '19.0' },
    { amount: eur(333), vatRate: '7' },
    { amount: eur(-100), vatRate: '7' },
  ];

  it('standard: net per rate, VAT rounded once per rate, gross = net + VAT', () => {
    const t = computeTotals(lines, 'standard');
    expect(t.perRate).toEqual([
      { vatRate: '19', net: eur(5112), vat: eur(971), gross: eur(6083) }, // 971.28
      { vatRate: '7', net: eur(233), vat: eur(16), gross: eur(249) }, // 16.31
    ]);
    expect([t.net, t.vat, t.gross]).toEqual([eur(5345), eur(987), eur(6332)]);
    expect(t.legend).toBeNull();
  });

  it('VAT is rounded on the sum, not per line', () => {
    // Three lines of 0.05 at 10 %: per line 0.005 → 0.01 each (0.03); on the sum 0.015 → 0.02.
    const t = computeTotals(
      [0, 1, 2].map(() => ({ amount: eur(5), vatRate: '10' })),
      'standard',
    );
    expect(t.vat).toEqual(eur(2));
  });

  it.each([
    ['reverse_charge', 'BTW verlegd', 'Steuerschuldnerschaft des Leistungsempfängers', 'Reverse charge'],
    ['not_taxable', 'Niet belastbaar', 'Nicht steuerbar', 'Not taxable'],
  ] as const)('%s: everything at 0 %% with a legend', (treatment, nl, de, en) => {
    const t = computeTotals(lines, treatment);
    expect(t.perRate).toEqual([{ vatRate: '0', net: eur(5345), vat: eur(0), gross: eur(5345) }]);
    expect(t.legend).toEqual({ nl, de, en });
    expect(vatLegend(treatment, 'de')).toBe(de);
    expect(vatLegends[treatment].nl).toBe(nl);
  });

  it('refuses mixed currencies, unknown rates and empty documents without a currency', () => {
    expect(
      codeOf(() => computeTotals([...lines, { amount: money(1, 'USD'), vatRate: '19' }], 'standard')),
    ).toBe('currency_mismatch');
    expect(codeOf(() => computeTotals([{ amount: eur(1), vatRate: '19%' }], 'standard'))).toBe(
      'invalid_vat_rate',
    );
    expect(codeOf(() => computeTotals([], 'standard'))).toBe('currency_required');
    expect(computeTotals([], 'standard', { currency: 'EUR' })).toMatchObject({ perRate: [], gross: eur(0) });
  });

  it('totals per rate equal the sums of the rounded lines; gross = net + VAT', () => {
    const line = fc.record({
      amount: fc.integer({ min: -1_000_000, max: 10_000_000 }).map(eur),
      vatRate: fc.constantFrom('0', '7', '19', '21', '9', '8.1'),
    });
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 30 }),
        fc.constantFrom('standard', 'reverse_charge', 'not_taxable' as const),
        (ls, vt) => {
          const t = computeTotals(ls, vt, { currency: 'EUR' });
          for (const r of t.perRate) {
            const net = ls
              .filter((l) => vt !== 'standard' || Number(l.vatRate) === Number(r.vatRate))
              .reduce((s, l) => s + l.amount.amountMinor, 0);
            expect(r.net.amountMinor).toBe(net);
            expect(r.gross.amountMinor).toBe(r.net.amountMinor + r.vat.amountMinor);
            // VAT within half a cent of exact
            expect(Math.abs(r.vat.amountMinor - (net * Number(r.vatRate)) / 100)).toBeLessThanOrEqual(
              0.5 + 1e-9,
            );
          }
          expect(t.net.amountMinor).toBe(ls.reduce((s, l) => s + l.amount.amountMinor, 0));
          expect(t.gross.amountMinor).toBe(t.net.amountMinor + t.vat.amountMinor);
          if (vt !== 'standard') expect(t.vat.amountMinor).toBe(0);
        },
      ),
    );
  });
});

describe('document titles', () => {
  it('a correction is a Rechnungskorrektur, Creditnota, Credit note', () => {
    expect(documentTitles.correction).toEqual({
      de: 'Rechnungskorrektur',
      nl: 'Creditnota',
      en: 'Credit note',
    });
    expect(documentTitles.invoice.de).toBe('Rechnung');
  });
});

describe('document numbers', () => {
  it.each([
    ['RE-{YYYY}-{seq:5}', '2024-03-01', 42, 'RE-2024-00042'],
    ['RE-{YY}{MM}-{seq:4}', '2024-03-01', 7, 'RE-2403-0007'],
    ['{seq}', '2024-03-01', 123, '123'],
    ['GS/{YYYY}/{MM}/{DD}/{seq:2}', '2024-12-31', 5, 'GS/2024/12/31/05'],
    ['TEST-{seq:3}', '2024-03-01', 123456, 'TEST-123456'],
  ] as const)('%s with %s #%d → %s', (pattern, issueDate, seq, want) => {
    expect(validateNumberPattern(pattern)).toEqual([]);
    expect(formatDocumentNumber(pattern, { issueDate, seq })).toBe(want);
  });

  it.each([
    ['RE-{YYYY}', 'missing_seq'],
    ['', 'empty'],
    ['RE-{seq}-{seq}', 'multiple_seq'],
    ['RE-{YEAR}-{seq}', 'unknown_placeholder'],
    ['RE-{seq:0}', 'invalid_seq_width'],
    ['RE-{seq:13}', 'invalid_seq_width'],
    ['RE-{seq', 'unbalanced_brace'],
    ['RE}-{seq}', 'unbalanced_brace'],
    ['RE\n{seq}', 'invalid_character'],
    ['RE-{MM}-{seq}', 'date_without_year'],
    ['RE-{YYYY}{DD}-{seq}', 'day_without_month'],
    [`${'X'.repeat(65)}{seq}`, 'too_long'],
  ])('validateNumberPattern(%j) reports %s', (pattern, code) => {
    expect(validateNumberPattern(pattern).map((i) => i.code)).toContain(code);
    expect(codeOf(() => formatDocumentNumber(pattern, { issueDate: '2024-01-01', seq: 1 }))).toBe(
      'invalid_pattern',
    );
  });

  it('refuses bad sequence numbers and dates', () => {
    expect(codeOf(() => formatDocumentNumber('{seq}', { issueDate: '2024-01-01', seq: 0 }))).toBe(
      'invalid_sequence',
    );
    expect(codeOf(() => formatDocumentNumber('{seq}', { issueDate: '2024-01-01', seq: 1.5 }))).toBe(
      'invalid_sequence',
    );
    expect(codeOf(() => formatDocumentNumber('{seq}', { issueDate: '2024-13-01', seq: 1 }))).toBe(
      'invalid_date',
    );
  });

  it('sequence scope follows the finest date placeholder', () => {
    expect(numberSequenceScope('RE-{YYYY}-{seq:5}', '2024-03-01')).toBe('2024');
    expect(numberSequenceScope('RE-{YY}{MM}-{seq}', '2024-03-01')).toBe('2024-03');
    expect(numberSequenceScope('RE-{YYYY}{MM}{DD}-{seq}', '2024-03-01')).toBe('2024-03-01');
    expect(numberSequenceScope('RE-{seq}', '2024-03-01')).toBe('');
  });

  it('different sequence numbers in one scope give different document numbers', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 ** 9 }), fc.integer({ min: 1, max: 10 ** 9 }), (a, b) => {
        fc.pre(a !== b);
        const f = (seq: number) =>
          formatDocumentNumber('RE-{YYYY}-{seq:5}', { issueDate: '2024-05-05', seq });
        expect(f(a)).not.toBe(f(b));
      }),
    );
  });
});
