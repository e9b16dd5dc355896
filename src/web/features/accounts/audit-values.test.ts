import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEnumValues, auditFieldTypes } from '../../../shared/audit-fields';
import type { Locale } from '../../../shared/locales';
import type { AuditModuleField, AuditName } from '../../../shared/schemas';
import de from '../../i18n/de.json';
import en from '../../i18n/en.json';
import nl from '../../i18n/nl.json';
import { resources } from '../../test/resources';
import { type AuditFormatContext, describeChanges, enumKey, formatTyped } from './audit-values';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({ resources, lng: 'en', interpolation: { escapeValue: false } });
});

const TARIFF = '6f1c1d0e-0000-4000-8000-000000000001';
const OTHER_TARIFF = '6f1c1d0e-0000-4000-8000-000000000002';
const OPTION = '6f1c1d0e-0000-4000-8000-000000000003';
const TERMS = '6f1c1d0e-0000-4000-8000-000000000004';
const names: Record<string, AuditName> = {
  [TARIFF]: { kind: 'tariff', name: null, title: { nl: 'Basis', de: 'Basis', en: 'Basic' } },
  [OTHER_TARIFF]: { kind: 'tariff', name: null, title: { nl: 'Zakelijk jaar', en: 'Business year' } },
  [OPTION]: { kind: 'booking_option', name: null, title: { nl: 'Extra lijn', de: 'Zusatzleitung' } },
  [TERMS]: { kind: 'legal_document', name: 'Algemene voorwaarden', title: null },
};

