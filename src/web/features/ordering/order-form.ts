import type { TFunction } from 'i18next';
import type { ContractPartnerData } from '../../../shared/schemas';
import type { FieldErrors } from '../../app/api';
import {
  type ContractPartnerValues,
  toContractPartner,
  toContractPartnerValues,
  validateContractPartner,
} from './contract-partner';
import type { OrderBody } from './ordering.api';

export type OrderFormValues = {
  tariffId: string;
  /** Asked at the first order: a business (company name, optional VAT ID) or a private person. */
  customerType: '' | 'business' | 'consumer';
  vatId: string;
  contractPartner: ContractPartnerValues;
  acceptTerms: boolean;
};

/** What the order needs besides the form: the first order concludes the contract. */
export type OrderContext = {
  /** Whether the contract partner goes with this order (first order). */
  withContractPartner: boolean;
  /** The terms version shown and to accept (client's first order), else null. */
  termsId: string | null;
  /** The offer number that revealed the chosen non-public tariff, if any. */
  offerNumber: string | undefined;
  /** Whether the chosen tariff is non-public (then its offer number goes along). */
  isOffer: boolean;
  idempotencyKey: string;
  /** The client's name when staff order on the client's behalf (messages name the client). */
  client?: string;
};

export function initialOrderValues(
  tariffId: string,
  defaults: Partial<ContractPartnerData> | null | undefined,
  fallbackCountry: string,
): OrderFormValues {
  return {
    tariffId,
    customerType: '',
    vatId: '',
    contractPartner: toContractPartnerValues(defaults, fallbackCountry),
    acceptTerms: false,
  };
}

export function validateOrder(values: OrderFormValues, context: OrderContext, t: TFunction): FieldErrors {
  const errors: FieldErrors = {};
  if (!values.tariffId) errors.tariffId = t('ordering.tariffs.required');
  if (context.withContractPartner) {
    Object.assign(errors, validateContractPartner(values.contractPartner, t, 'contractPartner.'));
    if (!values.customerType)
      errors.customerType =
        context.client === undefined
          ? t('customerKind.required')
          : t('customerKind.requiredStaff', { client: context.client });
    if (values.customerType === 'business' && !values.contractPartner.company.trim())
      errors['contractPartner.company'] = t('customerKind.companyRequired');
  }
  if (context.termsId && !values.acceptTerms) errors.acceptTerms = t('ordering.terms.acceptRequired');
  return errors;
}

/** The request: the contract partner and the terms only on the first order, one key per visit. */
export function toOrderBody(values: OrderFormValues, context: OrderContext): OrderBody {
  return {
    tariffId: values.tariffId,
    ...(context.isOffer && context.offerNumber ? { offerNumber: context.offerNumber } : {}),
    ...(context.withContractPartner && values.customerType
      ? {
          customerType: values.customerType,
          ...(values.customerType === 'business' && values.vatId.trim()
            ? { vatId: values.vatId.trim() }
            : {}),
        }
      : {}),
    ...(context.withContractPartner
      ? {
          contractPartner: toContractPartner(
            values.customerType === 'consumer'
              ? { ...values.contractPartner, company: '' }
              : values.contractPartner,
          ),
        }
      : {}),
    ...(context.termsId ? { termsId: context.termsId, acceptTerms: true as const } : {}),
    idempotencyKey: context.idempotencyKey,
  };
}

/** A country to start the select with when the defaults name none: the portal's language's country. */
export function fallbackCountryOf(tenantLocale: string): string {
  return tenantLocale === 'nl' ? 'NL' : tenantLocale === 'de' ? 'DE' : '';
}
