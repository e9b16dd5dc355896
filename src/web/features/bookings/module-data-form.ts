import type { TFunction } from 'i18next';
import {
  changedModuleDataKeys,
  type ModuleDataValues,
  validateModuleData,
} from '../../../shared/module-data';
import type { ModuleField } from '../../../shared/schemas';
import type { FieldErrors } from '../../app/api';

/** What an input holds: text for every type except yes/no. */
export type ModuleDataFormValues = Record<string, string | boolean>;

/** Whether this user may change this field: staff every field, a client the client-editable ones. */
export function isFieldEditable(field: ModuleField, realm: 'client' | 'staff', canEdit: boolean): boolean {
  return canEdit && (realm === 'staff' || field.clientEditable);
}

export function toFormValues(fields: readonly ModuleField[], data: ModuleDataValues): ModuleDataFormValues {
  const out: ModuleDataFormValues = {};
  for (const field of fields) {
    const value = data[field.key];
    out[field.key] =
      field.type === 'boolean' ? value === true : value === null || value === undefined ? '' : String(value);
  }
  return out;
}

/** "12", "12.5" or "12,5" → a number; anything else stays text so validation names it. */
function parseNumber(text: string): number | string | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const normalized = trimmed.replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(normalized) ? Number(normalized) : trimmed;
}

/** The form's values as module data (typed per field; an empty input is "no value"). */
export function toModuleData(fields: readonly ModuleField[], values: ModuleDataFormValues): ModuleDataValues {
  const out: ModuleDataValues = {};
  for (const field of fields) {
    const value = values[field.key];
    if (field.type === 'boolean') out[field.key] = value === true;
    else if (typeof value !== 'string' || value.trim() === '') out[field.key] = null;
    else if (field.type === 'number') out[field.key] = parseNumber(value);
    else out[field.key] = value.trim();
  }
  return out;
}

/** The values to send: only fields this user may edit whose value changed. */
export function moduleDataChanges(
  fields: readonly ModuleField[],
  editable: (field: ModuleField) => boolean,
  current: ModuleDataValues,
  values: ModuleDataFormValues,
): ModuleDataValues {
  const editableFields = fields.filter(editable);
  const next = toModuleData(editableFields, values);
  const changes: ModuleDataValues = {};
  for (const key of changedModuleDataKeys(current, next)) {
    // An unset yes/no shows as an empty checkbox: leaving it so is no change.
    const isBoolean = editableFields.find((f) => f.key === key)?.type === 'boolean';
    if (isBoolean && (current[key] ?? null) === null && next[key] === false) continue;
    changes[key] = next[key] ?? null;
  }
  return changes;
}

const invalidKey: Record<ModuleField['type'], string> = {
  text: 'bookings.data.invalid.text',
  number: 'bookings.data.invalid.number',
  email: 'bookings.data.invalid.email',
  phone: 'bookings.data.invalid.phone',
  select: 'bookings.data.invalid.select',
  boolean: 'bookings.data.invalid.boolean',
};

/** Validates the changes with the shared module-data rules (as the server does), messages translated. */
export function validateModuleDataChanges(
  fields: readonly ModuleField[],
  changes: ModuleDataValues,
  t: TFunction,
): FieldErrors {
  const result = validateModuleData(fields, changes, { partial: true });
  if (result.ok) return {};
  const errors: FieldErrors = {};
  for (const error of result.errors) {
    if (error.field in errors) continue;
    const field = fields.find((f) => f.key === error.field);
    errors[error.field] =
      error.code === 'required'
        ? t('validation.required')
        : field
          ? t(invalidKey[field.type])
          : t('validation.invalid');
  }
  return errors;
}
