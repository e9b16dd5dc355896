import type { IsoDate } from './calendar';
import { addDays, minDate } from './calendar';
import { DomainError } from './errors';
import { type Money, multiplyPrice, parseQuantity, parseUnitPrice, sumMoney } from './money';
import {
  type ChosenEndProblem,
  checkChosenEnd,
  type EndProposal,
  earliestEnd,
  type TariffSwitchDates,
  type TerminationRule,
  tariffSwitchDates,
  termEnd,
  type ValidationIssue,
} from './termination';

/**
 * The life of a booking after its order (DOMAIN.md §3 "Per module booking", §4): cancellation,
 * change of tariff, additional options. Pure: the caller passes "today" and the stored dates.
 */

/** Longest minimum term a consumer may be bound to (§309 Nr. 9 a BGB). */
export const CONSUMER_MAX_MINIMUM_TERM_MONTHS = 24;
/** Longest notice for a consumer (§309 Nr. 9 c BGB: one month); in days, a month is never shorter than 28. */
export const CONSUMER_MAX_NOTICE = { months: 1, days: 28 } as const;

/**
 * Problems of a termination rule for a tariff that consumers may order (§309 Nr. 9 BGB): at most
 * 24 months of minimum term, at most one month of notice, and after the minimum term the contract
 * runs on indefinitely (no renewal by fixed terms). Empty when the rule is allowed.
 */
export function consumerRuleIssues(rule: TerminationRule): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (rule.minimumTermMonths > CONSUMER_MAX_MINIMUM_TERM_MONTHS)
    issues.push({
      code: 'consumer_term_too_long',
      field: 'minimumTermMonths',
      message: `a tariff consumers may order has a minimum term of at most ${CONSUMER_MAX_MINIMUM_TERM_MONTHS} months; mark it business-only or shorten the term`,
    });
  const { amount, unit } = rule.notice;
  if (
    (unit === 'months' && amount > CONSUMER_MAX_NOTICE.months) ||
    (unit === 'days' && amount > CONSUMER_MAX_NOTICE.days)
  )
    issues.push({
      code: 'consumer_notice_too_long',
      field: 'notice.amount',
      message: 'a tariff consumers may order has a notice of at most one month (or 28 days)',
    });
  if (rule.renewalMonths !== 0)
    issues.push({
      code: 'consumer_renewal_not_allowed',
      field: 'renewalMonths',
      message:
        'a tariff consumers may order runs on indefinitely after its minimum term (renewal 0); fixed renewal terms are for business clients only',
    });
  return issues;
}

/** The end of the minimum term of a period starting on `start`, or null when the rule has none. */
export function minimumTermEnd(rule: TerminationRule, start: IsoDate): IsoDate | null {
  return rule.minimumTermMonths > 0 ? termEnd(start, rule.minimumTermMonths) : null;
}

export type CancellationPlan = {
  /** What the notice rule gives for a cancellation received today. */
  computed: EndProposal;
  /** The end that would be stored: the chosen one, else the computed one. */
  end: IsoDate;
  isChosen: boolean;
  isEarlierThanComputed: boolean;
  /** Warnings (and, with allowed false, the reason it cannot be used). */
  problems: ChosenEndProblem[];
  allowed: boolean;
};

/**
 * A cancellation requested on `today`: the earliest end by the rule of the current tariff period
 * (its terms count from `periodStart`), or a chosen end checked against it. A chosen end before
 * the current tariff period's start is not allowed (a booking cannot end before what it already had).
 */
export function planCancellation(
  rule: TerminationRule,
  periodStart: IsoDate,
  today: IsoDate,
  chosenEnd?: IsoDate | null,
): CancellationPlan {
  if (chosenEnd == null) {
    const computed = earliestEnd(rule, periodStart, today);
    return {
      computed,
      end: computed.end,
      isChosen: false,
      isEarlierThanComputed: false,
      problems: [],
      allowed: true,
    };
  }
  const check = checkChosenEnd(rule, periodStart, today, chosenEnd);
  return {
    computed: check.computed,
    end: chosenEnd,
    isChosen: true,
    isEarlierThanComputed: check.isEarlierThanComputed,
    problems: check.problems,
    allowed: check.allowed,
  };
}

/**
 * The end written by *Terminate with notice* for an additional option: the option's own rule, else
 * the tariff's, counted from the option's start; never after the booking's end.
 */
export function optionTerminationEnd(
  rule: TerminationRule,
  optionStart: IsoDate,
  today: IsoDate,
  bookingEnd: IsoDate | null,
): EndProposal & { cappedByBooking: boolean } {
  const computed = earliestEnd(rule, optionStart, today);
  if (bookingEnd !== null && computed.end > bookingEnd)
    return { end: bookingEnd, lastDayToCancel: computed.lastDayToCancel, cappedByBooking: true };
  return { ...computed, cappedByBooking: false };
}

/** An option as the switch sees it. */
export type OptionAtSwitch<O> = {
  option: O;
  title: Record<string, string | undefined>;
  startDate: IsoDate;
  endDate: IsoDate | null;
};
/** An additional-option item of the new tariff. */
export type OfferedOption<I> = { item: I; title: Record<string, string | undefined> };

