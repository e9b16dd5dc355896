import { ActionIcon, Button, Group, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { type ContractPage, MAX_INVOICE_RECIPIENTS } from '../../../shared/schemas/contract-page';
import { type EditFormProps, SectionForm, useSectionSave } from './SectionForm';

const emailSchema = z.email();

type Values = { recipients: string[]; delivery: ContractPage['invoiceReceipt']['delivery'] };

export function InvoiceReceiptForm(props: EditFormProps) {
  const { t } = useTranslation();
  const toValues = (page: ContractPage): Values => ({
    recipients: page.invoiceReceipt.recipients.length > 0 ? [...page.invoiceReceipt.recipients] : [''],
    delivery: page.invoiceReceipt.delivery,
  });
  const form = useForm<Values>({
    initialValues: toValues(props.page),
    validate: (v) => {
      const errors: Record<string, string> = {};
      const seen = new Set<string>();
      v.recipients.forEach((r, i) => {
        const key = r.trim().toLowerCase();
        if (!key) errors[`recipients.${i}`] = t('validation.required');
        else if (!emailSchema.safeParse(r.trim()).success) errors[`recipients.${i}`] = t('validation.email');
        else if (seen.has(key)) errors[`recipients.${i}`] = t('contract.problems.duplicate');
        seen.add(key);
      });
      return errors;
    },
  });
  const save = useSectionSave(props, 'invoice-receipt', {
    savedMessage: t('contract.invoiceReceipt.saved'),
    onSaved: props.close,
    onFieldErrors: (errors) => form.setErrors(errors),
  });
  const { recipients } = form.getValues();
  return (
    <SectionForm
      testId="section-invoice-receipt"
      onSubmit={form.onSubmit((v) =>
        save.save({ recipients: v.recipients.map((r) => r.trim()), delivery: v.delivery }),
      )}
      onCancel={props.close}
      pending={save.pending}
      bannerError={save.bannerError}
      conflict={
        save.conflict
          ? {
              text: t('contract.invoiceReceipt.conflict', {
                current: save.conflict.invoiceReceipt.recipients.join(', ') || '—',
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
      <Stack gap="xs">
        <Text size="sm" fw={600}>
          {t('contract.invoiceReceipt.recipients')}
        </Text>
        <Text size="xs" c="dimmed">
          {t('contract.invoiceReceipt.recipientsHint', { max: MAX_INVOICE_RECIPIENTS })}
        </Text>
        {form.errors.recipients && (
          <Text size="sm" c="red" role="alert">
            {form.errors.recipients}
          </Text>
        )}
        {recipients.map((_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the rows are positions in the list being edited
          <Group key={i} gap="xs" align="flex-start" wrap="nowrap">
            <TextInput
              type="email"
              label={t('contract.invoiceReceipt.recipientN', { n: i + 1 })}
              required
              style={{ flex: 1, minWidth: 0 }}
              data-testid={`recipient-${i}`}
              {...form.getInputProps(`recipients.${i}`)}
            />
            {recipients.length > 1 && (
              <ActionIcon
                variant="subtle"
                color="red"
                mt={26}
                size="lg"
                aria-label={t('contract.invoiceReceipt.removeN', { n: i + 1 })}
                onClick={() => form.removeListItem('recipients', i)}
                data-testid={`recipient-remove-${i}`}
              >
                ×
              </ActionIcon>
            )}
          </Group>
        ))}
        {recipients.length < MAX_INVOICE_RECIPIENTS && (
          <Group>
            <Button
              variant="light"
              size="xs"
              onClick={() => form.insertListItem('recipients', '')}
              data-testid="recipient-add"
            >
              {t('contract.invoiceReceipt.add')}
            </Button>
          </Group>
        )}
      </Stack>
      <Radio.Group label={t('contract.invoiceReceipt.delivery')} required {...form.getInputProps('delivery')}>
        <Stack gap="xs" mt={4}>
          <Radio
            value="attachment"
            label={t('contract.invoiceReceipt.modes.attachment')}
            data-testid="delivery-attachment"
          />
          <Radio value="link" label={t('contract.invoiceReceipt.modes.link')} data-testid="delivery-link" />
        </Stack>
      </Radio.Group>
    </SectionForm>
  );
}
