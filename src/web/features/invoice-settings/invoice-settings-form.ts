import type { TFunction } from 'i18next';
import { validateIban, validateVatId } from '../../../shared/identifiers';
import { type InvoiceSettingsDto, invoiceSettingsBody } from '../../../shared/schemas';
import type { FieldErrors } from '../../app/api';
import { schemaFieldErrors } from '../../app/form-errors';
import {
  emptyLocalized,
  fromLocalizedValues,
  type LocalizedValues,
  toLocalizedValues,
} from '../../components/localized-values';
import type { InvoiceSettingsInput } from './invoice-settings.api';

export type InvoiceSettingsFormValues = {
  paymentTerms: {
    dueDays: number | string;
    hasDiscount: boolean;
    discountPercent: string;
    discountDays: number | string;
    text: LocalizedValues;
  };
  issuer: {
    name: string;
    street: string;
    postalCode: string;
    city: string;
    country: string;
    vatId: string;
    taxNumber: string;
    iban: string;
    bic: string;
    bankName: string;
  };
};

export function invoiceSettingsFormValues(settings: InvoiceSettingsDto | null): InvoiceSettingsFormValues {
  const terms = settings?.paymentTerms;
  const issuer = settings?.issuer;
  return {
    paymentTerms: {
      dueDays: terms?.dueDays ?? 14,
      hasDiscount: terms?.discountPercent != null,
      discountPercent: terms?.discountPercent ?? '',
      discountDays: terms?.discountDays ?? '',
      text: terms ? toLocalizedValues(terms.text) : emptyLocalized(),
    },
    issuer: {
      name: issuer?.name ?? '',
      street: issuer?.street ?? '',
      postalCode: issuer?.postalCode ?? '',
      city: issuer?.city ?? '',
      country: issuer?.country ?? '',
      vatId: issuer?.vatId ?? '',
      taxNumber: issuer?.taxNumber ?? '',
      iban: issuer?.iban ?? '',
      bic: issuer?.bic ?? '',
      bankName: issuer?.bankName ?? '',
    },
  };
}

const orNull = (value: string) => value.trim() || null;
const asNumber = (value: number | string) =>
  typeof value === 'number' ? value : Number(value.trim() || Number.NaN);

/** The request body: empty optional texts as null, codes upper case, no discount unless switched on. */
export function invoiceSettingsBodyOf(
  values: InvoiceSettingsFormValues,
  version: number,
): InvoiceSettingsInput {
  const { paymentTerms: terms, issuer } = values;
  return {
    paymentTerms: {
      dueDays: asNumber(terms.dueDays),
      discountPercent: terms.hasDiscount ? terms.discountPercent.trim().replace(',', '.') : null,
      discountDays: terms.hasDiscount ? asNumber(terms.discountDays) : null,
      text: fromLocalizedValues(terms.text),
    },
    issuer: {
      name: issuer.name.trim(),
      street: issuer.street.trim(),
      postalCode: issuer.postalCode.trim(),
      city: issuer.city.trim(),
      country: issuer.country.trim().toUpperCase(),
      vatId: orNull(issuer.vatId),
      taxNumber: orNull(issuer.taxNumber),
      iban: issuer.iban.trim(),
      bic: orNull(issuer.bic.replace(/\s+/g, '').toUpperCase()),
      bankName: orNull(issuer.bankName),
    },
    version,
  };
}

/** Where the translation of a server message about a field lives (IBAN and VAT ID share codes). */
export function problemNamespace(field: string): string {
  if (field === 'issuer.iban') return 'invoiceSettings.problems.iban';
  if (field === 'issuer.vatId' || field === 'issuer.taxNumber') return 'invoiceSettings.problems.vatId';
  return 'invoiceSettings.problems.other';
}

/** Schema checks plus the IBAN and VAT ID checks the server makes, so most mistakes show before saving. */
export function validateInvoiceSettings(values: InvoiceSettingsFormValues, t: TFunction): FieldErrors {
  const body = invoiceSettingsBodyOf(values, 0);
  const errors = schemaFieldErrors(invoiceSettingsBody, body, t, (issue, field) => {
    if (field === 'paymentTerms.text' && issue.code === 'custom')
      return t('invoiceSettings.validation.oneLanguage');
    if (field === 'paymentTerms.discountDays' && issue.code === 'custom')
      return values.paymentTerms.hasDiscount &&
        asNumber(values.paymentTerms.discountDays) > asNumber(values.paymentTerms.dueDays)
        ? t('invoiceSettings.validation.discountDays')
        : t('validation.required');
    if (field === 'paymentTerms.discountPercent') return t('invoiceSettings.validation.percent');
    if (field === 'issuer.country') return t('invoiceSettings.validation.country');
    if (field === 'issuer.bic') return t('invoiceSettings.validation.bic');
    return undefined;
  });
  if (!errors['issuer.iban'] && body.issuer.iban) {
    const iban = validateIban(body.issuer.iban);
    if (!iban.ok) errors['issuer.iban'] = t(`invoiceSettings.problems.iban.${iban.code}`);
  }
  if (!errors['issuer.vatId'] && body.issuer.vatId) {
    const vatId = validateVatId(body.issuer.vatId);
    if (!vatId.ok) errors['issuer.vatId'] = t(`invoiceSettings.problems.vatId.${vatId.code}`);
  }
  if (!body.issuer.vatId && !body.issuer.taxNumber)
    errors['issuer.vatId'] = t('invoiceSettings.problems.vatId.vat_id_or_tax_number');
  return errors;
}
