import { Button, Radio, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../app/api';
import { useLocale } from '../../app/i18n';
import { AppForm } from '../../components/AppForm';
import { AppLayout } from '../../components/AppLayout';
import { AuthCard } from '../../components/AuthCard';
import { ErrorBanner } from '../../components/ErrorBanner';
import { declareCancellation, keepReceipt } from './cancellation.api';

type Values = {
  kind: 'ordinary' | 'extraordinary';
  reason: string;
  name: string;
  email: string;
  contract: string;
  desiredEndDate: string;
  confirmationEmail: string;
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * `/cancel-contracts`: the cancellation button of §312k BGB. One page, no login, exactly the
 * fields the law asks for; "cancel now" submits and the receipt page follows.
 */
export function CancelContractsPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const form = useForm<Values>({
    initialValues: {
      kind: 'ordinary',
      reason: '',
      name: '',
      email: '',
      contract: '',
      desiredEndDate: '',
      confirmationEmail: '',
    },
    validate: {
      reason: (v, values) =>
        values.kind === 'extraordinary' && !v.trim() ? t('cancellationButton.reasonRequired') : null,
      name: (v) => (v.trim() ? null : t('validation.required')),
      email: (v) => (EMAIL.test(v.trim()) ? null : t('validation.email')),
      contract: (v) => (v.trim() ? null : t('validation.required')),
      confirmationEmail: (v) => (EMAIL.test(v.trim()) ? null : t('validation.email')),
    },
  });
  const submit = useMutation({
    mutationFn: (v: Values) =>
      declareCancellation({
        kind: v.kind,
        ...(v.kind === 'extraordinary' ? { reason: v.reason.trim() } : {}),
        name: v.name.trim(),
        email: v.email.trim(),
        contract: v.contract.trim(),
        desiredEndDate: v.desiredEndDate || null,
        confirmationEmail: v.confirmationEmail.trim(),
        locale,
      }),
    onSuccess: (receipt) => {
      keepReceipt(receipt);
      void navigate({ to: '/cancel-contracts/receipt' });
    },
    onError: (error) => {
      if (isApiError(error)) form.setErrors(error.fieldErrors);
    },
  });
  return (
    <AppLayout title={t('cancellationButton.title')}>
      <AuthCard width={620} title={t('cancellationButton.title')} intro={t('cancellationButton.intro')}>
        <AppForm onSubmit={form.onSubmit((v) => submit.mutate(v))} data-testid="cancellation-form">
          <Stack>
            {submit.isError && <ErrorBanner error={submit.error} />}
            <Radio.Group label={t('cancellationButton.kind')} required {...form.getInputProps('kind')}>
              <Stack gap="xs" mt="xs">
                <Radio value="ordinary" label={t('cancellationButton.ordinary')} />
                <Radio value="extraordinary" label={t('cancellationButton.extraordinary')} />
              </Stack>
            </Radio.Group>
            {form.values.kind === 'extraordinary' && (
              <Textarea
                label={t('cancellationButton.reason')}
                required
                rows={3}
                {...form.getInputProps('reason')}
              />
            )}
            <TextInput
              label={t('cancellationButton.name')}
              autoComplete="name"
              required
              {...form.getInputProps('name')}
            />
            <TextInput
              label={t('cancellationButton.email')}
              type="email"
              autoComplete="email"
              required
              {...form.getInputProps('email')}
            />
            <TextInput
              label={t('cancellationButton.contract')}
              description={t('cancellationButton.contractHint')}
              required
              {...form.getInputProps('contract')}
            />
            <TextInput
              label={t('cancellationButton.desiredEndDate')}
              description={t('cancellationButton.desiredEndDateHint')}
              type="date"
              {...form.getInputProps('desiredEndDate')}
            />
            <TextInput
              label={t('cancellationButton.confirmationEmail')}
              type="email"
              autoComplete="email"
              required
              {...form.getInputProps('confirmationEmail')}
            />
            <Text size="sm" c="dimmed">
              {t('cancellationButton.noLoginNote')}
            </Text>
            <Button type="submit" color="red" loading={submit.isPending} fullWidth>
              {t('cancellationButton.submit')}
            </Button>
          </Stack>
        </AppForm>
      </AuthCard>
    </AppLayout>
  );
}
