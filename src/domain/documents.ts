import type { IsoDate } from './calendar';
import { parseDay, ymdFromDay } from './calendar';
import { DomainError } from './errors';
import type { Decimal6, Money } from './money';
import { currencyExponent, formatDecimal6, parseVatRate, percentOf } from './money';

export type Language = 'nl' | 'de' | 'en';
export const languages: readonly Language[] = ['nl', 'de', 'en'];

// ---------------------------------------------------------------------------------------------
// VAT treatment, legends, titles
// ---------------------------------------------------------------------------------------------

/** How VAT applies to a client's documents (DOMAIN.md §3 (8)). */
export type VatTreatment = 'standard' | 'reverse_charge' | 'not_taxable';
export const vatTreatments: readonly VatTreatment[] = ['standard', 'reverse_charge', 'not_taxable'];

/** Legends printed on documents issued under a 0 % treatment. */
export const vatLegends: Readonly<
  Record<Exclude<VatTreatment, 'standard'>, Readonly<Record<Language, string>>>
> = Object.freeze({
  reverse_charge: Object.freeze({
    nl: 'BTW verlegd',
    de: 'Steuerschuldnerschaft des Leistungsempfängers',
    en: 'Reverse charge',
  }),
  not_taxable: Object.freeze({
    nl: 'Niet belastbaar',
    de: 'Nicht steuerbar',
    en: 'Not taxable',
  }),
});

/** The legend for a treatment in a language; null for `standard`. */
export function vatLegend(treatment: VatTreatment, language: Language): string | null {
  return treatment === 'standard' ? null : vatLegends[treatment][language];
}

export type DocumentKind = 'invoice' | 'correction';

/** Document titles. A correction is a "Rechnungskorrektur" in German, never a "Gutschrift". */
export const documentTitles: Readonly<Record<DocumentKind, Readonly<Record<Language, string>>>> =
  Object.freeze({
    invoice: Object.freeze({ nl: 'Factuur', de: 'Rechnung', en: 'Invoice' }),
    correction: Object.freeze({ nl: 'Creditnota', de: 'Rechnungskorrektur', en: 'Credit note' }),
  });

// ---------------------------------------------------------------------------------------------
// Totals
// ---------------------------------------------------------------------------------------------

export type TotalsLine = { amount: Money; vatRate: string };

export type RateTotals = { vatRate: string; net: Money; vat: Money; gross: Money };

export type DocumentTotals = {
  currency: string;
  vatTreatment: VatTreatment;
  /** One entry per VAT rate, highest rate first. */
  perRate: RateTotals[];
  net: Money;
  vat: Money;
  gross: Money;
  /** Legend texts per language when the treatment is not `standard`. */
  legend: Readonly<Record<Language, string>> | null;
};

/**
 * Totals of a document (DOMAIN.md §5): net sums per VAT rate (sums of the already-rounded lines),
 * VAT per rate = rate × net sum rounded half up once, gross = net + VAT. Under `reverse_charge` and
 * `not_taxable` every line is taxed at 0 % and the legend is set. Lines of another currency are
 * refused (`currency_mismatch`); an empty document needs `options.currency`.
 */
export function computeTotals(
  lines: readonly TotalsLine[],
  vatTreatment: VatTreatment,
  options: { currency?: string } = {},
): DocumentTotals {
  if (!vatTreatments.includes(vatTreatment)) {
    throw new DomainError('invalid_vat_rate', `unknown VAT treatment ${String(vatTreatment)}`, {
      field: 'vatTreatment',
      value: vatTreatment,
    });
  }
  const currency = options.currency ?? lines[0]?.amount.currency;
  if (currency === undefined) {
    throw new DomainError('currency_required', 'the totals of a document without lines need a currency');
  }
  currencyExponent(currency);
  const byRate = new Map<string, { rate: Decimal6; net: number }>();
  for (const [i, line] of lines.entries()) {
    if (line.amount.currency !== currency) {
      throw new DomainError(
        'currency_mismatch',
        `line ${i} is in ${line.amount.currency}, the document in ${currency}`,
        {
          field: `lines[${i}].amount.currency`,
          value: line.amount.currency,
        },
      );
    }
    const rate =
      vatTreatment === 'standard' ? parseVatRate(line.vatRate, `lines[${i}].vatRate`) : { micros: 0 };
    const key = formatDecimal6(rate);
    const entry = byRate.get(key) ?? { rate, net: 0 };
    entry.net += line.amount.amountMinor;
    if (!Number.isSafeInteger(entry.net)) {
      throw new DomainError('amount_out_of_range', 'document net sum exceeds the safe range');
    }
    byRate.set(key, entry);
  }
  const perRate = [...byRate.entries()]
    .sort(([, a], [, b]) => b.rate.micros - a.rate.micros)
    .map(([vatRate, { rate, net }]) => {
      const netMoney: Money = { amountMinor: net, currency };
      const vat = percentOf(netMoney, rate);
      return { vatRate, net: netMoney, vat, gross: { amountMinor: net + vat.amountMinor, currency } };
    });
  const sum = (pick: (r: RateTotals) => Money): Money => ({
    amountMinor: perRate.reduce((s, r) => s + pick(r).amountMinor, 0),
    currency,
  });
  return {
    currency,
    vatTreatment,
    perRate,
    net: sum((r) => r.net),
    vat: sum((r) => r.vat),
    gross: sum((r) => r.gross),
    legend: vatTreatment === 'standard' ? null : vatLegends[vatTreatment],
  };
}

// ---------------------------------------------------------------------------------------------
// Document numbers
// ---------------------------------------------------------------------------------------------

export type PatternIssue = { code: string; field: string; message: string };

