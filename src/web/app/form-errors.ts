import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { type FieldErrors, isApiError, normalizeFieldName } from './api';
import { issueMessage } from './validation';

type Issue = z.core.$ZodIssue;

/** A translated message for an issue the generic messages say too little about, or undefined. */
export type CustomMessage = (issue: Issue, field: string) => string | undefined;

/**
 * Validates form values with a shared schema: translated messages keyed by the form's field path
 * (`fields.2.key`); `custom` words the issues a generic message would not explain (refinements, formats).
 */
export function schemaFieldErrors(
  schema: z.ZodType,
  values: unknown,
  t: TFunction,
  custom: CustomMessage = () => undefined,
): FieldErrors {
  const result = schema.safeParse(values);
  if (result.success) return {};
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path.map(String).join('.');
    if (!field || field in errors) continue;
    errors[field] = custom(issue, field) ?? issueMessage(issue, t);
  }
  return errors;
}

/**
 * Field messages of an API problem (`errors[]`), keyed by form field. A message whose code has a
 * translation under `${namespace}.${code}` (the namespace may depend on the field) is shown
 * translated, any other as the server wrote it.
 * `stripPrefix` removes a wrapper of the body (e.g. `item.` of an item update).
 */
export function problemFieldErrors(
  error: unknown,
  t: TFunction,
  options: { namespace: string | ((field: string) => string); stripPrefix?: string },
): FieldErrors {
  if (!isApiError(error)) return {};
  const out: FieldErrors = {};
  for (const entry of error.problem?.errors ?? []) {
    let field = normalizeFieldName(entry.field);
    if (options.stripPrefix && field.startsWith(options.stripPrefix))
      field = field.slice(options.stripPrefix.length);
    if (!field || field in out) continue;
    const namespace = typeof options.namespace === 'function' ? options.namespace(field) : options.namespace;
    const key = entry.code ? `${namespace}.${entry.code}` : '';
    out[field] = key ? t(key, { defaultValue: entry.message }) : entry.message;
  }
  return out;
}

/** Whether an error is a 409 for a version that is no longer current. */
export function isStaleVersion(error: unknown): boolean {
  return isApiError(error) && error.status === 409 && error.code === 'stale_version';
}
