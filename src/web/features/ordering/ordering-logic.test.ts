// @vitest-environment jsdom
import { act, renderHook } from '@testing-library/react';
import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { contractPartnerData, orderBody } from '../../../shared/schemas';
import {
  countryCodes,
  countryOptions,
  toContractPartner,
  toContractPartnerValues,
  validateContractPartner,
} from './contract-partner';
import { newIdempotencyKey, useIdempotencyKey } from './idempotency';
import {
  fallbackCountryOf,
  initialOrderValues,
  type OrderContext,
  toOrderBody,
  validateOrder,
} from './order-form';

const t = ((key: string) => key) as unknown as TFunction;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const tariffId = '6f9619ff-8b86-4d01-b42d-00c04fc964ff';
const termsId = '7f9619ff-8b86-4d01-b42d-00c04fc964ff';

describe('idempotency key', () => {
  it('is a v4 UUID, from randomUUID or from random bytes where randomUUID is missing', () => {
    expect(newIdempotencyKey()).toMatch(UUID);
    const withoutRandomUuid = { getRandomValues: (a: Uint8Array) => crypto.getRandomValues(a) };
    expect(newIdempotencyKey(withoutRandomUuid as unknown as Crypto)).toMatch(UUID);
    expect(newIdempotencyKey()).not.toBe(newIdempotencyKey());
  });

  it('stays the same for every render of one page visit and is new for the next visit', () => {
    const visit = renderHook(() => useIdempotencyKey());
    const first = visit.result.current;
    act(() => visit.rerender());
    act(() => visit.rerender());
    expect(visit.result.current).toBe(first);
    visit.unmount();
    const next = renderHook(() => useIdempotencyKey());
    expect(next.result.current).not.toBe(first);
  });
});

describe('contract partner form', () => {
  it('starts from the server defaults and the fallback country', () => {
    expect(toContractPartnerValues({ name: 'Anna de Vries', email: 'anna@example.nl' }, 'NL')).toEqual({
      company: '',
      name: 'Anna de Vries',
      street: '',
      postalCode: '',
      city: '',
      country: 'NL',
      email: 'anna@example.nl',
      phone: '',
    });
    expect(toContractPartnerValues(null).country).toBe('');
    expect(toContractPartnerValues({ country: 'DE' }, 'NL').country).toBe('DE');
  });

  it('maps to the shared shape: trimmed, empty company and phone become null', () => {
    const partner = toContractPartner({
      company: '  ',
      name: ' Anna de Vries ',
      street: 'Kerkstraat 1',
      postalCode: '1017 GA',
      city: 'Amsterdam',
      country: 'nl',
      email: ' anna@example.nl ',
      phone: '',
    });
    expect(partner).toEqual({
      company: null,
      name: 'Anna de Vries',
      street: 'Kerkstraat 1',
      postalCode: '1017 GA',
      city: 'Amsterdam',
      country: 'NL',
      email: 'anna@example.nl',
      phone: null,
    });
    expect(contractPartnerData.safeParse(partner).success).toBe(true);
  });

  it('names the fields that are missing or malformed, with the form prefix', () => {
    const errors = validateContractPartner(
      { ...toContractPartnerValues(null), name: 'Anna', email: 'nope', phone: 'abc' },
      t,
      'contractPartner.',
    );
    expect(Object.keys(errors).sort()).toEqual(
      ['city', 'country', 'email', 'phone', 'postalCode', 'street'].map((f) => `contractPartner.${f}`),
    );
    expect(errors['contractPartner.country']).toBe('validation.required');
    expect(errors['contractPartner.phone']).toBe('ordering.partner.phoneInvalid');
  });

  it('offers every country by name in the UI language', () => {
    const options = countryOptions('de');
    expect(options).toHaveLength(countryCodes.length);
    expect(options.find((o) => o.value === 'NL')?.label).toBe('Niederlande');
  });
});

describe('order body', () => {
  const partner = {
    company: 'Bakkerij B.V.',
    name: 'Anna',
    street: 'Kerkstraat 1',
    postalCode: '1017 GA',
    city: 'Amsterdam',
    country: 'NL',
    email: 'anna@example.nl',
    phone: '+31 20 123 4567',
  };
  const first: OrderContext = {
    withContractPartner: true,
    termsId,
    offerNumber: undefined,
    isOffer: false,
    idempotencyKey: 'key-of-this-visit',
  };

  it('sends the partner and the accepted terms on the first order, and the visit key', () => {
    const body = toOrderBody(
      {
        tariffId,
        customerType: 'business',
        vatId: ' NL123456789B01 ',
        contractPartner: partner,
        acceptTerms: true,
      },
      first,
    );
    expect(body).toEqual({
      tariffId,
      customerType: 'business',
      vatId: 'NL123456789B01',
      contractPartner: { ...partner },
      termsId,
      acceptTerms: true,
      idempotencyKey: 'key-of-this-visit',
    });
    expect(orderBody.safeParse(body).success).toBe(true);
  });

  it('sends neither on a later order, and the offer number only for a non-public tariff', () => {
    const later: OrderContext = {
      ...first,
      withContractPartner: false,
      termsId: null,
      offerNumber: 'ACTIE-1',
    };
    const values = initialOrderValues(tariffId, null, 'NL');
    expect(toOrderBody(values, later)).toEqual({ tariffId, idempotencyKey: 'key-of-this-visit' });
    expect(toOrderBody(values, { ...later, isOffer: true })).toEqual({
      tariffId,
      offerNumber: 'ACTIE-1',
      idempotencyKey: 'key-of-this-visit',
    });
  });

  it('requires a tariff, the partner and the acceptance on the first order only', () => {
    const empty = initialOrderValues('', null, '');
    expect(Object.keys(validateOrder(empty, first, t))).toEqual(
      expect.arrayContaining(['tariffId', 'contractPartner.name', 'acceptTerms']),
    );
    const later: OrderContext = { ...first, withContractPartner: false, termsId: null };
    expect(validateOrder({ ...empty, tariffId }, later, t)).toEqual({});
    const business = {
      tariffId,
      customerType: 'business' as const,
      vatId: '',
      contractPartner: partner,
      acceptTerms: true,
    };
    expect(validateOrder(business, first, t)).toEqual({});
  });

  it('asks business or private person on the first order; a business names its company; a private person sends no company or VAT ID', () => {
    const values = {
      tariffId,
      customerType: '' as const,
      vatId: '',
      contractPartner: partner,
      acceptTerms: true,
    };
    expect(Object.keys(validateOrder(values, first, t))).toEqual(['customerType']);
    const noCompany = {
      ...values,
      customerType: 'business' as const,
      contractPartner: { ...partner, company: '' },
    };
    expect(Object.keys(validateOrder(noCompany, first, t))).toEqual(['contractPartner.company']);
    const consumer = { ...values, customerType: 'consumer' as const, vatId: 'NL123456789B01' };
    expect(validateOrder(consumer, first, t)).toEqual({});
    const body = toOrderBody(consumer, first);
    expect(body).toMatchObject({ customerType: 'consumer', contractPartner: { company: null } });
    expect(body).not.toHaveProperty('vatId');
    expect(orderBody.safeParse(body).success).toBe(true);
  });

  it('starts the country select with the portal language country', () => {
    expect(fallbackCountryOf('nl')).toBe('NL');
    expect(fallbackCountryOf('de')).toBe('DE');
    expect(fallbackCountryOf('en')).toBe('');
  });
});
