import { Button, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { loginBody, type Realm } from '../../../shared/schemas';
import { isApiError } from '../../app/api';
import { useReplaceSession } from '../../app/session';
import { zodFieldErrors } from '../../app/validation';
import { AnchorLink } from '../../components/AnchorLink';
import { AppForm } from '../../components/AppForm';
import { AppLayout } from '../../components/AppLayout';
import { AuthCard } from '../../components/AuthCard';
import { ErrorBanner } from '../../components/ErrorBanner';
import { PasswordField } from '../../components/PasswordField';
import { type LoginBody, login } from './auth.api';

export function LoginPage({ realm }: { realm: Realm }) {
  const { t } = useTranslation();
  const replaceSession = useReplaceSession();
  const form = useForm<LoginBody>({
    initialValues: { email: '', password: '' },
    validate: (values) => zodFieldErrors(loginBody, values, t),
  });
  const submit = useMutation({
    mutationFn: (values: LoginBody) => login(realm, values),
    onSuccess: replaceSession,
    onError: (error) => {
      if (isApiError(error)) form.setErrors(error.fieldErrors);
    },
  });
  const isWrongCredentials = isApiError(submit.error) && submit.error.status === 401;

  return (
    <AppLayout title={t(realm === 'staff' ? 'auth.login.staffTitle' : 'auth.login.clientTitle')}>
      <AuthCard
        width={420}
        title={t(realm === 'staff' ? 'auth.login.staffTitle' : 'auth.login.clientTitle')}
        intro={t(realm === 'staff' ? 'auth.login.staffIntro' : 'auth.login.clientIntro')}
      >
        <AppForm onSubmit={form.onSubmit((values) => submit.mutate(values))}>
          <Stack>
            {submit.isError && (
              <ErrorBanner
                error={submit.error}
                message={isWrongCredentials ? t('auth.login.wrongCredentials') : undefined}
              />
            )}
            <TextInput
              label={t('auth.fields.email')}
              type="email"
              autoComplete="username"
              required
              {...form.getInputProps('email')}
            />
            <PasswordField
              label={t('auth.fields.password')}
              autoComplete="current-password"
              required
              {...form.getInputProps('password')}
            />
            <Button type="submit" loading={submit.isPending} fullWidth>
              {t('auth.login.submit')}
            </Button>
            <AnchorLink to="/forgot-password" search={{ realm }} size="sm" ta="center">
              {t('auth.login.forgotPassword')}
            </AnchorLink>
            {realm === 'client' && (
              <AnchorLink to="/register" size="sm" ta="center" data-testid="register-link">
                {t('registration.loginLink')}
              </AnchorLink>
            )}
          </Stack>
        </AppForm>
      </AuthCard>
    </AppLayout>
  );
}
