import { describe, expect, it } from 'vitest';
import {
  changedModuleDataKeys,
  missingRequiredFields,
  moduleDataSchema,
  validateModuleData,
} from './module-data';
import type { ModuleField } from './schemas/catalog';

const fields: ModuleField[] = [
  { key: 'greeting', label: { en: 'Greeting' }, type: 'text', required: true, clientEditable: true },
  { key: 'forward_to', label: { en: 'Forward to' }, type: 'phone', required: true, clientEditable: true },
  { key: 'notify', label: { en: 'Notify' }, type: 'email', required: false, clientEditable: true },
  { key: 'lines', label: { en: 'Lines' }, type: 'number', required: false, clientEditable: false },
  {
    key: 'plan',
    label: { en: 'Plan' },
    type: 'select',
    options: [
      { value: 'day', label: { en: 'Day' } },
      { value: 'night', label: { en: 'Night' } },
    ],
    required: false,
    clientEditable: false,
  },
  { key: 'vip', label: { en: 'VIP' }, type: 'boolean', required: false, clientEditable: false },
];

const valid = {
  greeting: 'Bakkerij Jansen',
  forward_to: '+31 20 123 4567',
  notify: 'jan@example.com',
  lines: 2,
  plan: 'night',
  vip: true,
};

describe('module data validation', () => {
  it('accepts values of every type', () => {
    expect(validateModuleData(fields, valid)).toEqual({ ok: true, data: valid });
  });

  it('optional fields may be missing, null or blank (stored as null)', () => {
    const r = validateModuleData(fields, { greeting: 'X', forward_to: '0201234567', notify: '  ' });
    expect(r).toEqual({ ok: true, data: { greeting: 'X', forward_to: '0201234567', notify: null } });
  });

  it('required fields need a value, also when blank or null', () => {
    const r = validateModuleData(fields, { greeting: '  ', forward_to: null });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.field, e.code]).sort()).toEqual([
      ['forward_to', 'required'],
      ['greeting', 'required'],
    ]);
    const missing = validateModuleData(fields, {});
    expect(missing.ok).toBe(false);
  });

  it('refuses wrong types with a field message per field', () => {
    const r = validateModuleData(fields, {
      ...valid,
      forward_to: 'call me',
      notify: 'not-an-email',
      lines: '2',
      plan: 'weekend',
      vip: 'yes',
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.field).sort()).toEqual(['forward_to', 'lines', 'notify', 'plan', 'vip']);
    expect(r.errors.find((e) => e.field === 'plan')?.message).toMatch(/day, night/);
  });

  it('refuses unknown keys', () => {
    const r = validateModuleData(fields, { ...valid, colour: 'red' });
    expect(r).toEqual({
      ok: false,
      errors: [{ field: 'colour', message: 'This module has no such field', code: 'unknown_field' }],
    });
  });

  it('partial: given keys are validated, required ones cannot be cleared, missing ones are fine', () => {
    expect(validateModuleData(fields, { notify: 'a@b.example' }, { partial: true }).ok).toBe(true);
    const cleared = validateModuleData(fields, { greeting: '' }, { partial: true });
    expect(cleared.ok).toBe(false);
    expect(moduleDataSchema(fields, { partial: true }).safeParse({ other: 1 }).success).toBe(false);
  });

  it('a module without fields accepts only an empty object', () => {
    expect(validateModuleData([], {}).ok).toBe(true);
    expect(validateModuleData([], { a: 1 }).ok).toBe(false);
  });

  it('finds changed keys and missing required fields', () => {
    expect(changedModuleDataKeys({ greeting: 'A', notify: null }, { greeting: 'A', notify: null })).toEqual(
      [],
    );
    expect(changedModuleDataKeys({ greeting: 'A' }, { greeting: 'B', lines: null })).toEqual(['greeting']);
    expect(missingRequiredFields(fields, { greeting: 'A' })).toEqual(['forward_to']);
  });
});
