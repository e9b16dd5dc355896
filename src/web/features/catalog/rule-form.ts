import { type TerminationPresetName, terminationPresets } from '../../../domain';
import type { TerminationRuleInput } from '../../../shared/schemas';
import { terminationPresetOf } from '../../../shared/termination-text';

export const presetNames = ['immediate', 'monthly', 'yearly'] as const satisfies TerminationPresetName[];
export type PresetName = (typeof presetNames)[number];

/** A termination rule as the form holds it (number inputs are '' while empty). */
export type RuleValues = {
  minimumTermMonths: number | string;
  renewalMonths: number | string;
  noticeAmount: number | string;
  noticeUnit: TerminationRuleInput['notice']['unit'];
  anchor: TerminationRuleInput['anchor'];
};

export function ruleValuesOf(rule: TerminationRuleInput): RuleValues {
  return {
    minimumTermMonths: rule.minimumTermMonths,
    renewalMonths: rule.renewalMonths,
    noticeAmount: rule.notice.amount,
    noticeUnit: rule.notice.unit,
    anchor: rule.anchor,
  };
}

export function presetRuleValues(name: PresetName): RuleValues {
  const preset = terminationPresets[name];
  return ruleValuesOf({
    minimumTermMonths: preset.minimumTermMonths,
    renewalMonths: preset.renewalMonths,
    notice: { amount: preset.notice.amount, unit: preset.notice.unit },
    anchor: preset.anchor,
  });
}

const asCount = (value: number | string): number | null => {
  const n = typeof value === 'number' ? value : value.trim() === '' ? Number.NaN : Number(value);
  return Number.isInteger(n) && n >= 0 ? n : null;
};

/** The rule for the API, or null while a number is missing or not a whole number ≥ 0. */
export function ruleOf(values: RuleValues): TerminationRuleInput | null {
  const minimumTermMonths = asCount(values.minimumTermMonths);
  const renewalMonths = asCount(values.renewalMonths);
  const amount = asCount(values.noticeAmount);
  if (minimumTermMonths === null || renewalMonths === null || amount === null) return null;
  return {
    minimumTermMonths,
    renewalMonths,
    notice: { amount, unit: values.noticeUnit },
    anchor: values.anchor,
  };
}

/** The preset the values equal, or null for a custom (or incomplete) rule. */
export function presetOfValues(values: RuleValues): PresetName | null {
  const rule = ruleOf(values);
  return rule ? terminationPresetOf(rule) : null;
}

/** The request body's rule: the numbers as entered, so that the schema names a missing one. */
export function ruleBodyOf(values: RuleValues): TerminationRuleInput {
  return (
    ruleOf(values) ?? {
      minimumTermMonths: values.minimumTermMonths as number,
      renewalMonths: values.renewalMonths as number,
      notice: { amount: values.noticeAmount as number, unit: values.noticeUnit },
      anchor: values.anchor,
    }
  );
}

const ruleFieldPaths: Record<string, keyof RuleValues> = {
  minimumTermMonths: 'minimumTermMonths',
  renewalMonths: 'renewalMonths',
  notice: 'noticeAmount',
  'notice.amount': 'noticeAmount',
  'notice.unit': 'noticeUnit',
  anchor: 'anchor',
};

/**
 * Moves messages about a rule (`terminationRule.notice.amount`, as the API and the schema name
 * them) to the form's rule inputs (`rule.noticeAmount`). Other messages keep their field.
 */
export function mapRuleErrors(
  errors: Record<string, string>,
  from = 'terminationRule',
  to = 'rule',
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors)) {
    let target = field;
    if (field === from) target = to;
    else if (field.startsWith(`${from}.`)) {
      const inner = ruleFieldPaths[field.slice(from.length + 1)];
      target = inner ? `${to}.${inner}` : to;
    }
    if (!(target in out)) out[target] = message;
  }
  return out;
}
