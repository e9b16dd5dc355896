import type { IsoDate } from './calendar';
import {
  addMonthsDay,
  formatDay,
  lastDayOfMonthOf,
  monthIndexOf,
  parseDay,
  subtractMonthsPreservingMonthEndDay,
  termEndDay,
} from './calendar';
import { DomainError } from './errors';

export type NoticeUnit = 'days' | 'months';
export type EndAnchor = 'any_day' | 'month_end' | 'term_end';

/** How a booking (or an additional option) can be ended. See DOMAIN.md §4. */
export type TerminationRule = {
  /** Months of the minimum term from the booking start; 0 = none. */
  minimumTermMonths: number;
  /** After the minimum term: 0 = runs on indefinitely, n = renews by n months at a time. */
  renewalMonths: number;
  notice: { amount: number; unit: NoticeUnit };
  anchor: EndAnchor;
};

export const terminationPresets = Object.freeze({
  immediate: Object.freeze({
    minimumTermMonths: 0,
    renewalMonths: 0,
    notice: Object.freeze({ amount: 0, unit: 'days' }),
    anchor: 'any_day',
  }),
  monthly: Object.freeze({
    minimumTermMonths: 0,
    renewalMonths: 0,
    notice: Object.freeze({ amount: 1, unit: 'months' }),
    anchor: 'month_end',
  }),
  yearly: Object.freeze({
    minimumTermMonths: 12,
    renewalMonths: 12,
    notice: Object.freeze({ amount: 3, unit: 'months' }),
    anchor: 'term_end',
  }),
} as const satisfies Record<string, TerminationRule>);

export type TerminationPresetName = keyof typeof terminationPresets;

export type ValidationIssue = { code: string; field: string; message: string };

/** Upper bounds: a term or notice beyond a century is a typo, not a contract. */
export const MAX_RULE_MONTHS = 1200;
export const MAX_NOTICE_DAYS = 36500;

function checkCount(issues: ValidationIssue[], value: unknown, field: string, max: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    issues.push({ code: 'not_a_number', field, message: `${field} must be a number` });
  } else if (!Number.isInteger(value)) {
    issues.push({ code: 'not_an_integer', field, message: `${field} must be a whole number` });
  } else if (value < 0) {
    issues.push({ code: 'negative', field, message: `${field} must not be negative` });
  } else if (value > max) {
    issues.push({ code: 'too_large', field, message: `${field} must be at most ${max}` });
  }
}

/**
 * Checks a termination rule and lists every problem (empty array = valid). Accepts untrusted input
 * (e.g. a parsed request body), so it never throws.
 */
export function validateTerminationRule(rule: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (typeof rule !== 'object' || rule === null) {
    return [{ code: 'not_an_object', field: '', message: 'a termination rule must be an object' }];
  }
  const r = rule as Record<string, unknown>;
  checkCount(issues, r.minimumTermMonths, 'minimumTermMonths', MAX_RULE_MONTHS);
  checkCount(issues, r.renewalMonths, 'renewalMonths', MAX_RULE_MONTHS);
  const notice = r.notice;
  if (typeof notice !== 'object' || notice === null) {
    issues.push({ code: 'required', field: 'notice', message: 'notice is required' });
  } else {
    const n = notice as Record<string, unknown>;
    if (n.unit !== 'days' && n.unit !== 'months') {
      issues.push({
        code: 'unknown_unit',
        field: 'notice.unit',
        message: "notice.unit must be 'days' or 'months'",
      });
      checkCount(issues, n.amount, 'notice.amount', MAX_NOTICE_DAYS);
    } else {
      checkCount(issues, n.amount, 'notice.amount', n.unit === 'days' ? MAX_NOTICE_DAYS : MAX_RULE_MONTHS);
    }
  }
  if (r.anchor !== 'any_day' && r.anchor !== 'month_end' && r.anchor !== 'term_end') {
    issues.push({
      code: 'unknown_anchor',
      field: 'anchor',
      message: "anchor must be 'any_day', 'month_end' or 'term_end'",
    });
  } else if (r.anchor === 'term_end' && r.minimumTermMonths === 0) {
    issues.push({
      code: 'term_end_requires_minimum_term',
      field: 'minimumTermMonths',
      message: "anchor 'term_end' needs a minimum term of at least one month",
    });
  }
  return issues;
}

/** Throws `invalid_rule` (with the issues in `details.issues`) unless the rule is valid. */
export function assertValidTerminationRule(rule: TerminationRule): void {
  const issues = validateTerminationRule(rule);
  if (issues.length > 0) {
    throw new DomainError(
      'invalid_rule',
      `invalid termination rule: ${issues.map((i) => i.message).join('; ')}`,
      {
        issues,
      },
    );
  }
}

