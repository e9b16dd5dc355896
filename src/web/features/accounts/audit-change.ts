/** Bookkeeping fields that change with every edit and say nothing to a reader. */
const technicalFields = new Set(['version', 'updatedAt', 'createdAt']);

export type FieldChange = { field: string; before: string; after: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function displayValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '–';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** The fields that differ between an audit entry's before and after states. */
export function describeChange(before: unknown, after: unknown): FieldChange[] {
  if (isRecord(before) || isRecord(after)) {
    const from = isRecord(before) ? before : {};
    const to = isRecord(after) ? after : {};
    const fields = [...new Set([...Object.keys(from), ...Object.keys(to)])];
    return fields
      .filter((field) => !technicalFields.has(field))
      .filter((field) => JSON.stringify(from[field]) !== JSON.stringify(to[field]))
      .map((field) => ({ field, before: displayValue(from[field]), after: displayValue(to[field]) }));
  }
  if (before === null && after === null) return [];
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ field: '', before: displayValue(before), after: displayValue(after) }];
}

/** i18next reads dots as nesting, so an action such as "account.customerNumber.change" becomes one key. */
export function auditActionKey(action: string): string {
  return `audit.actions.${action.replace(/[.:/]/g, '_')}`;
}
