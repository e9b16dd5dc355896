import { describe, expect, it } from 'vitest';
import { type TerminationRule, terminationPresets } from '../domain';
import {
  describeTerminationRule,
  describeTerminationRuleInAll,
  terminationPresetOf,
} from './termination-text';

const rule = (over: Partial<TerminationRule>): TerminationRule => ({
  ...terminationPresets.monthly,
  ...over,
});

describe('termination rule in words', () => {
  it('describes the three presets in every language', () => {
    expect(describeTerminationRuleInAll(terminationPresets.yearly)).toEqual({
      en: 'Minimum term 12 months, renews by 12 months, 3 months notice to the end of a term',
      de: 'Mindestlaufzeit 12 Monate, verlängert sich um jeweils 12 Monate, Kündigungsfrist 3 Monate zum Ende einer Laufzeit',
      nl: 'Minimale looptijd 12 maanden, wordt telkens met 12 maanden verlengd, opzegtermijn 3 maanden tegen het einde van een termijn',
    });
    expect(describeTerminationRuleInAll(terminationPresets.monthly)).toEqual({
      en: 'No minimum term, 1 month notice to the end of a month',
      de: 'Keine Mindestlaufzeit, Kündigungsfrist 1 Monat zum Monatsende',
      nl: 'Geen minimale looptijd, opzegtermijn 1 maand tegen het einde van een maand',
    });
    expect(describeTerminationRuleInAll(terminationPresets.immediate)).toEqual({
      en: 'No minimum term, no notice, ends on any day',
      de: 'Keine Mindestlaufzeit, keine Kündigungsfrist, Ende an jedem Tag',
      nl: 'Geen minimale looptijd, geen opzegtermijn, eindigt op elke dag',
    });
  });

  it('uses singular and plural for days and months', () => {
    expect(
      describeTerminationRule(rule({ notice: { amount: 1, unit: 'days' }, anchor: 'any_day' }), 'en'),
    ).toBe('No minimum term, 1 day notice to any day');
    expect(
      describeTerminationRule(rule({ notice: { amount: 14, unit: 'days' }, anchor: 'any_day' }), 'de'),
    ).toBe('Keine Mindestlaufzeit, Kündigungsfrist 14 Tage zu jedem Tag');
    expect(describeTerminationRule(rule({ minimumTermMonths: 1, anchor: 'month_end' }), 'nl')).toBe(
      'Minimale looptijd 1 maand, opzegtermijn 1 maand tegen het einde van een maand',
    );
  });

  it('says that a contract without renewal runs on after its minimum term', () => {
    const r = rule({ minimumTermMonths: 24, renewalMonths: 0, anchor: 'term_end' });
    expect(describeTerminationRule(r, 'en')).toBe(
      'Minimum term 24 months, then runs on indefinitely, 1 month notice to the end of the minimum term or any day after it',
    );
    expect(describeTerminationRule({ ...r, notice: { amount: 0, unit: 'days' } }, 'de')).toBe(
      'Mindestlaufzeit 24 Monate, danach unbefristet, keine Kündigungsfrist, Ende zum Ende der Mindestlaufzeit oder an jedem späteren Tag',
    );
  });

  it('mentions renewal only where it matters (term-end anchor)', () => {
    const r = rule({ minimumTermMonths: 12, renewalMonths: 12, anchor: 'month_end' });
    expect(describeTerminationRule(r, 'en')).toBe(
      'Minimum term 12 months, 1 month notice to the end of a month',
    );
  });

  it('recognizes the presets and nothing else', () => {
    expect(terminationPresetOf({ ...terminationPresets.yearly, notice: { amount: 3, unit: 'months' } })).toBe(
      'yearly',
    );
    expect(terminationPresetOf(terminationPresets.monthly)).toBe('monthly');
    expect(terminationPresetOf(terminationPresets.immediate)).toBe('immediate');
    expect(terminationPresetOf(rule({ notice: { amount: 1, unit: 'days' } }))).toBeNull();
    expect(terminationPresetOf({ ...terminationPresets.yearly, renewalMonths: 1 })).toBeNull();
  });
});
