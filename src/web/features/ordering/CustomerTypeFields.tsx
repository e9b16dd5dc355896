import { Radio, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { OrderForm } from './order-page';

/**
 * Asked at the first order (ADR 0007): a business — company name (in the contract partner) and an
 * optional VAT ID — or a private person. It decides which tariffs can be ordered (business-only ones
 * not by a private person) and is stored on the account. `client`: the client's name when staff
 * order on the client's behalf.
 */
export function CustomerTypeFields({ form, client }: { form: OrderForm; client?: string | undefined }) {
  const { t } = useTranslation();
  const value = form.values.customerType;
  return (
    <Stack gap="xs" mb="md" data-testid="customer-type">
      <Radio.Group
        label={
          client === undefined ? t('customerKind.question') : t('customerKind.questionStaff', { client })
        }
        required
        value={value || null}
        onChange={(next) => form.setFieldValue('customerType', next as 'business' | 'consumer')}
        error={form.errors.customerType}
      >
        <Stack gap={6} mt={6}>
          <Radio value="business" label={t('customerKind.business')} data-testid="customer-type-business" />
          <Radio value="consumer" label={t('customerKind.consumer')} data-testid="customer-type-consumer" />
        </Stack>
      </Radio.Group>
      {value === 'business' && (
        <TextInput
          label={t('customerKind.vatId')}
          description={t('customerKind.vatIdHint')}
          autoComplete="off"
          maw={320}
          {...form.getInputProps('vatId')}
        />
      )}
    </Stack>
  );
}
