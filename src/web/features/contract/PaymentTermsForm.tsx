import { Radio, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import type { PaymentTermsData } from '../../../shared/schemas';
import type { ContractPage } from '../../../shared/schemas/contract-page';
import { useLocale } from '../../app/i18n';
import {
  emptyLocalized,
  fromLocalizedValues,
  type LocalizedValues,
  localizedTextOf,
  toLocalizedValues,
} from '../../components/localized-values';
import { PaymentTermsFields } from '../../components/PaymentTermsFields';
import { type EditFormProps, ReasonField, SectionForm, useSectionSave } from './SectionForm';

type Values = {
  source: 'general' | 'custom';
  dueDays: number | string;
  hasDiscount: boolean;
  discountPercent: string;
  discountDays: number | string;
  text: LocalizedValues;
  reason: string;
};

const asNumber = (v: number | string) => (typeof v === 'number' ? v : Number(v.trim() || Number.NaN));

function toValues(page: ContractPage): Values {
  const terms = page.paymentTerms.terms ?? page.paymentTerms.generalTerms;
  return {
    source: page.paymentTerms.source === 'custom' ? 'custom' : 'general',
    dueDays: terms?.dueDays ?? 14,
    hasDiscount: terms?.discountPercent != null,
    discountPercent: terms?.discountPercent ?? '',
    discountDays: terms?.discountDays ?? '',
    text: terms ? toLocalizedValues(terms.text) : emptyLocalized(),
    reason: '',
  };
}

function toTerms(v: Values): PaymentTermsData {
  return {
    dueDays: asNumber(v.dueDays),
    discountPercent: v.hasDiscount ? v.discountPercent.trim().replace(',', '.') : null,
    discountDays: v.hasDiscount ? asNumber(v.discountDays) : null,
    text: fromLocalizedValues(v.text),
  };
}

function validate(v: Values, t: (key: string) => string, reasonRequired: boolean) {
  const errors: Record<string, string> = {};
  if (reasonRequired && !v.reason.trim()) errors.reason = t('contract.reasonRequired');
  if (v.source === 'general') return errors;
  const due = asNumber(v.dueDays);
  if (!Number.isInteger(due) || due < 0 || due > 365) errors.dueDays = t('contract.paymentTerms.dueInvalid');
  if (v.hasDiscount) {
    if (!/^\d{1,2}([.,]\d{1,2})?$/.test(v.discountPercent.trim()))
      errors.discountPercent = t('invoiceSettings.validation.percent');
    const days = asNumber(v.discountDays);
    if (!Number.isInteger(days) || days < 0) errors.discountDays = t('validation.required');
    else if (days > due) errors.discountDays = t('invoiceSettings.validation.discountDays');
  }
  if (!v.text.nl.trim() && !v.text.de.trim() && !v.text.en.trim())
    errors.text = t('invoiceSettings.validation.oneLanguage');
  return errors;
}

export function PaymentTermsForm(props: EditFormProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { paymentTerms } = props.page;
  const form = useForm<Values>({
    initialValues: toValues(props.page),
    validate: (values) => validate(values, t, paymentTerms.ability.reasonRequired),
  });
  const save = useSectionSave(props, 'payment-terms', {
    savedMessage: t('contract.paymentTerms.saved'),
    onSaved: props.close,
    onFieldErrors: (errors) =>
      form.setErrors(
        Object.fromEntries(Object.entries(errors).map(([k, v]) => [k.replace(/^terms\./, ''), v])),
      ),
  });
  const values = form.getValues();
  const general = paymentTerms.generalTerms;
  return (
    <SectionForm
      testId="section-payment-terms"
      onSubmit={form.onSubmit((v) =>
        save.save(
          v.source === 'general'
            ? { source: 'general', reason: v.reason.trim() || undefined }
            : { source: 'custom', terms: toTerms(v), reason: v.reason.trim() || undefined },
        ),
      )}
      onCancel={props.close}
      pending={save.pending}
      bannerError={save.bannerError}
      conflict={
        save.conflict
          ? {
              text: t('contract.paymentTerms.conflict', {
                current: t(`contract.paymentTerms.source.${save.conflict.paymentTerms.source ?? 'general'}`),
              }),
              onUseCurrent: () => {
                const conflict = save.conflict;
                if (conflict) form.setValues(toValues(conflict));
                save.clearConflict();
              },
            }
          : null
      }
    >
      <Radio.Group label={t('contract.paymentTerms.choose')} {...form.getInputProps('source')}>
        <Stack gap="xs" mt={4}>
          <Radio
            value="general"
            label={t('contract.paymentTerms.useGeneral')}
            description={
              general
                ? t('contract.paymentTerms.generalSummary', {
                    count: general.dueDays,
                    text: localizedTextOf(general.text, locale),
                  })
                : t('contract.paymentTerms.noGeneral')
            }
            data-testid="terms-general"
          />
          <Radio value="custom" label={t('contract.paymentTerms.useCustom')} data-testid="terms-custom" />
        </Stack>
      </Radio.Group>
      {values.source === 'custom' && (
        <PaymentTermsFields
          inputProps={(field, options) => form.getInputProps(field, options)}
          textProps={(lang) => form.getInputProps(`text.${lang}`)}
          textError={form.errors.text}
          onTextEdit={() => form.clearFieldError('text')}
          hasDiscount={values.hasDiscount}
          dueDaysTestId="terms-due-days"
        />
      )}
      {paymentTerms.ability.reasonRequired && <ReasonField inputProps={form.getInputProps('reason')} />}
    </SectionForm>
  );
}
