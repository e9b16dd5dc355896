import type { TFunction } from 'i18next';
import type { Locale } from '../../../shared/locales';
import { registrationBody } from '../../../shared/schemas';
import type { FieldErrors } from '../../app/api';
import { zodFieldErrors } from '../../app/validation';
import type { RegistrationBody } from './registration.api';

export type RegistrationValues = {
  name: string;
  email: string;
  password: string;
  passwordRepeat: string;
  acceptPrivacyPolicy: boolean;
};

export const emptyRegistration: RegistrationValues = {
  name: '',
  email: '',
  password: '',
  passwordRepeat: '',
  acceptPrivacyPolicy: false,
};

const registrationFields = registrationBody.pick({ name: true, email: true, password: true });

/** The request body: the form's values with the privacy policy version that was shown. */
export function toRegistrationBody(
  values: RegistrationValues,
  privacyPolicyId: string,
  locale: Locale,
): RegistrationBody {
  return {
    name: values.name.trim(),
    email: values.email.trim(),
    password: values.password,
    privacyPolicyId,
    acceptPrivacyPolicy: true,
    locale,
  };
}

/** Field messages: the shared schema's rules, the repeated password and the required acceptance. */
export function validateRegistration(values: RegistrationValues, t: TFunction): FieldErrors {
  const errors = zodFieldErrors(
    registrationFields,
    { name: values.name.trim(), email: values.email.trim(), password: values.password },
    t,
  );
  if (values.passwordRepeat !== values.password) errors.passwordRepeat = t('registration.passwordMismatch');
  if (!values.acceptPrivacyPolicy) errors.acceptPrivacyPolicy = t('registration.acceptRequired');
  return errors;
}
