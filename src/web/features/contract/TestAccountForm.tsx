import { Checkbox } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { type EditFormProps, SectionForm, useSectionSave } from './SectionForm';

export function TestAccountForm(props: EditFormProps) {
  const { t } = useTranslation();
  const form = useForm<{ isTestAccount: boolean }>({
    initialValues: { isTestAccount: props.page.testAccount.value },
  });
  const save = useSectionSave(props, 'test-account', {
    savedMessage: t('contract.testAccount.saved'),
    onSaved: props.close,
    onFieldErrors: (errors) => form.setErrors(errors),
  });
  return (
    <SectionForm
      testId="section-test-account"
      onSubmit={form.onSubmit((v) => save.save({ isTestAccount: v.isTestAccount }))}
      onCancel={props.close}
      pending={save.pending}
      bannerError={save.bannerError}
      conflict={
        save.conflict
          ? {
              text: t('contract.testAccount.conflict', {
                current: t(
                  save.conflict.testAccount.value ? 'contract.testAccount.yes' : 'contract.testAccount.no',
                ),
              }),
              onUseCurrent: () => {
                form.setFieldValue('isTestAccount', save.conflict?.testAccount.value ?? false);
                save.clearConflict();
              },
            }
          : null
      }
    >
      <Checkbox
        label={t('contract.testAccount.label')}
        data-testid="test-account-input"
        {...form.getInputProps('isTestAccount', { type: 'checkbox' })}
      />
    </SectionForm>
  );
}
