import { Group, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { contractCustomerNumberBody } from '../../../shared/schemas/contract-page';
import { zodFieldErrors } from '../../app/validation';
import { type EditFormProps, SectionForm, useSectionSave } from './SectionForm';

type Values = { customerNumber: string; reason: string };

const toBody = (v: Values) => ({
  customerNumber: v.customerNumber.trim() || null,
  reason: v.reason.trim() || undefined,
});

/** Sends the version read, so a concurrent change is not overwritten (409 shows the current number). */
export function CustomerNumberForm(props: EditFormProps) {
  const { t } = useTranslation();
  const form = useForm<Values>({
    initialValues: { customerNumber: props.page.customerNumber.value ?? '', reason: '' },
    validate: (v) => zodFieldErrors(contractCustomerNumberBody, { ...toBody(v), version: 1 }, t),
  });
  const save = useSectionSave(props, 'customer-number', {
    savedMessage: t('accounts.customerNumber.saved'),
    onSaved: props.close,
    // "taken" (another account has the number) is translated under contract.problems.
    onFieldErrors: (errors) => form.setErrors(errors),
  });
  return (
    <SectionForm
      testId="section-customer-number"
      onSubmit={form.onSubmit((v) => save.save(toBody(v)))}
      onCancel={props.close}
      pending={save.pending}
      bannerError={save.bannerError}
      saveLabel={t('accounts.customerNumber.save')}
      conflict={
        save.conflict
          ? {
              text: t('accounts.customerNumber.conflict', {
                current: save.conflict.customerNumber.value ?? t('accounts.customerNumber.none'),
              }),
              onUseCurrent: () => {
                form.setFieldValue('customerNumber', save.conflict?.customerNumber.value ?? '');
                save.clearConflict();
              },
            }
          : null
      }
    >
      <Group align="flex-start" grow preventGrowOverflow={false} wrap="wrap">
        <TextInput
          label={t('accounts.fields.customerNumber')}
          description={t('accounts.customerNumber.hint')}
          data-testid="customer-number-input"
          miw={200}
          {...form.getInputProps('customerNumber')}
        />
        <TextInput
          label={t('accounts.customerNumber.reason')}
          description={t('accounts.customerNumber.reasonHint')}
          miw={200}
          {...form.getInputProps('reason')}
        />
      </Group>
    </SectionForm>
  );
}
