import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { resources } from '../../test/resources';
import { refusalText, whoMayChange } from './section-text';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({ resources, lng: 'en', interpolation: { escapeValue: false } });
});
const t = (lng: string) => i18n.getFixedT(lng);

describe('refusals in words', () => {
  it('names the level, role or state the matrix requires, per section', () => {
    expect(refusalText({ code: 'staff_level', level: 'manager' }, 'partner', t('en'), 'Demo')).toBe(
      'Only a manager can change the contract partner.',
    );
    expect(refusalText({ code: 'staff_level', level: 'manager' }, 'partner', t('de'), 'Demo')).toBe(
      'Nur ein Manager kann den Vertragspartner ändern.',
    );
    expect(refusalText({ code: 'client_role', role: 'admin' }, 'purchaseOrder', t('nl'), 'Demo')).toBe(
      'Alleen een beheerder van het account kan het inkoopnummer wijzigen.',
    );
    expect(
      refusalText({ code: 'client_role', role: 'account_owner' }, 'billingAddress', t('en'), 'Demo'),
    ).toBe('Only the account owner can change the billing address.');
    expect(refusalText({ code: 'staff_only', level: 'employee' }, 'customerNumber', t('en'), 'Demo')).toMatch(
      /^Only Demo can change the customer number\./,
    );
    expect(refusalText({ code: 'client_only', role: 'admin' }, 'invoiceReceipt', t('en'), 'Demo')).toBe(
      'Only the client can change the invoice recipients.',
    );
    expect(refusalText({ code: 'account_closed' }, 'vat', t('en'), 'Demo')).toBe(
      'The account is closed: nothing can be changed any more.',
    );
  });

  it('says who may change a section, from the matrix', () => {
    expect(whoMayChange('billingAddress', t('en'), 'en', 'Demo')).toBe(
      'Who can change this: admins of the account and staff of Demo.',
    );
    expect(whoMayChange('vat', t('de'), 'de', 'Demo')).toBe(
      'Wer dies ändern kann: Mitarbeitende von Demo ab Stufe Manager.',
    );
    expect(whoMayChange('testAccount', t('nl'), 'nl', 'Demo')).toBe(
      'Wie dit kan wijzigen: medewerkers van Demo vanaf managerniveau.',
    );
  });
});
