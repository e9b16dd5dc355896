import { Alert, Button, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { passwordResetRequestBody, type Realm } from '../../../shared/schemas';
import { isApiError } from '../../app/api';
import { zodFieldErrors } from '../../app/validation';
import { AnchorLink } from '../../components/AnchorLink';
import { AppForm } from '../../components/AppForm';
import { AppLayout } from '../../components/AppLayout';
import { AuthCard } from '../../components/AuthCard';
import { ErrorBanner } from '../../components/ErrorBanner';
import { requestPasswordReset } from './auth.api';

export function ForgotPasswordPage({ realm }: { realm: Realm }) {
  const { t } = useTranslation();
  const form = useForm({
    initialValues: { email: '' },
    validate: (values) => zodFieldErrors(passwordResetRequestBody, { ...values, realm }, t),
  });
  const submit = useMutation({
    mutationFn: (email: string) => requestPasswordReset({ realm, email }),
    onError: (error) => {
      if (isApiError(error)) form.setErrors(error.fieldErrors);
    },
  });
  const loginLink = (
    <AnchorLink to={realm === 'staff' ? '/staff' : '/'} size="sm">
      {t('auth.forgot.backToLogin')}
    </AnchorLink>
  );

  return (
    <AppLayout title={t('auth.forgot.title')}>
      <AuthCard width={420} title={t('auth.forgot.title')}>
        {submit.isSuccess ? (
          <>
            <Alert color="blue" variant="light" role="status" data-testid="reset-requested">
              {t('auth.forgot.confirmation')}
            </Alert>
            {loginLink}
          </>
        ) : (
          <AppForm onSubmit={form.onSubmit((values) => submit.mutate(values.email))}>
            <Stack>
              <Text size="sm" c="dimmed">
                {t('auth.forgot.intro')}
              </Text>
              {submit.isError && <ErrorBanner error={submit.error} />}
              <TextInput
                label={t('auth.fields.email')}
                type="email"
                autoComplete="email"
                required
                {...form.getInputProps('email')}
              />
              <Button type="submit" loading={submit.isPending} fullWidth>
                {t('auth.forgot.submit')}
              </Button>
              {loginLink}
            </Stack>
          </AppForm>
        )}
      </AuthCard>
    </AppLayout>
  );
}
