import { describe, expect, it } from 'vitest';
import { presetOfValues, presetRuleValues, ruleOf, ruleValuesOf } from './rule-form';

describe('termination rule form', () => {
  it('recognises each preset from its values', () => {
    for (const name of ['immediate', 'monthly', 'yearly'] as const)
      expect(presetOfValues(presetRuleValues(name))).toBe(name);
  });

  it('calls a changed preset custom', () => {
    const values = { ...presetRuleValues('monthly'), noticeAmount: 2 };
    expect(presetOfValues(values)).toBeNull();
    expect(ruleOf(values)).toEqual({
      minimumTermMonths: 0,
      renewalMonths: 0,
      notice: { amount: 2, unit: 'months' },
      anchor: 'month_end',
    });
  });

  it('has no rule while a number is empty, negative or fractional', () => {
    expect(ruleOf({ ...presetRuleValues('yearly'), minimumTermMonths: '' })).toBeNull();
    expect(ruleOf({ ...presetRuleValues('yearly'), renewalMonths: -1 })).toBeNull();
    expect(ruleOf({ ...presetRuleValues('yearly'), noticeAmount: 1.5 })).toBeNull();
    expect(presetOfValues({ ...presetRuleValues('yearly'), noticeAmount: '' })).toBeNull();
  });

  it('reads the numbers typed as text', () => {
    const values = {
      ...ruleValuesOf({
        minimumTermMonths: 0,
        renewalMonths: 0,
        notice: { amount: 0, unit: 'days' },
        anchor: 'any_day',
      }),
      minimumTermMonths: '24',
    };
    expect(ruleOf(values)?.minimumTermMonths).toBe(24);
  });
});

describe('rule messages', () => {
  it('land at the rule inputs of the form', async () => {
    const { mapRuleErrors } = await import('./rule-form');
    expect(
      mapRuleErrors({
        'terminationRule.notice.amount': 'a',
        'terminationRule.minimumTermMonths': 'b',
        'terminationRule.foo': 'c',
        vatRate: 'd',
      }),
    ).toEqual({ 'rule.noticeAmount': 'a', 'rule.minimumTermMonths': 'b', rule: 'c', vatRate: 'd' });
  });
});
