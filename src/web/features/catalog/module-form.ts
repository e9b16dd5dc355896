import type { ModuleDto, ModuleField } from '../../../shared/schemas';
import {
  emptyLocalized,
  fromLocalizedValues,
  type LocalizedValues,
  toLocalizedValues,
} from '../../components/localized-values';
import type { ModuleInput } from './catalog.api';

export type FieldType = ModuleField['type'];

export type OptionValues = { uid: string; value: string; label: LocalizedValues };

export type FieldValues = {
  /** Stable React key of the row (field keys change while typing). */
  uid: string;
  key: string;
  label: LocalizedValues;
  type: FieldType;
  options: OptionValues[];
  required: boolean;
  clientEditable: boolean;
};

export type ModuleFormValues = {
  name: LocalizedValues;
  description: LocalizedValues;
  status: 'active' | 'retired';
  fields: FieldValues[];
};

let nextUid = 0;
const uid = (prefix: string) => `${prefix}-${++nextUid}`;

export function emptyOption(): OptionValues {
  return { uid: uid('option'), value: '', label: emptyLocalized() };
}

export function emptyField(): FieldValues {
  return {
    uid: uid('field'),
    key: '',
    label: emptyLocalized(),
    type: 'text',
    options: [],
    required: false,
    clientEditable: true,
  };
}

export function moduleFormValues(module: ModuleDto | null): ModuleFormValues {
  if (!module) return { name: emptyLocalized(), description: emptyLocalized(), status: 'active', fields: [] };
  return {
    name: toLocalizedValues(module.name),
    description: toLocalizedValues(module.description),
    status: module.status,
    fields: module.fields.map((field) => ({
      uid: uid('field'),
      key: field.key,
      label: toLocalizedValues(field.label),
      type: field.type,
      options: (field.options ?? []).map((option) => ({
        uid: uid('option'),
        value: option.value,
        label: toLocalizedValues(option.label),
      })),
      required: field.required,
      clientEditable: field.clientEditable,
    })),
  };
}

/** The request body: trimmed texts, empty languages omitted, options only on select fields. */
export function moduleBodyOf(values: ModuleFormValues): ModuleInput {
  return {
    name: fromLocalizedValues(values.name),
    description: fromLocalizedValues(values.description),
    status: values.status,
    fields: values.fields.map((field) => ({
      key: field.key.trim(),
      label: fromLocalizedValues(field.label),
      type: field.type,
      ...(field.type === 'select'
        ? {
            options: field.options.map((option) => ({
              value: option.value.trim(),
              label: fromLocalizedValues(option.label),
            })),
          }
        : {}),
      required: field.required,
      clientEditable: field.clientEditable,
    })),
  };
}

/** Moves the row at `from` by `delta` places; out-of-range moves change nothing. */
export function moveRow<T>(rows: readonly T[], from: number, delta: number): T[] {
  const to = from + delta;
  if (from < 0 || from >= rows.length || to < 0 || to >= rows.length) return [...rows];
  const next = [...rows];
  const [row] = next.splice(from, 1);
  next.splice(to, 0, row as T);
  return next;
}

/** Changes a field's type; a select field starts with one empty option, other types have none. */
export function withType(field: FieldValues, type: FieldType): FieldValues {
  if (type === 'select')
    return { ...field, type, options: field.options.length ? field.options : [emptyOption()] };
  return { ...field, type };
}
