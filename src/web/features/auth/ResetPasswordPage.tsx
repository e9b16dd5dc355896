import { Alert, Button, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { newPassword } from '../../../shared/schemas';
import { type FieldErrors, isApiError } from '../../app/api';
import { zodMessage } from '../../app/validation';
import { AnchorLink } from '../../components/AnchorLink';
import { AppForm } from '../../components/AppForm';
import { AppLayout } from '../../components/AppLayout';
import { AuthCard } from '../../components/AuthCard';
import { ErrorBanner } from '../../components/ErrorBanner';
import { NewPasswordFields } from '../../components/NewPasswordFields';
import { confirmPasswordReset } from './auth.api';

const tokenProblems = ['reset_token_invalid', 'reset_token_expired', 'reset_token_used'] as const;
type TokenProblem = (typeof tokenProblems)[number];

function tokenProblemOf(error: unknown): TokenProblem | null {
  if (!isApiError(error)) return null;
  const code = error.code;
  return tokenProblems.find((p) => p === code) ?? null;
}

type ResetValues = { password: string; passwordRepeat: string };

function validateReset(values: ResetValues, t: TFunction): FieldErrors {
  const errors: FieldErrors = {};
  const passwordProblem = zodMessage(newPassword, values.password, t);
  if (passwordProblem) errors.password = passwordProblem;
  if (values.passwordRepeat !== values.password) errors.passwordRepeat = t('auth.reset.mismatch');
  return errors;
}

export function ResetPasswordPage({
  token,
  realm,
}: {
  token: string | undefined;
  realm: 'staff' | 'client';
}) {
  const { t } = useTranslation();
  const form = useForm<ResetValues>({
    initialValues: { password: '', passwordRepeat: '' },
    validate: (values) => validateReset(values, t),
  });
  const submit = useMutation({
    mutationFn: (password: string) => confirmPasswordReset({ token: token ?? '', password }),
    onError: (error) => {
      if (isApiError(error)) form.setErrors(error.fieldErrors);
    },
  });
  const tokenProblem: TokenProblem | null = token ? tokenProblemOf(submit.error) : 'reset_token_invalid';

  return (
    <AppLayout title={t('auth.reset.title')}>
      <AuthCard width={440} title={t('auth.reset.title')}>
        {submit.isSuccess ? (
          <>
            <Alert color="green" variant="light" role="status" data-testid="reset-done">
              {t('auth.reset.done')}
            </Alert>
            <AnchorLink to={realm === 'staff' ? '/staff' : '/'} size="sm" data-testid="reset-login">
              {t(realm === 'staff' ? 'auth.reset.toStaffLogin' : 'auth.reset.toClientLogin')}
            </AnchorLink>
          </>
        ) : tokenProblem ? (
          <>
            <Alert color="red" variant="light" role="alert" data-testid="reset-token-problem">
              {t(`auth.reset.problems.${tokenProblem}`)}
            </Alert>
            <AnchorLink to="/forgot-password" search={{ realm }} size="sm">
              {t('auth.reset.requestNew')}
            </AnchorLink>
          </>
        ) : (
          <AppForm onSubmit={form.onSubmit((values) => submit.mutate(values.password))}>
            <Stack>
              <Text size="sm" c="dimmed">
                {t('auth.reset.intro')}
              </Text>
              {submit.isError && <ErrorBanner error={submit.error} />}
              <NewPasswordFields
                label={t('auth.reset.password')}
                hint={t('auth.reset.passwordHint')}
                repeatLabel={t('auth.reset.passwordRepeat')}
                inputProps={(field) => form.getInputProps(field)}
              />
              <Button type="submit" loading={submit.isPending} fullWidth>
                {t('auth.reset.submit')}
              </Button>
            </Stack>
          </AppForm>
        )}
      </AuthCard>
    </AppLayout>
  );
}
