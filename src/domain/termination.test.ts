import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { DomainError } from './errors';
import type { TerminationRule } from './termination';
import {
  checkChosenEnd,
  earliestEnd,
  lastDayToCancel,
  tariffSwitchDates,
  termEnd,
  termEnds,
  terminationPresets,
  validateTerminationRule,
} from './termination';

const { immediate, monthly, yearly } = terminationPresets;

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof DomainError ? e.code : `not a DomainError: ${String(e)}`;
  }
  return undefined;
}

describe('DOMAIN.md §4 test vectors', () => {
  it.each([
    ['monthly', '2024-01-10', '2024-06-01', '2024-07-31', '2024-06-30'],
    ['monthly', '2024-01-10', '2024-06-30', '2024-07-31', '2024-06-30'],
    ['yearly', '2023-08-07', '2024-05-06', '2024-08-06', '2024-05-06'],
    ['yearly', '2023-08-07', '2024-05-07', '2025-08-06', '2025-05-06'],
    ['yearly', '2023-08-07', '2023-09-01', '2024-08-06', '2024-05-06'],
    ['monthly', '2024-01-10', '2024-05-31', '2024-06-30', '2024-05-31'],
    ['immediate', '2024-01-10', '2024-03-15', '2024-03-15', '2024-03-15'],
  ] as const)(
    '%s, start %s, requested %s → end %s, last day to cancel %s',
    (preset, start, req, end, ldc) => {
      const rule = terminationPresets[preset];
      expect(earliestEnd(rule, start, req)).toEqual({ end, lastDayToCancel: ldc });
      expect(lastDayToCancel(rule, end)).toBe(ldc);
    },
  );
});

describe('term ends (§188 BGB)', () => {
  it.each([
    ['2023-08-07', 12, ['2024-08-06', '2025-08-06']],
    ['2024-02-29', 12, ['2025-02-28', '2026-02-28', '2027-02-28', '2028-02-28']],
    ['2024-01-31', 1, ['2024-02-29', '2024-03-30', '2024-04-30', '2024-05-30']],
    ['2024-01-01', 1, ['2024-01-31', '2024-02-29', '2024-03-31']],
    ['2024-03-31', 1, ['2024-04-30', '2024-05-30', '2024-06-30']],
  ] as const)('start %s, %d months → %j', (start, months, want) => {
    const got: string[] = [];
    for (const e of termEnds(months, start)) {
      got.push(e);
      if (got.length === want.length) break;
    }
    expect(got).toEqual(want);
    want.forEach((w, i) => {
      expect(termEnd(start, months, i + 1)).toBe(w);
    });
  });

  it('termEnds of a rule: minimum term, then renewals counted from the start', () => {
    const rule: TerminationRule = { ...yearly, minimumTermMonths: 24, renewalMonths: 6 };
    const it = termEnds(rule, '2024-01-31');
    expect([it.next().value, it.next().value, it.next().value]).toEqual([
      '2026-01-30',
      '2026-07-30',
      '2027-01-30',
    ]);
    expect([...termEnds({ ...rule, renewalMonths: 0 }, '2024-01-31')]).toEqual(['2026-01-30']);
  });

  it('refuses bad term lengths', () => {
    expect(codeOf(() => termEnd('2024-01-01', 0))).toBe('invalid_months');
    expect(codeOf(() => termEnd('2024-01-01', 1.5))).toBe('invalid_months');
    expect(codeOf(() => termEnd('2024-01-01', 1, 0))).toBe('invalid_months');
    expect(codeOf(() => termEnd('2024-02-30', 1))).toBe('invalid_date');
  });
});