function checkTermMonths(months: number): void {
  if (!Number.isInteger(months) || months < 1 || months > MAX_RULE_MONTHS) {
    throw new DomainError(
      'invalid_months',
      `term length must be a whole number of months 1…${MAX_RULE_MONTHS}`,
      {
        field: 'months',
        value: months,
      },
    );
  }
}

/** The k-th (k ≥ 1) end of a term of `months` months for a booking starting on `start` (§188 BGB). */
export function termEnd(start: IsoDate, months: number, k = 1): IsoDate {
  checkTermMonths(months);
  if (!Number.isInteger(k) || k < 1) {
    throw new DomainError('invalid_months', 'k must be a whole number ≥ 1', { field: 'k', value: k });
  }
  return formatDay(termEndDay(parseDay(start, 'start'), months, k));
}

/**
 * Lazily yields the term ends of a booking starting on `start`. Given a number T: the ends of
 * consecutive T-month terms. Given a rule: the end of the minimum term, then the end of each renewal
 * term (minimum + k·renewal months, always counted from the start); nothing more when renewalMonths
 * is 0. Infinite unless the rule stops renewing — take what you need.
 */
export function* termEnds(ruleOrMonths: TerminationRule | number, start: IsoDate): Generator<IsoDate> {
  const s = parseDay(start, 'start');
  if (typeof ruleOrMonths === 'number') {
    checkTermMonths(ruleOrMonths);
    for (let k = 1; ; k++) yield formatDay(termEndDay(s, ruleOrMonths, k));
  }
  const { minimumTermMonths: min, renewalMonths: ren } = ruleOrMonths;
  if (min > 0) yield formatDay(termEndDay(s, min, 1));
  if (ren > 0) {
    for (let k = 1; ; k++) yield formatDay(termEndDay(s, min + k * ren, 1));
  }
}

/** Internal: last day to cancel for end day `end`. */
export function lastDayToCancelDay(rule: TerminationRule, end: number): number {
  const { amount, unit } = rule.notice;
  return unit === 'days' ? end - amount : subtractMonthsPreservingMonthEndDay(end, amount);
}

/** End − notice: plain days, or months preserving the month end (31 Jul − 1 month = 30 Jun). */
export function lastDayToCancel(rule: TerminationRule, end: IsoDate): IsoDate {
  assertValidTerminationRule(rule);
  return formatDay(lastDayToCancelDay(rule, parseDay(end, 'end')));
}

/** Smallest end day E with lastDayToCancel(E) ≥ r (lastDayToCancel is non-decreasing in E). */
function earliestEndForNotice(rule: TerminationRule, r: number): number {
  const { amount, unit } = rule.notice;
  if (unit === 'days') return r + amount;
  let e = addMonthsDay(r, amount);
  while (lastDayToCancelDay(rule, e) < r) e++;
  while (e > r && lastDayToCancelDay(rule, e - 1) >= r) e--;
  return e;
}

/** Internal: earliest end day for a cancellation requested on day r. */
export function earliestEndDay(rule: TerminationRule, start: number, r: number): number {
  const min = rule.minimumTermMonths;
  const ren = rule.renewalMonths;
  // Never before the request, the booking start, or what the notice allows.
  let lower = earliestEndForNotice(rule, r);
  if (lower < r) lower = r;
  if (lower < start) lower = start;
  const minEnd = min > 0 ? termEndDay(start, min, 1) : -Infinity;
  const bound = Math.max(lower, minEnd);
  switch (rule.anchor) {
    case 'any_day':
      return bound;
    case 'month_end':
      return lastDayOfMonthOf(bound);
    case 'term_end': {
      if (minEnd >= lower) return minEnd;
      if (ren === 0) return bound;
      // Smallest k ≥ 1 with termEnd(start, min + k·ren) ≥ bound. A term of M months ends in the
      // month start + M, so M ≥ (months from start to bound) − 1: start the search there.
      const monthsToBound = monthIndexOf(bound) - monthIndexOf(start);
      let k = Math.max(1, Math.ceil((monthsToBound - 1 - min) / ren));
      while (termEndDay(start, min + k * ren, 1) < bound) k++;
      return termEndDay(start, min + k * ren, 1);
    }
  }
}

export type EndProposal = { end: IsoDate; lastDayToCancel: IsoDate };

/**
 * The earliest end for a cancellation requested on `requestedOn` (DOMAIN.md §4): the first candidate
 * end E (by the rule's anchor, not before the request, the booking start, or the end of the minimum
 * term) whose last day to cancel is on or after the request. Computed directly, not day by day.
 *
 * For a tariff change, pass the start of the current tariff period as `bookingStart`: a new tariff's
 * terms count from its own start.
 */
export function earliestEnd(rule: TerminationRule, bookingStart: IsoDate, requestedOn: IsoDate): EndProposal {
  assertValidTerminationRule(rule);
  const s = parseDay(bookingStart, 'bookingStart');
  const r = parseDay(requestedOn, 'requestedOn');
  const end = earliestEndDay(rule, s, r);
  return { end: formatDay(end), lastDayToCancel: formatDay(lastDayToCancelDay(rule, end)) };
}

