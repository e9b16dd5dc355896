/**
 * A termination rule (DOMAIN.md §4) in words, in each portal language: shown beside the tariff
 * form, on the order page and on the contract page. Pure; the server and the web use the same text.
 */
import { type TerminationPresetName, type TerminationRule, terminationPresets } from '../domain';
import type { Locale } from './locales';

type Words = {
  months(n: number): string;
  days(n: number): string;
  minimumTerm(months: string): string;
  noMinimumTerm: string;
  renewsBy(months: string): string;
  runsOnIndefinitely: string;
  /** "3 months notice to …" */
  notice(period: string, to: string): string;
  /** "no notice, ends …" */
  noNotice(on: string): string;
  to: Record<'any_day' | 'month_end' | 'term_end' | 'minimum_term_end', string>;
  on: Record<'any_day' | 'month_end' | 'term_end' | 'minimum_term_end', string>;
};

const words: Record<Locale, Words> = {
  en: {
    months: (n) => `${n} ${n === 1 ? 'month' : 'months'}`,
    days: (n) => `${n} ${n === 1 ? 'day' : 'days'}`,
    minimumTerm: (m) => `Minimum term ${m}`,
    noMinimumTerm: 'No minimum term',
    renewsBy: (m) => `renews by ${m}`,
    runsOnIndefinitely: 'then runs on indefinitely',
    notice: (p, to) => `${p} notice to ${to}`,
    noNotice: (on) => `no notice, ends ${on}`,
    to: {
      any_day: 'any day',
      month_end: 'the end of a month',
      term_end: 'the end of a term',
      minimum_term_end: 'the end of the minimum term or any day after it',
    },
    on: {
      any_day: 'on any day',
      month_end: 'at the end of a month',
      term_end: 'at the end of a term',
      minimum_term_end: 'at the end of the minimum term or on any day after it',
    },
  },
  de: {
    months: (n) => `${n} ${n === 1 ? 'Monat' : 'Monate'}`,
    days: (n) => `${n} ${n === 1 ? 'Tag' : 'Tage'}`,
    minimumTerm: (m) => `Mindestlaufzeit ${m}`,
    noMinimumTerm: 'Keine Mindestlaufzeit',
    renewsBy: (m) => `verlängert sich um jeweils ${m}`,
    runsOnIndefinitely: 'danach unbefristet',
    notice: (p, to) => `Kündigungsfrist ${p} ${to}`,
    noNotice: (on) => `keine Kündigungsfrist, Ende ${on}`,
    to: {
      any_day: 'zu jedem Tag',
      month_end: 'zum Monatsende',
      term_end: 'zum Ende einer Laufzeit',
      minimum_term_end: 'zum Ende der Mindestlaufzeit oder zu jedem späteren Tag',
    },
    on: {
      any_day: 'an jedem Tag',
      month_end: 'zum Monatsende',
      term_end: 'zum Ende einer Laufzeit',
      minimum_term_end: 'zum Ende der Mindestlaufzeit oder an jedem späteren Tag',
    },
  },
  nl: {
    months: (n) => `${n} ${n === 1 ? 'maand' : 'maanden'}`,
    days: (n) => `${n} ${n === 1 ? 'dag' : 'dagen'}`,
    minimumTerm: (m) => `Minimale looptijd ${m}`,
    noMinimumTerm: 'Geen minimale looptijd',
    renewsBy: (m) => `wordt telkens met ${m} verlengd`,
    runsOnIndefinitely: 'daarna voor onbepaalde tijd',
    notice: (p, to) => `opzegtermijn ${p} tegen ${to}`,
    noNotice: (on) => `geen opzegtermijn, eindigt ${on}`,
    to: {
      any_day: 'elke dag',
      month_end: 'het einde van een maand',
      term_end: 'het einde van een termijn',
      minimum_term_end: 'het einde van de minimale looptijd of elke dag daarna',
    },
    on: {
      any_day: 'op elke dag',
      month_end: 'aan het einde van een maand',
      term_end: 'aan het einde van een termijn',
      minimum_term_end: 'aan het einde van de minimale looptijd of op elke dag daarna',
    },
  },
};

/**
 * The rule in one sentence, e.g. "Minimum term 12 months, renews by 12 months, 3 months notice to
 * the end of a term". Renewal is mentioned only for the term-end anchor (the only one it affects).
 * Meant for valid rules (validateTerminationRule); an invalid one is described as it reads.
 */
export function describeTerminationRule(rule: TerminationRule, lang: Locale): string {
  const w = words[lang];
  const parts: string[] = [];
  parts.push(rule.minimumTermMonths > 0 ? w.minimumTerm(w.months(rule.minimumTermMonths)) : w.noMinimumTerm);
  let anchor: keyof Words['to'] = rule.anchor;
  if (rule.anchor === 'term_end') {
    if (rule.renewalMonths > 0) parts.push(w.renewsBy(w.months(rule.renewalMonths)));
    else {
      parts.push(w.runsOnIndefinitely);
      anchor = 'minimum_term_end';
    }
  }
  const { amount, unit } = rule.notice;
  if (amount === 0) parts.push(w.noNotice(w.on[anchor]));
  else parts.push(w.notice(unit === 'months' ? w.months(amount) : w.days(amount), w.to[anchor]));
  return parts.join(', ');
}

/** The sentence in every portal language. */
export function describeTerminationRuleInAll(rule: TerminationRule): Record<Locale, string> {
  return {
    nl: describeTerminationRule(rule, 'nl'),
    de: describeTerminationRule(rule, 'de'),
    en: describeTerminationRule(rule, 'en'),
  };
}

/** The preset a rule equals (immediate, monthly, yearly), or null for a custom rule. */
export function terminationPresetOf(rule: TerminationRule): TerminationPresetName | null {
  for (const [name, preset] of Object.entries(terminationPresets) as [
    TerminationPresetName,
    TerminationRule,
  ][]) {
    if (
      preset.minimumTermMonths === rule.minimumTermMonths &&
      preset.renewalMonths === rule.renewalMonths &&
      preset.notice.amount === rule.notice.amount &&
      preset.notice.unit === rule.notice.unit &&
      preset.anchor === rule.anchor
    )
      return name;
  }
  return null;
}
