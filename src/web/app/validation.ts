import type { TFunction } from 'i18next';
import type { z } from 'zod';
import type { FieldErrors } from './api';

type Issue = z.core.$ZodIssue;

/** A translated message for one zod issue (the shared schemas' own messages are English). */
export function issueMessage(issue: Issue, t: TFunction): string {
  switch (issue.code) {
    case 'invalid_format':
      return issue.format === 'email' ? t('validation.email') : t('validation.invalid');
    case 'too_small':
      return Number(issue.minimum) <= 1
        ? t('validation.required')
        : t('validation.minLength', { count: Number(issue.minimum) });
    case 'too_big':
      return t('validation.maxLength', { count: Number(issue.maximum) });
    case 'invalid_type':
      return t('validation.required');
    default:
      return t('validation.invalid');
  }
}

/** Validates form values with a shared schema and returns translated messages keyed by field. */
export function zodFieldErrors(schema: z.ZodType, values: unknown, t: TFunction): FieldErrors {
  const result = schema.safeParse(values);
  if (result.success) return {};
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path.map(String).join('.');
    if (field && !(field in errors)) errors[field] = issueMessage(issue, t);
  }
  return errors;
}

/** The translated message of the first issue of a single value, or null when it is valid. */
export function zodMessage(schema: z.ZodType, value: unknown, t: TFunction): string | null {
  const result = schema.safeParse(value);
  const issue = result.success ? undefined : result.error.issues[0];
  return issue ? issueMessage(issue, t) : null;
}