/** Intl puts no-break spaces into money and dates; the tests read them as spaces. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

function ctx(locale: Locale, over: Partial<AuditFormatContext> = {}): AuditFormatContext {
  return {
    t: i18n.getFixedT(locale),
    locale,
    timeZone: 'Europe/Berlin',
    currency: 'EUR',
    names,
    moduleFields: null,
    ...over,
  };
}

const format = (field: keyof typeof auditFieldTypes, value: unknown, locale: Locale = 'en', siblings = {}) =>
  plain(formatTyped(auditFieldTypes[field], field, value, ctx(locale), siblings));

describe('field labels', () => {
  it('every field of the known list (and every value of its enums) has words in nl, de and en', () => {
    const missing: string[] = [];
    for (const [lang, texts] of Object.entries({ nl, de, en })) {
      const t = i18n.getFixedT(lang);
      for (const [field, type] of Object.entries(auditFieldTypes)) {
        if (type === 'hidden') continue;
        const label = (texts.audit.fields as Record<string, string | undefined>)[field];
        if (!label?.trim()) missing.push(`${lang}: audit.fields.${field}`);
        if (type === 'enum' && !(field in auditEnumValues)) missing.push(`${field}: no values listed`);
      }
      for (const [field, values] of Object.entries(auditEnumValues))
        for (const value of values) {
          const key = enumKey(field as keyof typeof auditEnumValues, value);
          if (!i18n.exists(key, { lng: lang }) || !t(key).trim()) missing.push(`${lang}: ${key}`);
        }
    }
    expect(missing).toEqual([]);
  });

  it('each enum field is of type enum', () => {
    for (const field of Object.keys(auditEnumValues))
      expect(auditFieldTypes[field as keyof typeof auditFieldTypes]).toBe('enum');
  });
});

describe('dates and times', () => {
  it('shows calendar dates in the UI language, without a time-zone shift', () => {
    expect(format('contractStartOverride', '2025-01-01', 'nl')).toBe('1 jan 2025');
    expect(format('contractStartOverride', '2025-01-01', 'de')).toBe('01.01.2025');
    expect(format('endDate', '2026-12-31', 'en')).toBe('31 Dec 2026');
  });

  it("shows instants as the operator's wall-clock time", () => {
    // 23:30 UTC is already the next day in Berlin.
    expect(format('closedAt', '2026-11-30T23:30:00.000Z', 'de')).toBe('01.12.2026, 00:30');
    expect(format('contractConcludedAt', '2026-06-01T08:00:00.000Z', 'nl')).toBe('1 jun 2026, 10:00');
  });
});

describe('money, prices, quantities and rates', () => {
  it('formats minor units with the currency stored beside them', () => {
    expect(format('gross', 3588, 'nl', { currency: 'EUR' })).toBe('€ 35,88');
    expect(format('gross', 3588, 'de', { currency: 'EUR' })).toBe('35,88 €');
    expect(format('gross', 1200, 'en', { currency: 'CHF' })).toBe('CHF 12.00');
    expect(format('gross', 500, 'en')).toBe('€5.00');
  });

  it("formats unit prices (decimal strings) in the operator's currency, with their places", () => {
    expect(format('unitPrice', '29.900000', 'nl')).toBe('€ 29,90');
    expect(format('unitPrice', '0.012500', 'de')).toBe('0,0125 €');
    expect(format('unitPrice', '-5.00', 'en')).toBe('-€5.00');
  });

  it('formats quantities without trailing zeros and VAT rates as percentages', () => {
    expect(format('quantity', '2.500000', 'de')).toBe('2,5');
    expect(format('quantity', '3.000000', 'en')).toBe('3');
    expect(format('vatRate', '21.00', 'nl')).toBe('21 %');
    expect(format('vatRate', '7.50', 'de')).toBe('7,5 %');
  });
});

describe('addresses and payment terms', () => {
  const partner = {
    company: 'Bakkerij Jansen B.V.',
    name: 'Jan Jansen',
    street: 'Dorpsstraat 1',
    postalCode: '1234 AB',
    city: 'Utrecht',
    country: 'NL',
    email: 'jan@bakkerij-jansen.example',
    phone: null,
  };

  it('shows an address as one readable line with the country by name', () => {
    expect(format('contractPartner', partner, 'de')).toBe(
      'Bakkerij Jansen B.V., Jan Jansen, Dorpsstraat 1, 1234 AB Utrecht, Niederlande, jan@bakkerij-jansen.example',
    );
    expect(format('billingAddress', { ...partner, company: null, email: undefined }, 'nl')).toBe(
      'Jan Jansen, Dorpsstraat 1, 1234 AB Utrecht, Nederland',
    );
  });

  it('words payment terms as documents do', () => {
    const terms = { dueDays: 14, discountPercent: '2.5', discountDays: 7, text: { nl: 'Graag op tijd.' } };
    expect(format('paymentTerms', terms, 'nl')).toBe(
      'Te betalen binnen 14 dagen na factuurdatum. 2,5 % korting bij betaling binnen 7 dagen. “Graag op tijd.”',
    );
    expect(format('paymentTerms', { ...terms, discountPercent: null, discountDays: null }, 'en')).toBe(
      'Payable within 14 days of the invoice date. “Graag op tijd.”',
    );
  });

  it('words a VIES check with its result, the ID and when', () => {
    const check = {
      vatId: 'NL123456789B01',
      result: 'not_checked',
      checkedAt: '2026-11-26T09:00:00.000Z',
      name: null,
      address: null,
      detail: 'not_configured',
    };
    expect(format('vatIdCheck', check, 'de')).toBe('Nicht geprüft (NL123456789B01, am 26.11.2026, 10:00)');
  });
});

describe('yes/no, enums and lists', () => {
  it('shows booleans as words', () => {
    expect(format('isTestAccount', true, 'nl')).toBe('Ja');
    expect(format('isTestAccount', false, 'de')).toBe('Nein');
    expect(format('withOfferNumber', false, 'en')).toBe('No');
  });

  it('shows enum codes by their labels, reusing the contract page texts', () => {
    expect(format('vatTreatment', 'reverse_charge', 'nl')).toBe('Btw verlegd');
    expect(format('invoiceDelivery', 'link', 'de')).toBe('Download-Link in der E-Mail');
    expect(format('paymentTermsSource', 'custom', 'en')).toBe('Custom');
    expect(format('role', 'admin', 'nl')).toBe('Beheerder');
    expect(format('orderedBy', 'staff_on_behalf', 'de')).toBe('Mitarbeitende im Auftrag des Kunden');
    expect(format('endCause', 'tariff_change', 'en')).toBe('Change of tariff');
  });

  it('joins lists in the UI language', () => {
    expect(format('invoiceRecipients', ['a@x.example', 'b@x.example', 'c@x.example'], 'nl')).toBe(
      'a@x.example, b@x.example en c@x.example',
    );
    expect(format('invoiceRecipients', [], 'en')).toBe('–');
  });
});

describe('references', () => {
  it('replaces ids by the resolved names in the UI language', () => {
    expect(format('tariffId', TARIFF, 'en')).toBe('Basic');
    expect(format('tariffId', OTHER_TARIFF, 'de')).toBe('Business year');
    expect(format('optionsContinued', [OPTION], 'de')).toBe('Zusatzleitung');
  });

  it('says so when a referenced entity no longer exists, never showing its id', () => {
    const gone = '6f1c1d0e-0000-4000-8000-0000000000ff';
    expect(format('tariffId', gone, 'nl')).toBe('(bestaat niet meer)');
    expect(format('tariffId', gone, 'en')).not.toContain(gone);
  });

  it('shows option ends and legal versions by name', () => {
    expect(format('options', [{ id: OPTION, endDate: '2026-12-31' }], 'nl')).toBe(
      'Extra lijn (tot en met 31 dec 2026)',
    );
    expect(format('options', [{ id: OPTION, endDate: null }], 'de')).toBe('Zusatzleitung (ohne Ende)');
    expect(format('termsAccepted', { id: TERMS, version: 3 }, 'de')).toBe('Algemene voorwaarden, Fassung 3');
    expect(format('termsAccepted', { id: OPTION.replace('3', '9'), version: 2 }, 'en')).toBe('version 2');
  });
});

describe('the change column', () => {
  it('lists changed fields by label, old → new, leaving out bookkeeping and unchanged fields', () => {
    const lines = describeChanges(
      { contractStartOverride: null, version: 3, customerNumber: 'K-1' },
      { contractStartOverride: '2025-01-01', version: 4, customerNumber: 'K-1' },
      ctx('nl'),
    );
    expect(lines).toEqual([
      {
        field: 'contractStartOverride',
        label: 'Contractbegin (handmatig vastgelegd)',
        before: '–',
        after: '1 jan 2025',
      },
    ]);
  });

  it('orders fields as the contract page does, not as the database returns the keys', () => {
    const lines = describeChanges(
      { vatId: null, vatIdCheck: null, vatTreatment: 'standard', version: 1 },
      { vatId: 'NL123456789B01', vatIdCheck: null, vatTreatment: 'reverse_charge', version: 2 },
      ctx('de'),
    );
    expect(lines.map((l) => [l.label, l.before, l.after])).toEqual([
      ['Umsatzsteuerbehandlung', 'Standard', 'Reverse Charge'],
      ['USt-IdNr.', '–', 'NL123456789B01'],
    ]);
  });

  it('shows the values of a creation alone, without the empty ones and without ids', () => {
    const lines = describeChanges(
      null,
      {
        moduleId: 'x',
        tariffId: TARIFF,
        startDate: '2026-11-26',
        withOfferNumber: false,
        orderedBy: 'client',
      },
      ctx('de'),
      new Set(['moduleId', 'tariffId']),
    );
    expect(lines.map((l) => [l.label, l.value])).toEqual([
      ['Beginn', '26.11.2026'],
      ['Mit Angebotsnummer bestellt', 'Nein'],
      ['Bestellt von', 'Der Kunde'],
    ]);
  });

  it('labels module data by the module’s own fields, in their order, with select options by label', () => {
    const fields: AuditModuleField[] = [
      { key: 'greeting', label: { nl: 'Begroetingsnaam', de: 'Begrüßungsname' }, type: 'text' },
      {
        key: 'hours',
        label: { nl: 'Kantooruren', de: 'Bürozeiten' },
        type: 'select',
        options: [{ value: 'office', label: { nl: 'Kantoortijden', de: 'Bürozeiten (9–17 Uhr)' } }],
      },
      { key: 'recording', label: { nl: 'Opname', de: 'Aufzeichnung' }, type: 'boolean' },
    ];
    const lines = describeChanges(
      { recording: false, hours: null, greeting: 'Jansen', dropped: 'x' },
      { recording: true, hours: 'office', greeting: 'Bakkerij Jansen', dropped: null },
      ctx('de', { moduleFields: fields }),
    );
    expect(lines.map((l) => [l.label, l.before, l.after])).toEqual([
      ['Begrüßungsname', 'Jansen', 'Bakkerij Jansen'],
      ['Bürozeiten', '–', 'Bürozeiten (9–17 Uhr)'],
      ['Aufzeichnung', 'Nein', 'Ja'],
      ['dropped (kein Feld des Moduls mehr)', 'x', '–'],
    ]);
  });

  it('never shows raw JSON: values of no known type are put into words', () => {
    const lines = describeChanges({ surprise: { a: 1, b: true } }, { surprise: [1, 2] }, ctx('en'));
    expect(lines[0]).toMatchObject({ before: '1, Yes', after: '1 and 2' });
    for (const line of lines) expect(`${line.before} ${line.after}`).not.toMatch(/[{}[\]"]/);
    expect(describeChanges('a', 'b', ctx('en'))).toEqual([{ field: '', label: '', before: 'a', after: 'b' }]);
    expect(describeChanges(null, null, ctx('en'))).toEqual([]);
  });
});
