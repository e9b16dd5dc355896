// @vitest-environment jsdom
import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { bookingState, type ModuleField } from '../../../shared/schemas';
import en from '../../i18n/en.json';
import { bookingStateBadge, sortBookings } from './booking-state';
import {
  isFieldEditable,
  moduleDataChanges,
  toFormValues,
  toModuleData,
  validateModuleDataChanges,
} from './module-data-form';

const t = ((key: string) => key) as unknown as TFunction;

const fields: ModuleField[] = [
  { key: 'greeting', label: { en: 'Greeting' }, type: 'text', required: true, clientEditable: true },
  { key: 'forward_to', label: { en: 'Forward to' }, type: 'phone', required: false, clientEditable: true },
  { key: 'line_count', label: { en: 'Lines' }, type: 'number', required: false, clientEditable: false },
  { key: 'notify', label: { en: 'Notify' }, type: 'email', required: false, clientEditable: true },
  {
    key: 'hours',
    label: { en: 'Hours' },
    type: 'select',
    options: [
      { value: 'office', label: { en: 'Office' } },
      { value: 'always', label: { en: '24/7' } },
    ],
    required: false,
    clientEditable: true,
  },
  { key: 'weekend', label: { en: 'Weekend' }, type: 'boolean', required: false, clientEditable: false },
];

describe('booking state badge', () => {
  it('has a colour and an English text for every state the server names', () => {
    for (const state of bookingState.options) {
      const badge = bookingStateBadge[state];
      expect(badge.color).toBeTruthy();
      const [, group, key] = badge.labelKey.split('.');
      expect((en.bookings as unknown as Record<string, Record<string, string>>)[group!]?.[key!]).toBeTruthy();
    }
    expect(bookingStateBadge.active.color).not.toBe(bookingStateBadge.ended.color);
  });

  it('lists current bookings first, newest start first within a state', () => {
    const sorted = sortBookings([
      { id: 'a', state: 'ended', startDate: '2025-01-01' },
      { id: 'b', state: 'active', startDate: '2024-01-01' },
      { id: 'c', state: 'terminated', startDate: '2026-01-01' },
      { id: 'd', state: 'active', startDate: '2026-02-01' },
    ] as const);
    expect(sorted.map((b) => b.id)).toEqual(['d', 'b', 'c', 'a']);
  });
});

describe('module data form', () => {
  it('lets a client edit client-editable fields only, staff every field, nobody without the ability', () => {
    const lines = fields[2]!;
    const greeting = fields[0]!;
    expect(isFieldEditable(greeting, 'client', true)).toBe(true);
    expect(isFieldEditable(lines, 'client', true)).toBe(false);
    expect(isFieldEditable(lines, 'staff', true)).toBe(true);
    expect(isFieldEditable(greeting, 'client', false)).toBe(false);
  });

  it('turns stored values into inputs and back, typed per field', () => {
    const stored = { greeting: 'Bakkerij Jansen', line_count: 2, weekend: true, hours: null };
    const values = toFormValues(fields, stored);
    expect(values).toEqual({
      greeting: 'Bakkerij Jansen',
      forward_to: '',
      line_count: '2',
      notify: '',
      hours: '',
      weekend: true,
    });
    expect(toModuleData(fields, { ...values, line_count: '2,5', notify: ' a@b.nl ' })).toEqual({
      greeting: 'Bakkerij Jansen',
      forward_to: null,
      line_count: 2.5,
      notify: 'a@b.nl',
      hours: null,
      weekend: true,
    });
  });

  it('sends only changed fields the user may edit', () => {
    const stored = { greeting: 'Old', line_count: 2 };
    const values = { ...toFormValues(fields, stored), greeting: 'New', line_count: '3', hours: 'office' };
    const clientEditable = (f: ModuleField) => isFieldEditable(f, 'client', true);
    expect(moduleDataChanges(fields, clientEditable, stored, values)).toEqual({
      greeting: 'New',
      hours: 'office',
    });
    const staffEditable = (f: ModuleField) => isFieldEditable(f, 'staff', true);
    expect(moduleDataChanges(fields, staffEditable, stored, values)).toEqual({
      greeting: 'New',
      line_count: 3,
      hours: 'office',
    });
  });

  it('validates with the shared module-data rules, messages translated per field type', () => {
    expect(
      validateModuleDataChanges(
        fields,
        { greeting: null, forward_to: 'call me', notify: 'x', line_count: 'many', hours: 'never' },
        t,
      ),
    ).toEqual({
      greeting: 'validation.required',
      forward_to: 'bookings.data.invalid.phone',
      notify: 'bookings.data.invalid.email',
      line_count: 'bookings.data.invalid.number',
      hours: 'bookings.data.invalid.select',
    });
    expect(validateModuleDataChanges(fields, { greeting: 'Hallo', hours: 'always' }, t)).toEqual({});
  });
});