describe('validateTerminationRule', () => {
  it('accepts the presets', () => {
    for (const rule of Object.values(terminationPresets)) expect(validateTerminationRule(rule)).toEqual([]);
  });

  it.each([
    [{ ...yearly, minimumTermMonths: 0 }, 'term_end_requires_minimum_term', 'minimumTermMonths'],
    [{ ...monthly, minimumTermMonths: -1 }, 'negative', 'minimumTermMonths'],
    [{ ...monthly, renewalMonths: 1.5 }, 'not_an_integer', 'renewalMonths'],
    [{ ...monthly, renewalMonths: 1201 }, 'too_large', 'renewalMonths'],
    [{ ...monthly, notice: { amount: 36501, unit: 'days' } }, 'too_large', 'notice.amount'],
    [{ ...monthly, notice: { amount: 1201, unit: 'months' } }, 'too_large', 'notice.amount'],
    [{ ...monthly, notice: { amount: 1, unit: 'weeks' } }, 'unknown_unit', 'notice.unit'],
    [{ ...monthly, notice: { amount: Number.NaN, unit: 'days' } }, 'not_a_number', 'notice.amount'],
    [{ ...monthly, notice: undefined }, 'required', 'notice'],
    [{ ...monthly, anchor: 'week_end' }, 'unknown_anchor', 'anchor'],
    [{ ...monthly, minimumTermMonths: '12' }, 'not_a_number', 'minimumTermMonths'],
  ])('%j → %s on %s', (rule, code, field) => {
    const issues = validateTerminationRule(rule);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code, field });
  });

  it('reports every problem and never throws', () => {
    expect(validateTerminationRule(null)).toHaveLength(1);
    const issues = validateTerminationRule({ minimumTermMonths: -1, renewalMonths: 0.5, anchor: 'x' });
    expect(issues.map((i) => i.field)).toEqual(['minimumTermMonths', 'renewalMonths', 'notice', 'anchor']);
  });

  it('functions refuse invalid rules with invalid_rule', () => {
    const bad = { ...yearly, minimumTermMonths: 0 };
    expect(codeOf(() => earliestEnd(bad, '2024-01-01', '2024-02-01'))).toBe('invalid_rule');
    expect(codeOf(() => lastDayToCancel(bad, '2024-01-01'))).toBe('invalid_rule');
  });
});

describe('earliestEnd special cases', () => {
  it('renewalMonths 0: after the minimum term every day is a candidate', () => {
    const rule: TerminationRule = {
      minimumTermMonths: 12,
      renewalMonths: 0,
      notice: { amount: 30, unit: 'days' },
      anchor: 'term_end',
    };
    expect(earliestEnd(rule, '2024-01-01', '2024-03-01')).toEqual({
      end: '2024-12-31',
      lastDayToCancel: '2024-12-01',
    });
    expect(earliestEnd(rule, '2024-01-01', '2024-12-02')).toEqual({
      end: '2025-01-01',
      lastDayToCancel: '2024-12-02',
    });
    expect(earliestEnd(rule, '2024-01-01', '2026-05-17')).toEqual({
      end: '2026-06-16',
      lastDayToCancel: '2026-05-17',
    });
  });

  it('a minimum term also holds for month_end and any_day anchors', () => {
    const rule: TerminationRule = {
      minimumTermMonths: 3,
      renewalMonths: 0,
      notice: { amount: 1, unit: 'months' },
      anchor: 'month_end',
    };
    expect(earliestEnd(rule, '2024-01-10', '2024-01-10')).toEqual({
      end: '2024-04-30',
      lastDayToCancel: '2024-03-31',
    });
    const anyDay: TerminationRule = { ...rule, anchor: 'any_day', notice: { amount: 0, unit: 'days' } };
    expect(earliestEnd(anyDay, '2024-01-10', '2024-02-01').end).toBe('2024-04-09');
  });

  it('a request before the start yields an end not before the start', () => {
    expect(earliestEnd(immediate, '2024-05-01', '2024-04-01')).toEqual({
      end: '2024-05-01',
      lastDayToCancel: '2024-05-01',
    });
  });

  it('is direct, not day by day, for requests decades after the start', () => {
    expect(earliestEnd(yearly, '1990-08-07', '2090-01-01')).toEqual({
      end: '2090-08-06',
      lastDayToCancel: '2090-05-06',
    });
    const long: TerminationRule = {
      minimumTermMonths: 1,
      renewalMonths: 1,
      notice: { amount: 0, unit: 'days' },
      anchor: 'term_end',
    };
    expect(earliestEnd(long, '0001-01-31', '9999-01-01').end).toBe('9999-01-30');
  });

  it('refuses invalid dates', () => {
    expect(codeOf(() => earliestEnd(monthly, '2024-02-30', '2024-03-01'))).toBe('invalid_date');
    expect(codeOf(() => earliestEnd(monthly, '2024-02-01', '2024-3-01'))).toBe('invalid_date');
  });
});

