import { describe, expect, it } from 'vitest';
import {
  consumerRuleIssues,
  optionsAtSwitch,
  optionTerminationEnd,
  planCancellation,
  planTariffSwitch,
  recurringAmounts,
} from './lifecycle';
import { terminationPresets } from './termination';

const { monthly, yearly, immediate } = terminationPresets;

describe('consumer tariffs (§309 Nr. 9 BGB)', () => {
  it('allows the limits and refuses beyond them', () => {
    expect(consumerRuleIssues(monthly)).toEqual([]);
    expect(consumerRuleIssues({ ...monthly, minimumTermMonths: 24, anchor: 'term_end' })).toEqual([]);
    expect(consumerRuleIssues({ ...monthly, notice: { amount: 28, unit: 'days' } })).toEqual([]);
    expect(consumerRuleIssues({ ...monthly, minimumTermMonths: 25 }).map((i) => i.code)).toEqual([
      'consumer_term_too_long',
    ]);
    expect(
      consumerRuleIssues({ ...monthly, notice: { amount: 3, unit: 'months' } }).map((i) => i.code),
    ).toEqual(['consumer_notice_too_long']);
    expect(consumerRuleIssues({ ...monthly, notice: { amount: 29, unit: 'days' } })).toHaveLength(1);
    expect(consumerRuleIssues(yearly).map((i) => i.field)).toEqual(['notice.amount', 'renewalMonths']);
  });
});

describe('plans', () => {
  it('a chosen end earlier than computed is a warning; before the period start it is not allowed', () => {
    const plan = planCancellation(monthly, '2024-01-10', '2024-06-01', '2024-06-15');
    expect(plan).toMatchObject({ end: '2024-06-15', isEarlierThanComputed: true, allowed: true });
    expect(plan.computed).toEqual({ end: '2024-07-31', lastDayToCancel: '2024-06-30' });
    expect(planCancellation(monthly, '2024-01-10', '2024-06-01', '2024-01-09').allowed).toBe(false);
  });

  it('a switch: the old tariff ends on the earliest end, the new one starts the day after with its own term', () => {
    expect(planTariffSwitch(monthly, yearly, '2024-01-10', '2024-06-01')).toMatchObject({
      oldEnds: '2024-07-31',
      newStarts: '2024-08-01',
      newMinimumTermEnds: '2025-07-31',
      problems: [],
    });
    const earlier = planTariffSwitch(monthly, immediate, '2024-01-10', '2024-06-01', '2024-06-15');
    expect(earlier).toMatchObject({
      oldEnds: '2024-06-14',
      newMinimumTermEnds: null,
      isEarlierThanComputed: true,
    });
    expect(earlier.problems.map((p) => p.code)).toEqual(['earlier_than_computed']);
  });

  it('options at a switch: offered ones continue, others end the day before, ended ones are left alone', () => {
    const options = [
      { option: 'a', title: { en: 'Extra line' }, startDate: '2024-02-01', endDate: null },
      { option: 'b', title: { en: 'Recording' }, startDate: '2024-02-01', endDate: '2024-12-31' },
      { option: 'c', title: { en: 'Old' }, startDate: '2024-02-01', endDate: '2024-03-31' },
    ];
    const result = optionsAtSwitch(options, [{ item: 'x', title: { en: ' extra LINE' } }], '2024-08-01');
    expect(result.ending).toEqual([{ option: 'b', endsOn: '2024-07-31' }]);
    expect(result.continuing).toEqual([
      { option: 'a', item: 'x', endsOn: '2024-07-31', continuesFrom: '2024-08-01', continuesUntil: null },
    ]);
    expect(() => optionsAtSwitch([{ ...options[0]!, startDate: '2024-08-01' }], [], '2024-08-01')).toThrow(
      /switch/,
    );
  });

  it('an option ends by its rule, never after the booking', () => {
    expect(optionTerminationEnd(monthly, '2024-03-05', '2024-03-05', null)).toMatchObject({
      end: '2024-04-30',
    });
    expect(optionTerminationEnd(monthly, '2024-03-05', '2024-03-05', '2024-03-31')).toMatchObject({
      end: '2024-03-31',
      cappedByBooking: true,
    });
  });

  it('recurring amounts per month and year, exact', () => {
    const r = recurringAmounts(
      [
        { unitPrice: '29.90', quantity: 1, billingMode: 'monthly_in_advance' },
        { unitPrice: '0.333333', quantity: 3, billingMode: 'monthly_in_arrears' },
        { unitPrice: '49', quantity: 1, billingMode: 'one_time' },
        { unitPrice: '299', quantity: 1, billingMode: 'yearly_in_advance' },
      ],
      'EUR',
    );
    expect(r.monthly.amountMinor).toBe(2990 + 100);
    expect(r.yearly.amountMinor).toBe(29900);
  });
});
