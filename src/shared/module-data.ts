import { z } from 'zod';
import type { ModuleField } from './schemas/catalog';

/** A value of one module field as stored on a booking. */
export type ModuleDataValue = string | number | boolean | null;
export type ModuleDataValues = Record<string, ModuleDataValue>;

export type ModuleDataError = { field: string; message: string; code: string };

const PHONE = /^\+?[0-9 ()/-]{6,30}$/;

/** An empty string means "no value": optional fields store null. */
const blankToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);

function valueSchema(field: ModuleField): z.ZodType<ModuleDataValue> {
  switch (field.type) {
    case 'text':
      return z.string().trim().max(2000, 'Use at most 2000 characters');
    case 'number':
      return z.number({ message: 'Enter a number' }).finite();
    case 'email':
      return z
        .string()
        .trim()
        .pipe(z.email({ message: 'Enter an e-mail address such as name@example.com' }));
    case 'phone':
      return z.string().trim().regex(PHONE, 'Use a phone number such as +31 20 123 4567');
    case 'select': {
      const values = (field.options ?? []).map((o) => o.value);
      return z.string().refine((v) => values.includes(v), { message: `Choose one of: ${values.join(', ')}` });
    }
    case 'boolean':
      return z.boolean({ message: 'Choose yes or no' });
  }
}

/**
 * The zod schema for a booking's module data, built from the module's field definitions: one key
 * per field, typed by the field's type; unknown keys are refused. Required fields need a value
 * (not null, not blank). With `partial`, keys may be left out (a change of some fields), but a
 * required field that is given still needs a value.
 */
export function moduleDataSchema(
  fields: readonly ModuleField[],
  opts: { partial?: boolean } = {},
): z.ZodType<ModuleDataValues> {
  const shape: Record<string, z.ZodType> = {};
  for (const field of fields) {
    const base = valueSchema(field);
    const value = field.required
      ? z.preprocess(
          blankToNull,
          base.nullable().refine((v) => v !== null, { message: 'This field is required' }),
        )
      : z.preprocess(blankToNull, base.nullable());
    shape[field.key] = opts.partial || !field.required ? value.optional() : value;
  }
  return z.strictObject(shape) as unknown as z.ZodType<ModuleDataValues>;
}

/** Validates module data against the field definitions; field messages name the field's key. */
export function validateModuleData(
  fields: readonly ModuleField[],
  values: unknown,
  opts: { partial?: boolean } = {},
): { ok: true; data: ModuleDataValues } | { ok: false; errors: ModuleDataError[] } {
  const result = moduleDataSchema(fields, opts).safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const errors: ModuleDataError[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        errors.push({ field: key, message: 'This module has no such field', code: 'unknown_field' });
      continue;
    }
    const key = issue.path.map(String).join('.') || '(root)';
    errors.push({
      field: key,
      message: issue.message,
      code: issue.message === 'This field is required' ? 'required' : 'invalid',
    });
  }
  return { ok: false, errors };
}

/** Keys whose value would change (a missing key counts as null). */
export function changedModuleDataKeys(current: ModuleDataValues, next: ModuleDataValues): string[] {
  return Object.keys(next).filter((k) => (current[k] ?? null) !== (next[k] ?? null));
}

/** The required fields that still have no value (shown as "to fill in"). */
export function missingRequiredFields(fields: readonly ModuleField[], data: ModuleDataValues): string[] {
  return fields
    .filter((f) => f.required && (data[f.key] === undefined || data[f.key] === null || data[f.key] === ''))
    .map((f) => f.key);
}
