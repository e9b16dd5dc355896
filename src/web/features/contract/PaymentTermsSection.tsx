import { NumberInput, Paper, Radio, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PaymentTermsData } from '../../../shared/schemas';
import type { ContractPage } from '../../../shared/schemas/contract-page';
import { useLocale } from '../../app/i18n';
import { languageNames } from '../../app/language';
import { LocalizedTextFields } from '../../components/LocalizedTextFields';
import {
  emptyLocalized,
  fromLocalizedValues,
  type LocalizedValues,
  localizedTextOf,
  toLocalizedValues,
} from '../../components/localized-values';
import {
  ReasonField,
  SectionCard,
  SectionForm,
  type SectionProps,
  SourceBadge,
  useSectionSave,
} from './SectionCard';

/** The terms as documents print them, in the client's document language. */
function PrintedTerms({
  terms,
  language,
}: {
  terms: PaymentTermsData;
  language: ContractPage['vat']['documentLanguage'];
}) {
  const { t, i18n } = useTranslation();
  // The fixed phrases in the client's document language (its translations load on first use).
  const [loaded, setLoaded] = useState(() => i18n.hasResourceBundle(language, 'translation'));
  useEffect(() => {
    if (!loaded) void i18n.loadLanguages(language).then(() => setLoaded(true));
  }, [i18n, language, loaded]);
  const tDoc = loaded ? i18n.getFixedT(language) : t;
  const text = localizedTextOf(terms.text, language);
  return (
    <Paper
      withBorder
      p="sm"
      radius="sm"
      bg="var(--mantine-color-default-hover)"
      data-testid="payment-terms-printed"
    >
      <Text size="xs" c="dimmed" mb={4}>
        {t('contract.paymentTerms.printedAs', { language: languageNames[language] })}
      </Text>
      <Text fw={600} lang={language}>
        {tDoc('contract.paymentTerms.due', { count: terms.dueDays })}
      </Text>
      {terms.discountPercent !== null && terms.discountDays !== null && (
        <Text lang={language}>
          {tDoc('contract.paymentTerms.discount', {
            percent: terms.discountPercent,
            count: terms.discountDays,
          })}
        </Text>
      )}
      {text && (
        <Text lang={language} style={{ whiteSpace: 'pre-wrap' }}>
          {text}
        </Text>
      )}
    </Paper>
  );
}

/** (5) Payment terms: "general" (copied from the invoice settings) or "custom"; managers change them with a reason. */
export function PaymentTermsSection(props: SectionProps) {
  const { t } = useTranslation();
  const { paymentTerms, vat } = props.page;
  return (
    <SectionCard
      section="paymentTerms"
      title={t('contract.paymentTerms.title')}
      ability={paymentTerms.ability}
      testId="section-payment-terms"
      badge={
        paymentTerms.source && (
          <SourceBadge color={paymentTerms.source === 'custom' ? 'orange' : 'gray'}>
            <span data-testid="payment-terms-source">
              {t(`contract.paymentTerms.source.${paymentTerms.source}`)}
            </span>
          </SourceBadge>
        )
      }
      form={(close) => <PaymentTermsForm {...props} close={close} />}
    >
      {paymentTerms.terms ? (
        <PrintedTerms terms={paymentTerms.terms} language={vat.documentLanguage} />
      ) : (
        <Text c="dimmed" data-testid="payment-terms-none">
          {t('contract.paymentTerms.none')}
        </Text>
      )}
      <Text size="sm">{t(`contract.paymentTerms.explain.${paymentTerms.source ?? 'none'}`)}</Text>
    </SectionCard>
  );
}

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

function PaymentTermsForm(props: SectionProps & { close: () => void }) {
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
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <NumberInput
              label={t('invoiceSettings.terms.dueDays')}
              min={0}
              max={365}
              allowDecimal={false}
              allowNegative={false}
              required
              data-testid="terms-due-days"
              {...form.getInputProps('dueDays')}
            />
          </SimpleGrid>
          <Switch
            label={t('invoiceSettings.terms.hasDiscount')}
            {...form.getInputProps('hasDiscount', { type: 'checkbox' })}
          />
          {values.hasDiscount && (
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
              <TextInput
                label={t('invoiceSettings.terms.discountPercent')}
                rightSection="%"
                inputMode="decimal"
                required
                {...form.getInputProps('discountPercent')}
              />
              <NumberInput
                label={t('invoiceSettings.terms.discountDays')}
                min={0}
                max={365}
                allowDecimal={false}
                allowNegative={false}
                required
                {...form.getInputProps('discountDays')}
              />
            </SimpleGrid>
          )}
          <LocalizedTextFields
            legend={t('invoiceSettings.terms.text')}
            required
            multiline
            testId="terms-text"
            inputProps={(lang) => form.getInputProps(`text.${lang}`)}
            error={form.errors.text}
            onEdit={() => form.clearFieldError('text')}
          />
        </Stack>
      )}
      {paymentTerms.ability.reasonRequired && <ReasonField inputProps={form.getInputProps('reason')} />}
    </SectionForm>
  );
}