function sameTitle(a: Record<string, string | undefined>, b: Record<string, string | undefined>): boolean {
  const norm = (t: Record<string, string | undefined>) =>
    ['nl', 'de', 'en'].map((l) => (t[l] ?? '').trim().toLowerCase()).join('\u0000');
  return norm(a) === norm(b);
}

export type SwitchOptions<O, I> = {
  /** Options that end the day before the switch because the new tariff does not offer them. */
  ending: { option: O; endsOn: IsoDate }[];
  /** Options the new tariff offers (an additional option of the same title): they end on the old tariff and continue on the new item. */
  continuing: {
    option: O;
    item: I;
    endsOn: IsoDate;
    continuesFrom: IsoDate;
    continuesUntil: IsoDate | null;
  }[];
};

/**
 * What happens to the booking's options at a change of tariff on `switchDate`: options still
 * running on the switch date end the day before; those the new tariff offers too (same title)
 * continue on its item from the switch date, with their end (if any) kept. Options that start on
 * or after the switch date are not possible (they belong to the old tariff): they are refused.
 */
export function optionsAtSwitch<O, I>(
  options: readonly OptionAtSwitch<O>[],
  offered: readonly OfferedOption<I>[],
  switchDate: IsoDate,
): SwitchOptions<O, I> {
  const dayBefore = addDays(switchDate, -1);
  const out: SwitchOptions<O, I> = { ending: [], continuing: [] };
  for (const o of options) {
    if (o.endDate !== null && o.endDate < switchDate) continue;
    if (o.startDate >= switchDate)
      throw new DomainError(
        'option_after_switch',
        `an option starting on ${o.startDate} belongs to the old tariff but starts on or after the switch ${switchDate}`,
        { field: 'switchDate', value: switchDate },
      );
    const match = offered.find((item) => sameTitle(item.title, o.title));
    if (match)
      out.continuing.push({
        option: o.option,
        item: match.item,
        endsOn: dayBefore,
        continuesFrom: switchDate,
        continuesUntil: o.endDate,
      });
    else out.ending.push({ option: o.option, endsOn: dayBefore });
  }
  return out;
}

export type SwitchPlan = TariffSwitchDates & {
  newMinimumTermEnds: IsoDate | null;
  problems: ChosenEndProblem[];
};

/**
 * Dates of a change of tariff requested on `today` (DOMAIN.md §4 "Change of tariff"), with the
 * new tariff's minimum term counted from its own start. A chosen start is checked like a chosen
 * end (the old tariff's last day is the chosen start − 1): earlier than computed is a warning.
 */
export function planTariffSwitch(
  oldRule: TerminationRule,
  newRule: TerminationRule,
  periodStart: IsoDate,
  today: IsoDate,
  chosenStart?: IsoDate | null,
): SwitchPlan {
  const dates = tariffSwitchDates(oldRule, periodStart, today, chosenStart);
  const problems: ChosenEndProblem[] = [];
  if (dates.isEarlierThanComputed)
    problems.push({
      code: 'earlier_than_computed',
      severity: 'warning',
      message: `the old tariff would end on ${dates.oldEnds}, earlier than the computed ${dates.computed.end}`,
    });
  if (chosenStart != null && dates.oldEnds < today)
    problems.push({
      code: 'before_request',
      severity: 'warning',
      message: `the switch on ${chosenStart} lies in the past (retroactive)`,
    });
  return { ...dates, newMinimumTermEnds: minimumTermEnd(newRule, dates.newStarts), problems };
}

export type RecurringLine = {
  unitPrice: string;
  quantity: number;
  billingMode: 'one_time' | 'monthly_in_arrears' | 'monthly_in_advance' | 'yearly_in_advance';
};

/** Net recurring amounts of a set of lines: per month and per year (one-time lines are left out). */
export function recurringAmounts(
  lines: readonly RecurringLine[],
  currency: string,
): { monthly: Money; yearly: Money } {
  const amount = (l: RecurringLine) =>
    multiplyPrice(parseUnitPrice(l.unitPrice), parseQuantity(l.quantity), currency);
  return {
    monthly: sumMoney(
      lines
        .filter((l) => l.billingMode === 'monthly_in_advance' || l.billingMode === 'monthly_in_arrears')
        .map(amount),
      currency,
    ),
    yearly: sumMoney(lines.filter((l) => l.billingMode === 'yearly_in_advance').map(amount), currency),
  };
}

/** A date range check: whether [start, end] (end null = open) lies within [outerStart, outerEnd]. */
export function liesWithin(
  start: IsoDate,
  end: IsoDate | null,
  outerStart: IsoDate,
  outerEnd: IsoDate | null,
): boolean {
  if (start < outerStart) return false;
  if (outerEnd === null) return true;
  return start <= outerEnd && end !== null && end <= outerEnd;
}

/** The earlier of an option's own end and the booking's end (null = open). */
export function cappedEnd(end: IsoDate | null, bookingEnd: IsoDate): IsoDate {
  return end === null ? bookingEnd : minDate(end, bookingEnd);
}