export type ChosenEndProblem = {
  code: 'before_booking_start' | 'earlier_than_computed' | 'before_request' | 'not_on_anchor';
  severity: 'error' | 'warning';
  message: string;
};

export type ChosenEndCheck = {
  /** False when the date cannot be used at all (an error-severity problem). */
  allowed: boolean;
  problems: ChosenEndProblem[];
  /** True when the chosen end undercuts the notice rule: a manager needs a reason. */
  isEarlierThanComputed: boolean;
  computed: EndProposal;
};

/**
 * Checks an end date chosen by a manager against the computed one. Refused only before the booking
 * start; earlier than computed, before the request (retroactive) or off the anchor are warnings.
 */
export function checkChosenEnd(
  rule: TerminationRule,
  bookingStart: IsoDate,
  requestedOn: IsoDate,
  chosenEnd: IsoDate,
): ChosenEndCheck {
  const computed = earliestEnd(rule, bookingStart, requestedOn);
  const s = parseDay(bookingStart, 'bookingStart');
  const r = parseDay(requestedOn, 'requestedOn');
  const c = parseDay(chosenEnd, 'chosenEnd');
  const e = parseDay(computed.end);
  const problems: ChosenEndProblem[] = [];
  if (c < s) {
    problems.push({
      code: 'before_booking_start',
      severity: 'error',
      message: `the end ${chosenEnd} lies before the booking start ${bookingStart}`,
    });
  }
  if (c < e) {
    problems.push({
      code: 'earlier_than_computed',
      severity: 'warning',
      message: `the end ${chosenEnd} is earlier than the computed end ${computed.end}`,
    });
  }
  if (c < r && c >= s) {
    problems.push({
      code: 'before_request',
      severity: 'warning',
      message: `the end ${chosenEnd} lies before the request date ${requestedOn} (retroactive)`,
    });
  }
  if (c > e && c >= s && !isOnAnchor(rule, s, c)) {
    problems.push({
      code: 'not_on_anchor',
      severity: 'warning',
      message: `the end ${chosenEnd} is not one of the rule's regular end dates`,
    });
  }
  return {
    allowed: !problems.some((p) => p.severity === 'error'),
    problems,
    isEarlierThanComputed: c < e,
    computed,
  };
}

/** Whether day `d` is a candidate end by the rule's anchor (ignoring notice and request). */
function isOnAnchor(rule: TerminationRule, s: number, d: number): boolean {
  if (rule.anchor === 'any_day') return true;
  if (rule.anchor === 'month_end') return lastDayOfMonthOf(d) === d;
  const min = rule.minimumTermMonths;
  const ren = rule.renewalMonths;
  const minEnd = min > 0 ? termEndDay(s, min, 1) : s - 1;
  if (d === minEnd) return true;
  if (d < minEnd) return false;
  if (ren === 0) return true;
  const months = monthIndexOf(d) - monthIndexOf(s);
  for (let k = Math.max(1, Math.floor((months - 1 - min) / ren)); ; k++) {
    const t = termEndDay(s, min + k * ren, 1);
    if (t === d) return true;
    if (t > d) return false;
  }
}

export type TariffSwitchDates = {
  oldEnds: IsoDate;
  newStarts: IsoDate;
  /** The earliest end by the current tariff's rule (what the client gets without a chosen date). */
  computed: EndProposal;
  /** True when a chosen start makes the old tariff end before `computed.end` (a reason is needed). */
  isEarlierThanComputed: boolean;
};

/**
 * Dates of a change of tariff: the old tariff ends on the earliest end (or on the manager's chosen
 * new start − 1 day) and the new tariff starts the day after. `bookingStart` is the start of the
 * current tariff period. A chosen start on or before that start is refused (`end_before_start`).
 */
export function tariffSwitchDates(
  rule: TerminationRule,
  bookingStart: IsoDate,
  requestedOn: IsoDate,
  chosenStart?: IsoDate | null,
): TariffSwitchDates {
  const computed = earliestEnd(rule, bookingStart, requestedOn);
  if (chosenStart != null) {
    const s = parseDay(bookingStart, 'bookingStart');
    const c = parseDay(chosenStart, 'chosenStart');
    if (c <= s) {
      throw new DomainError(
        'end_before_start',
        `the new tariff must start after the current tariff's start ${bookingStart}`,
        { field: 'chosenStart', value: chosenStart },
      );
    }
    return {
      oldEnds: formatDay(c - 1),
      newStarts: chosenStart,
      computed,
      isEarlierThanComputed: c - 1 < parseDay(computed.end),
    };
  }
  return {
    oldEnds: computed.end,
    newStarts: formatDay(parseDay(computed.end) + 1),
    computed,
    isEarlierThanComputed: false,
  };
}
