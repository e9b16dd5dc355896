import { describe, expect, it } from 'vitest';
import { fromLocalizedValues, localizedTextOf, toLocalizedValues } from './localized-values';

describe('localized text', () => {
  it('shows the UI language when given', () => {
    expect(localizedTextOf({ nl: 'Basis', de: 'Basis DE', en: 'Basic' }, 'de')).toBe('Basis DE');
  });

  it('falls back to English, then to the other languages', () => {
    expect(localizedTextOf({ nl: 'Basis', en: 'Basic' }, 'de')).toBe('Basic');
    expect(localizedTextOf({ nl: 'Basis' }, 'de')).toBe('Basis');
    expect(localizedTextOf({ de: 'Grundtarif' }, 'nl')).toBe('Grundtarif');
  });

  it('treats blank texts as missing and copes with nothing at all', () => {
    expect(localizedTextOf({ nl: '  ', de: 'Grund' }, 'nl')).toBe('Grund');
    expect(localizedTextOf(undefined, 'en')).toBe('');
    expect(localizedTextOf({}, 'en')).toBe('');
  });

  it('round-trips through form values, dropping empty languages', () => {
    const values = toLocalizedValues({ nl: 'Basis' });
    expect(values).toEqual({ nl: 'Basis', de: '', en: '' });
    expect(fromLocalizedValues({ ...values, en: ' Basic ' })).toEqual({ nl: 'Basis', en: 'Basic' });
    expect(fromLocalizedValues({ nl: '', de: ' ', en: '' })).toEqual({});
  });
});
