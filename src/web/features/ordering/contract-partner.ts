import type { TFunction } from 'i18next';
import { formattingLocale, type Locale } from '../../../shared/locales';
import { type ContractPartnerData, contractPartnerData } from '../../../shared/schemas';
import type { FieldErrors } from '../../app/api';
import { schemaFieldErrors } from '../../app/form-errors';

/** The contract partner as the form holds it: text everywhere, empty when not given. */
export type ContractPartnerValues = Record<keyof ContractPartnerData, string>;

/** Countries offered in the select (EU/EEA, Switzerland, United Kingdom); ISO 3166-1 alpha-2. */
export const countryCodes = [
  'AT',
  'BE',
  'BG',
  'CH',
  'CY',
  'CZ',
  'DE',
  'DK',
  'EE',
  'ES',
  'FI',
  'FR',
  'GB',
  'GR',
  'HR',
  'HU',
  'IE',
  'IS',
  'IT',
  'LI',
  'LT',
  'LU',
  'LV',
  'MT',
  'NL',
  'NO',
  'PL',
  'PT',
  'RO',
  'SE',
  'SI',
  'SK',
] as const;

/** The select's options, named and sorted in the UI language. */
export function countryOptions(locale: Locale): { value: string; label: string }[] {
  const names = new Intl.DisplayNames([formattingLocale[locale]], { type: 'region' });
  return countryCodes
    .map((code) => ({ value: code, label: names.of(code) ?? code }))
    .sort((a, b) => a.label.localeCompare(b.label, formattingLocale[locale]));
}

/** The form's start: the server's defaults (from the registration), blanks for the rest. */
export function toContractPartnerValues(
  defaults: Partial<ContractPartnerData> | null | undefined,
  fallbackCountry = '',
): ContractPartnerValues {
  const d = defaults ?? {};
  return {
    company: d.company ?? '',
    name: d.name ?? '',
    street: d.street ?? '',
    postalCode: d.postalCode ?? '',
    city: d.city ?? '',
    country: d.country ?? fallbackCountry,
    email: d.email ?? '',
    phone: d.phone ?? '',
  };
}

/** The request shape: trimmed; company and phone are optional (null when left empty). */
export function toContractPartner(values: ContractPartnerValues): ContractPartnerData {
  const optional = (v: string) => (v.trim() === '' ? null : v.trim());
  return {
    company: optional(values.company),
    name: values.name.trim(),
    street: values.street.trim(),
    postalCode: values.postalCode.trim(),
    city: values.city.trim(),
    country: values.country.trim().toUpperCase(),
    email: values.email.trim(),
    phone: optional(values.phone),
  };
}

/** Field messages keyed `${prefix}${field}` (the shared schema's rules, translated). */
export function validateContractPartner(
  values: ContractPartnerValues,
  t: TFunction,
  prefix = '',
): FieldErrors {
  const errors = schemaFieldErrors(contractPartnerData, toContractPartner(values), t, (_issue, field) => {
    if (field === 'country') return t('ordering.partner.countryInvalid');
    if (field === 'phone') return t('ordering.partner.phoneInvalid');
    return undefined;
  });
  // regex failures are "invalid_format" issues: name the expected form for the two that have one.
  if (errors.country)
    errors.country = values.country ? t('ordering.partner.countryInvalid') : t('validation.required');
  if (errors.phone) errors.phone = t('ordering.partner.phoneInvalid');
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [`${prefix}${k}`, v]));
}
