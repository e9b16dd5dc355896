import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { invoiceSettingsBody } from '../../../shared/schemas';
import {
  invoiceSettingsBodyOf,
  invoiceSettingsFormValues,
  problemNamespace,
  validateInvoiceSettings,
} from './invoice-settings-form';

const t = ((key: string) => key) as unknown as TFunction;

function filled() {
  const values = invoiceSettingsFormValues(null);
  values.paymentTerms.text.en = 'Please pay within 14 days.';
  Object.assign(values.issuer, {
    name: 'Demo B.V.',
    street: 'Herengracht 100',
    postalCode: '1015 BS',
    city: 'Amsterdam',
    country: 'nl',
    vatId: 'NL123456782B01',
    iban: 'NL91 ABNA 0417 1643 00',
    bic: 'abnanl2a',
  });
  return values;
}

describe('invoice settings form', () => {
  it('sends empty optional texts as null, codes upper case, and no discount unless switched on', () => {
    const values = filled();
    values.paymentTerms.discountPercent = '2';
    const body = invoiceSettingsBodyOf(values, 0);
    expect(body.issuer).toMatchObject({ country: 'NL', bic: 'ABNANL2A', taxNumber: null, bankName: null });
    expect(body.paymentTerms).toMatchObject({ dueDays: 14, discountPercent: null, discountDays: null });
    expect(invoiceSettingsBody.safeParse(body).success).toBe(true);
    expect(validateInvoiceSettings(values, t)).toEqual({});
  });

  it('checks the IBAN and the VAT ID before saving', () => {
    const values = filled();
    values.issuer.iban = 'NL91 ABNA 0417 1643 01';
    values.issuer.vatId = 'GR123456789';
    expect(validateInvoiceSettings(values, t)).toEqual({
      'issuer.iban': 'invoiceSettings.problems.iban.invalid_checksum',
      'issuer.vatId': 'invoiceSettings.problems.vatId.use_el_for_greece',
    });
  });

  it('needs a VAT ID or a tax number, and a discount with its days within the term', () => {
    const values = filled();
    values.issuer.vatId = '';
    values.paymentTerms.hasDiscount = true;
    values.paymentTerms.discountPercent = '2';
    values.paymentTerms.discountDays = 30;
    const errors = validateInvoiceSettings(values, t);
    expect(errors['issuer.vatId']).toBe('invoiceSettings.problems.vatId.vat_id_or_tax_number');
    expect(errors['paymentTerms.discountDays']).toBe('invoiceSettings.validation.discountDays');
    values.issuer.taxNumber = '12/345/67890';
    values.paymentTerms.discountDays = 7;
    expect(validateInvoiceSettings(values, t)).toEqual({});
  });

  it('translates the server’s IBAN and VAT ID messages by field', () => {
    expect(problemNamespace('issuer.iban')).toBe('invoiceSettings.problems.iban');
    expect(problemNamespace('issuer.vatId')).toBe('invoiceSettings.problems.vatId');
  });
});
