import { Radio, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { validateVatId } from '../../../shared/identifiers';
import type { ContractPage } from '../../../shared/schemas/contract-page';
import { type EditFormProps, SectionForm, useSectionSave } from './SectionForm';

type Values = { treatment: ContractPage['vat']['treatment']; vatId: string };

export function VatForm(props: EditFormProps) {
  const { t } = useTranslation();
  const toValues = (page: ContractPage): Values => ({
    treatment: page.vat.treatment,
    vatId: page.vat.vatId ?? '',
  });
  const form = useForm<Values>({
    initialValues: toValues(props.page),
    validate: (v) => {
      const vatId = v.vatId.trim();
      if (!vatId)
        return v.treatment === 'reverse_charge' ? { vatId: t('contract.problems.vatId.required') } : {};
      const checked = validateVatId(vatId);
      return checked.ok ? {} : { vatId: t(`contract.problems.vatId.${checked.code}`) };
    },
  });
  const save = useSectionSave(props, 'vat', {
    savedMessage: t('contract.vat.saved'),
    onSaved: props.close,
    onFieldErrors: (errors) => form.setErrors(errors),
  });
  return (
    <SectionForm
      testId="section-vat"
      onSubmit={form.onSubmit((v) => save.save({ treatment: v.treatment, vatId: v.vatId.trim() || null }))}
      onCancel={props.close}
      pending={save.pending}
      bannerError={save.bannerError}
      conflict={
        save.conflict
          ? {
              text: t('contract.vat.conflict', {
                current: `${t(`contract.vat.treatments.${save.conflict.vat.treatment}`)}${
                  save.conflict.vat.vatId ? `, ${save.conflict.vat.vatId}` : ''
                }`,
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
      <Radio.Group label={t('contract.vat.treatment')} required {...form.getInputProps('treatment')}>
        <Stack gap="xs" mt={4}>
          {(['standard', 'reverse_charge', 'not_taxable'] as const).map((treatment) => (
            <Radio
              key={treatment}
              value={treatment}
              label={t(`contract.vat.treatments.${treatment}`)}
              description={t(`contract.vat.explain.${treatment}`)}
              data-testid={`vat-${treatment}`}
            />
          ))}
        </Stack>
      </Radio.Group>
      <TextInput
        label={t('contract.vat.vatId')}
        description={t('contract.vat.vatIdHint')}
        required={form.getValues().treatment === 'reverse_charge'}
        autoComplete="off"
        data-testid="vat-id-input"
        {...form.getInputProps('vatId')}
      />
    </SectionForm>
  );
}
