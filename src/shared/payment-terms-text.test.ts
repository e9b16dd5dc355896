import { describe, expect, it } from 'vitest';
import { paymentTermsText } from './payment-terms-text';

describe('payment terms in words', () => {
  it('words the due days and the discount in each document language', () => {
    const terms = { dueDays: 14, discountPercent: '2.00', discountDays: 7 };
    expect(paymentTermsText(terms, 'de')).toEqual({
      due: 'Zahlbar innerhalb von 14 Tagen nach Rechnungsdatum.',
      discount: '2.00 % Skonto bei Zahlung innerhalb von 7 Tagen.',
    });
    expect(paymentTermsText(terms, 'nl')).toEqual({
      due: 'Te betalen binnen 14 dagen na factuurdatum.',
      discount: '2.00 % korting bij betaling binnen 7 dagen.',
    });
    expect(paymentTermsText(terms, 'en')).toEqual({
      due: 'Payable within 14 days of the invoice date.',
      discount: '2.00 % early-payment discount if paid within 7 days.',
    });
  });

  it('uses the singular for one day and leaves out a discount the terms do not grant', () => {
    expect(paymentTermsText({ dueDays: 1, discountPercent: '3', discountDays: 1 }, 'de')).toEqual({
      due: 'Zahlbar innerhalb von 1 Tag nach Rechnungsdatum.',
      discount: '3 % Skonto bei Zahlung innerhalb von 1 Tag.',
    });
    expect(paymentTermsText({ dueDays: 30, discountPercent: null, discountDays: null }, 'nl')).toEqual({
      due: 'Te betalen binnen 30 dagen na factuurdatum.',
      discount: null,
    });
    expect(paymentTermsText({ dueDays: 0, discountPercent: null, discountDays: null }, 'en').due).toBe(
      'Payable within 0 days of the invoice date.',
    );
  });
});
