import { Checkbox, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { SectionCard, SectionForm, type SectionProps, useSectionSave } from './SectionCard';

/** (12) Test account: a manager's flag; documents of test accounts get their own number series and a TEST mark. */
export function TestAccountSection(props: SectionProps) {
  const { t } = useTranslation();
  const { testAccount } = props.page;
  return (
    <SectionCard
      section="testAccount"
      title={t('contract.testAccount.title')}
      ability={testAccount.ability}
      testId="section-test-account"
      form={(close) => <TestAccountForm {...props} close={close} />}
    >
      <Text data-testid="test-account-value" fw={600}>
        {t(testAccount.value ? 'contract.testAccount.yes' : 'contract.testAccount.no')}
      </Text>
      <Text size="sm">{t('contract.testAccount.effect')}</Text>
    </SectionCard>
  );
}

function TestAccountForm(props: SectionProps & { close: () => void }) {
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