describe('checkChosenEnd and tariffSwitchDates', () => {
  it('refuses an end before the booking start', () => {
    const c = checkChosenEnd(monthly, '2024-01-10', '2024-06-01', '2024-01-09');
    expect(c.allowed).toBe(false);
    expect(c.problems.map((p) => p.code)).toContain('before_booking_start');
  });

  it('flags an end earlier than computed as a warning', () => {
    const c = checkChosenEnd(yearly, '2023-08-07', '2024-05-07', '2024-12-31');
    expect(c).toMatchObject({ allowed: true, isEarlierThanComputed: true, computed: { end: '2025-08-06' } });
    expect(c.problems.map((p) => p.code)).toEqual(['earlier_than_computed']);
  });

  it('accepts the computed end, and later anchor ends, without problems', () => {
    expect(checkChosenEnd(yearly, '2023-08-07', '2024-05-07', '2025-08-06')).toMatchObject({
      allowed: true,
      problems: [],
      isEarlierThanComputed: false,
    });
    expect(checkChosenEnd(yearly, '2023-08-07', '2024-05-07', '2026-08-06').problems).toEqual([]);
    expect(checkChosenEnd(monthly, '2024-01-10', '2024-06-01', '2024-09-30').problems).toEqual([]);
  });

  it('warns about retroactive and off-anchor ends', () => {
    expect(
      checkChosenEnd(monthly, '2024-01-10', '2024-06-01', '2024-05-15').problems.map((p) => p.code),
    ).toEqual(['earlier_than_computed', 'before_request']);
    expect(
      checkChosenEnd(monthly, '2024-01-10', '2024-06-01', '2024-08-15').problems.map((p) => p.code),
    ).toEqual(['not_on_anchor']);
  });

  it('switches on the earliest end, or the day before the chosen start', () => {
    expect(tariffSwitchDates(monthly, '2024-01-10', '2024-06-01')).toEqual({
      oldEnds: '2024-07-31',
      newStarts: '2024-08-01',
      computed: { end: '2024-07-31', lastDayToCancel: '2024-06-30' },
      isEarlierThanComputed: false,
    });
    expect(tariffSwitchDates(yearly, '2023-08-07', '2024-05-06')).toMatchObject({
      oldEnds: '2024-08-06',
      newStarts: '2024-08-07',
    });
    expect(tariffSwitchDates(yearly, '2023-08-07', '2024-05-06', '2024-03-01')).toMatchObject({
      oldEnds: '2024-02-29',
      newStarts: '2024-03-01',
      isEarlierThanComputed: true,
    });
    expect(tariffSwitchDates(yearly, '2023-08-07', '2024-05-06', '2024-08-07').isEarlierThanComputed).toBe(
      false,
    );
    expect(codeOf(() => tariffSwitchDates(yearly, '2023-08-07', '2024-05-06', '2023-08-07'))).toBe(
      'end_before_start',
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Properties, checked against an independent model written with Temporal.PlainDate that
// enumerates candidate ends day by day.
// ---------------------------------------------------------------------------------------------

const P = (s: string) => Temporal.PlainDate.from(s);

function modelTermEnd(s: Temporal.PlainDate, months: number): Temporal.PlainDate {
  const t = s.add({ months });
  return t.day !== s.day ? t : t.subtract({ days: 1 });
}

function modelLdc(rule: TerminationRule, e: Temporal.PlainDate): Temporal.PlainDate {
  if (rule.notice.unit === 'days') return e.subtract({ days: rule.notice.amount });
  const x = e.subtract({ months: rule.notice.amount });
  return e.day === e.daysInMonth ? x.with({ day: x.daysInMonth }) : x;
}

function modelEarliestEnd(rule: TerminationRule, start: string, req: string): string {
  const s = P(start);
  const r = P(req);
  const min = rule.minimumTermMonths;
  const ren = rule.renewalMonths;
  const minEnd = min > 0 ? modelTermEnd(s, min) : null;
  const termEndSet = new Set<string>();
  if (rule.anchor === 'term_end' && ren > 0) {
    for (let k = 1; k < 400; k++) termEndSet.add(modelTermEnd(s, min + k * ren).toString());
  }
  const isCandidate = (e: Temporal.PlainDate): boolean => {
    if (Temporal.PlainDate.compare(e, r) < 0 || Temporal.PlainDate.compare(e, s) < 0) return false;
    if (minEnd && Temporal.PlainDate.compare(e, minEnd) < 0) return false;
    if (rule.anchor === 'month_end') return e.day === e.daysInMonth;
    if (rule.anchor === 'term_end') {
      if (minEnd && e.equals(minEnd)) return true;
      if (ren === 0) return true;
      return termEndSet.has(e.toString());
    }
    return true;
  };
  for (let e = s; ; e = e.add({ days: 1 })) {
    if (isCandidate(e) && Temporal.PlainDate.compare(r, modelLdc(rule, e)) <= 0) return e.toString();
  }
}

const ruleArb: fc.Arbitrary<TerminationRule> = fc
  .record({
    minimumTermMonths: fc.integer({ min: 0, max: 24 }),
    renewalMonths: fc.integer({ min: 0, max: 24 }),
    notice: fc.oneof(
      fc.record({ amount: fc.integer({ min: 0, max: 90 }), unit: fc.constant('days' as const) }),
      fc.record({ amount: fc.integer({ min: 0, max: 6 }), unit: fc.constant('months' as const) }),
    ),
    anchor: fc.constantFrom('any_day' as const, 'month_end' as const, 'term_end' as const),
  })
  .map((r) => (r.anchor === 'term_end' && r.minimumTermMonths === 0 ? { ...r, minimumTermMonths: 1 } : r));

const startArb = fc
  .integer({ min: 0, max: 365 * 10 })
  .map((n) => P('2020-01-01').add({ days: n }).toString());

// Ends at month ends and around the 28th–31st are where month arithmetic goes wrong: bias to them.
const tricky = fc.constantFrom(
  '2024-01-31',
  '2024-02-29',
  '2023-02-28',
  '2024-03-30',
  '2024-08-31',
  '2023-01-29',
);

const caseArb = fc
  .tuple(ruleArb, fc.oneof(startArb, tricky), fc.integer({ min: 0, max: 900 }))
  .map(([rule, start, offset]) => ({ rule, start, req: P(start).add({ days: offset }).toString() }));

describe('earliestEnd properties', () => {
  it('equals the first candidate found by brute-force enumeration', () => {
    fc.assert(
      fc.property(caseArb, ({ rule, start, req }) => {
        expect(earliestEnd(rule, start, req).end).toBe(modelEarliestEnd(rule, start, req));
      }),
      { numRuns: 300 },
    );
  });

  it('is on or after the request and the minimum term; the request is on or before its last day to cancel', () => {
    fc.assert(
      fc.property(caseArb, ({ rule, start, req }) => {
        const { end, lastDayToCancel: ldc } = earliestEnd(rule, start, req);
        expect(end >= req).toBe(true);
        expect(req <= ldc).toBe(true);
        expect(ldc <= end).toBe(true);
        expect(lastDayToCancel(rule, end)).toBe(ldc);
        if (rule.minimumTermMonths > 0) expect(end >= termEnd(start, rule.minimumTermMonths)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('lastDayToCancel(end) ≤ end and agrees with the model', () => {
    fc.assert(
      fc.property(ruleArb, fc.oneof(startArb, tricky), (rule, end) => {
        const ldc = lastDayToCancel(rule, end);
        expect(ldc <= end).toBe(true);
        expect(ldc).toBe(modelLdc(rule, P(end)).toString());
      }),
      { numRuns: 500 },
    );
  });

  it('term ends agree with the model', () => {
    fc.assert(
      fc.property(
        fc.oneof(startArb, tricky),
        fc.integer({ min: 1, max: 36 }),
        fc.integer({ min: 1, max: 10 }),
        (s, t, k) => {
          expect(termEnd(s, t, k)).toBe(modelTermEnd(P(s), t * k).toString());
        },
      ),
    );
  });

  it('a later chosen end is flagged not_on_anchor exactly when it is no candidate end', () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 1, max: 800 }), ({ rule, start, req }, later) => {
        const { end } = earliestEnd(rule, start, req);
        const chosen = P(end).add({ days: later });
        const s = P(start);
        const minEnd = rule.minimumTermMonths > 0 ? modelTermEnd(s, rule.minimumTermMonths) : null;
        let candidate = true;
        if (rule.anchor === 'month_end') candidate = chosen.day === chosen.daysInMonth;
        if (rule.anchor === 'term_end' && rule.renewalMonths > 0 && !(minEnd && chosen.equals(minEnd))) {
          candidate = false;
          for (let k = 1; k < 200 && !candidate; k++) {
            candidate = modelTermEnd(s, rule.minimumTermMonths + k * rule.renewalMonths).equals(chosen);
          }
        }
        const codes = checkChosenEnd(rule, start, req, chosen.toString()).problems.map((p) => p.code);
        expect(codes).toEqual(candidate ? [] : ['not_on_anchor']);
      }),
      { numRuns: 300 },
    );
  });

  it('a chosen end equal to the computed one is allowed without problems', () => {
    fc.assert(
      fc.property(caseArb, ({ rule, start, req }) => {
        const { end } = earliestEnd(rule, start, req);
        const c = checkChosenEnd(rule, start, req, end);
        expect(c.allowed && !c.isEarlierThanComputed && c.problems.length === 0).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
