import { NumberInput, SimpleGrid, Stack, Switch, TextInput } from '@mantine/core';
import type { GetInputPropsReturnType } from '@mantine/form';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../shared/locales';
import { LocalizedTextFields } from './LocalizedTextFields';

type Field = 'dueDays' | 'hasDiscount' | 'discountPercent' | 'discountDays';

/**
 * The fields of payment terms — due in N days, an optional early-payment discount of P % within M
 * days, the printed text per language — as the operator's invoice settings and an account's custom
 * terms both edit them. `inputProps` maps a field to the form's props (its path differs per form).
 */
export function PaymentTermsFields({
  inputProps,
  textProps,
  textError,
  onTextEdit,
  hasDiscount,
  withHints = false,
  dueDaysTestId,
}: {
  inputProps: (field: Field, options?: { type: 'checkbox' }) => GetInputPropsReturnType;
  textProps: (lang: Locale) => GetInputPropsReturnType;
  textError: ReactNode;
  onTextEdit: () => void;
  hasDiscount: boolean;
  withHints?: boolean;
  dueDaysTestId: string;
}) {
  const { t } = useTranslation();
  const days = { min: 0, max: 365, allowDecimal: false, allowNegative: false, required: true } as const;
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <NumberInput
          label={t('invoiceSettings.terms.dueDays')}
          description={withHints ? t('invoiceSettings.terms.dueDaysHint') : undefined}
          {...days}
          data-testid={dueDaysTestId}
          {...inputProps('dueDays')}
        />
      </SimpleGrid>
      <Switch
        label={t('invoiceSettings.terms.hasDiscount')}
        {...inputProps('hasDiscount', { type: 'checkbox' })}
      />
      {hasDiscount && (
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <TextInput
            label={t('invoiceSettings.terms.discountPercent')}
            rightSection="%"
            inputMode="decimal"
            required
            {...inputProps('discountPercent')}
          />
          <NumberInput
            label={t('invoiceSettings.terms.discountDays')}
            {...days}
            {...inputProps('discountDays')}
          />
        </SimpleGrid>
      )}
      <LocalizedTextFields
        legend={t('invoiceSettings.terms.text')}
        description={withHints ? t('invoiceSettings.terms.textHint') : undefined}
        required
        multiline
        testId="terms-text"
        inputProps={textProps}
        error={textError}
        onEdit={onTextEdit}
      />
    </Stack>
  );
}
