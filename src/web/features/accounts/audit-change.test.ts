import { describe, expect, it } from 'vitest';
import { auditActionKey, describeChange } from './audit-change';

describe('describeChange', () => {
  it('lists the fields that changed', () => {
    expect(
      describeChange({ customerNumber: 'K-1001', name: 'A' }, { customerNumber: 'K-2001', name: 'A' }),
    ).toEqual([{ field: 'customerNumber', before: 'K-1001', after: 'K-2001' }]);
  });

  it('leaves out bookkeeping fields such as the version', () => {
    expect(describeChange({ customerNumber: 'A', version: 1 }, { customerNumber: 'B', version: 2 })).toEqual([
      { field: 'customerNumber', before: 'A', after: 'B' },
    ]);
  });

  it('shows a missing side as a dash', () => {
    expect(describeChange(null, { customerNumber: 'K-1' })).toEqual([
      { field: 'customerNumber', before: '–', after: 'K-1' },
    ]);
    expect(describeChange({ customerNumber: null }, { customerNumber: 'K-1' })[0]?.before).toBe('–');
  });

  it('handles plain values and no change', () => {
    expect(describeChange('a', 'b')).toEqual([{ field: '', before: 'a', after: 'b' }]);
    expect(describeChange(null, null)).toEqual([]);
    expect(describeChange({ a: 1 }, { a: 1 })).toEqual([]);
  });
});

describe('auditActionKey', () => {
  it('keeps dotted actions in one translation key', () => {
    expect(auditActionKey('account.customerNumber.change')).toBe(
      'audit.actions.account_customerNumber_change',
    );
  });
});
