import { Button, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { purchaseOrderBody } from '../../../shared/schemas/contract-page';
import { zodFieldErrors } from '../../app/validation';
import { type EditFormProps, SectionForm, useSectionSave } from './SectionForm';

export function PurchaseOrderForm(props: EditFormProps) {
  const { t } = useTranslation();
  const form = useForm<{ purchaseOrderNumber: string }>({
    initialValues: { purchaseOrderNumber: props.page.purchaseOrder.value ?? '' },
    validate: (v) =>
      v.purchaseOrderNumber.trim()
        ? zodFieldErrors(
            purchaseOrderBody,
            { purchaseOrderNumber: v.purchaseOrderNumber.trim(), version: 1 },
            t,
          )
        : { purchaseOrderNumber: t('validation.required') },
  });
  const save = useSectionSave(props, 'purchase-order', {
    savedMessage: t('contract.purchaseOrder.saved'),
    onSaved: props.close,
    onFieldErrors: (errors) => form.setErrors(errors),
  });
  return (
    <SectionForm
      testId="section-purchase-order"
      onSubmit={form.onSubmit((v) => save.save({ purchaseOrderNumber: v.purchaseOrderNumber.trim() }))}
      onCancel={props.close}
      pending={save.pending}
      bannerError={save.bannerError}
      extraActions={
        props.page.purchaseOrder.value && (
          <Button
            variant="outline"
            color="red"
            onClick={() => save.save({ purchaseOrderNumber: null })}
            data-testid="purchase-order-remove"
          >
            {t('contract.purchaseOrder.remove')}
          </Button>
        )
      }
      conflict={
        save.conflict
          ? {
              text: t('contract.purchaseOrder.conflict', {
                current: save.conflict.purchaseOrder.value ?? t('contract.purchaseOrder.none'),
              }),
              onUseCurrent: () => {
                form.setFieldValue('purchaseOrderNumber', save.conflict?.purchaseOrder.value ?? '');
                save.clearConflict();
              },
            }
          : null
      }
    >
      <TextInput
        label={t('contract.purchaseOrder.label')}
        maxLength={60}
        required
        data-testid="purchase-order-input"
        {...form.getInputProps('purchaseOrderNumber')}
      />
    </SectionForm>
  );
}
