import { describe, expect, it } from 'vitest';
import { localeFromTag, pickLanguage } from './language';

describe('pickLanguage', () => {
  const all = {
    userLocale: 'de',
    storedLocale: 'en',
    browserLanguages: ['nl-BE', 'en'],
    tenantDefault: 'nl',
  };

  it("prefers the logged-in user's stored locale", () => {
    expect(pickLanguage(all)).toBe('de');
  });

  it("then this browser's remembered choice", () => {
    expect(pickLanguage({ ...all, userLocale: null })).toBe('en');
  });

  it('then the first supported browser language', () => {
    expect(pickLanguage({ ...all, userLocale: null, storedLocale: null })).toBe('nl');
    expect(pickLanguage({ browserLanguages: ['fr-FR', 'de-AT', 'en'], tenantDefault: 'nl' })).toBe('de');
  });

  it('then the tenant default', () => {
    expect(pickLanguage({ browserLanguages: ['fr', 'pl'], tenantDefault: 'de' })).toBe('de');
    expect(pickLanguage({ tenantDefault: 'en' })).toBe('en');
  });

  it('ignores unsupported or malformed values at every level', () => {
    expect(
      pickLanguage({ userLocale: 'fr', storedLocale: 'xx', browserLanguages: [''], tenantDefault: 'de' }),
    ).toBe('de');
  });

  it('falls back to Dutch when nothing is known', () => {
    expect(pickLanguage({})).toBe('nl');
  });
});

describe('localeFromTag', () => {
  it('reads the primary subtag', () => {
    expect(localeFromTag('de-AT')).toBe('de');
    expect(localeFromTag('EN_gb')).toBe('en');
    expect(localeFromTag('fr')).toBeNull();
    expect(localeFromTag(null)).toBeNull();
  });
});
