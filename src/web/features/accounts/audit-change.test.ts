import { describe, expect, it } from 'vitest';
import { auditActions } from '../../../shared/audit-actions';
import de from '../../i18n/de.json';
import en from '../../i18n/en.json';
import nl from '../../i18n/nl.json';
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

describe('every audit action has words in every language', () => {
  it('nl, de and en name each action of src/shared/audit-actions.ts', () => {
    const missing: string[] = [];
    for (const [lang, texts] of Object.entries({ nl, de, en }))
      for (const action of auditActions) {
        const key = auditActionKey(action).replace(/^audit\.actions\./, '');
        const text = (texts.audit.actions as Record<string, string | undefined>)[key];
        if (!text?.trim()) missing.push(`${lang}: ${action}`);
      }
    expect(missing).toEqual([]);
  });
});