const TOKEN_RE = /\{([^{}]*)\}/g;
const LITERAL_RE = /^[A-Za-z0-9 ._/#-]*$/;
export const MAX_PATTERN_LENGTH = 64;
export const MAX_SEQ_WIDTH = 12;

type Token =
  | { kind: 'literal'; text: string }
  | { kind: 'YYYY' | 'YY' | 'MM' | 'DD' }
  | { kind: 'seq'; width: number };

function tokenize(pattern: string): { tokens: Token[]; issues: PatternIssue[] } {
  const issues: PatternIssue[] = [];
  const tokens: Token[] = [];
  const issue = (code: string, message: string) => issues.push({ code, field: 'pattern', message });
  if (typeof pattern !== 'string' || pattern.length === 0) {
    issue('empty', 'the number pattern must not be empty');
    return { tokens, issues };
  }
  if (pattern.length > MAX_PATTERN_LENGTH)
    issue('too_long', `the pattern may have at most ${MAX_PATTERN_LENGTH} characters`);
  let last = 0;
  let seqCount = 0;
  const literal = (text: string) => {
    if (text.includes('{') || text.includes('}')) issue('unbalanced_brace', 'every { needs a matching }');
    else if (!LITERAL_RE.test(text)) {
      issue(
        'invalid_character',
        'besides placeholders only letters, digits, space and . _ / # - are allowed',
      );
    }
    if (text) tokens.push({ kind: 'literal', text });
  };
  for (const m of pattern.matchAll(TOKEN_RE)) {
    literal(pattern.slice(last, m.index));
    last = m.index + m[0].length;
    const name = m[1] ?? '';
    if (name === 'YYYY' || name === 'YY' || name === 'MM' || name === 'DD') {
      tokens.push({ kind: name });
      continue;
    }
    const seq = /^seq(?::(\d+))?$/.exec(name);
    if (!seq) {
      issue(
        'unknown_placeholder',
        `unknown placeholder {${name}}; use {YYYY}, {YY}, {MM}, {DD}, {seq} or {seq:N}`,
      );
      continue;
    }
    const width = seq[1] === undefined ? 1 : Number(seq[1]);
    if (width < 1 || width > MAX_SEQ_WIDTH)
      issue('invalid_seq_width', `{seq:N} needs 1 ≤ N ≤ ${MAX_SEQ_WIDTH}`);
    seqCount++;
    tokens.push({ kind: 'seq', width });
  }
  literal(pattern.slice(last));
  const has = (k: Token['kind']) => tokens.some((t) => t.kind === k);
  if ((has('MM') || has('DD')) && !has('YYYY') && !has('YY')) {
    issue('date_without_year', '{MM} and {DD} need {YYYY} or {YY}, or numbers would repeat every year');
  }
  if (has('DD') && !has('MM'))
    issue('day_without_month', '{DD} needs {MM}, or numbers would repeat every month');
  if (seqCount === 0) issue('missing_seq', 'the pattern must contain {seq} (or {seq:N})');
  if (seqCount > 1) issue('multiple_seq', 'the pattern may contain {seq} only once');
  return { tokens, issues };
}

/** Problems of a document-number pattern such as `RE-{YYYY}-{seq:5}` (empty array = valid). */
export function validateNumberPattern(pattern: string): PatternIssue[] {
  return tokenize(pattern).issues;
}

function parsePattern(pattern: string): Token[] {
  const { tokens, issues } = tokenize(pattern);
  if (issues.length > 0) {
    throw new DomainError(
      'invalid_pattern',
      `invalid number pattern: ${issues.map((i) => i.message).join('; ')}`,
      {
        field: 'pattern',
        value: pattern,
        issues,
      },
    );
  }
  return tokens;
}

/**
 * The number of a document: `formatDocumentNumber('RE-{YYYY}-{seq:5}', { issueDate: '2024-03-01', seq: 42 })`
 * → `RE-2024-00042`. `{seq:N}` pads to N digits (never truncates); `{YYYY}`, `{YY}`, `{MM}`, `{DD}`
 * come from the issue date.
 */
export function formatDocumentNumber(pattern: string, input: { issueDate: IsoDate; seq: number }): string {
  const tokens = parsePattern(pattern);
  const { year, month, day } = ymdFromDay(parseDay(input.issueDate, 'issueDate'));
  if (!Number.isSafeInteger(input.seq) || input.seq < 1) {
    throw new DomainError('invalid_sequence', `seq must be a whole number ≥ 1, got ${input.seq}`, {
      field: 'seq',
      value: input.seq,
    });
  }
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  let out = '';
  for (const t of tokens) {
    switch (t.kind) {
      case 'literal':
        out += t.text;
        break;
      case 'YYYY':
        out += pad(year, 4);
        break;
      case 'YY':
        out += pad(year % 100, 2);
        break;
      case 'MM':
        out += pad(month, 2);
        break;
      case 'DD':
        out += pad(day, 2);
        break;
      case 'seq':
        out += pad(input.seq, t.width);
        break;
    }
  }
  return out;
}

/**
 * The scope within which a pattern's sequence must be unique and gapless: '' when the pattern has no
 * date placeholder (one running sequence), else the issue date cut to the finest placeholder
 * ('2024', '2024-03', '2024-03-01'). A new scope starts the sequence at 1 again.
 */
export function numberSequenceScope(pattern: string, issueDate: IsoDate): string {
  const tokens = parsePattern(pattern);
  parseDay(issueDate, 'issueDate');
  const kinds = new Set(tokens.map((t) => t.kind));
  if (kinds.has('DD')) return issueDate;
  if (kinds.has('MM')) return issueDate.slice(0, 7);
  if (kinds.has('YYYY') || kinds.has('YY')) return issueDate.slice(0, 4);
  return '';
}
