import { Alert, Button, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { newPassword } from '../../../shared/schemas';
import { type FieldErrors, isApiError } from '../../app/api';
import { sessionQueryKey } from '../../app/session';
import { zodMessage } from '../../app/validation';
import { AnchorLink } from '../../components/AnchorLink';
import { AppLayout } from '../../components/AppLayout';
import { AuthCard } from '../../components/AuthCard';
import { ErrorBanner } from '../../components/ErrorBanner';
import { NewPasswordFields } from '../../components/NewPasswordFields';
import { PageLoader } from '../../components/PageLoader';
import { acceptInvitation, previewInvitation, usersErrorMessage, usersProblemOf } from './account-users.api';

const linkProblems = [
  'invitation_invalid',
  'invitation_used',
  'invitation_revoked',
  'invitation_expired',
] as const;

type Values = { name: string; password: string; passwordRepeat: string };

function validate(values: Values, t: TFunction): FieldErrors {
  const errors: FieldErrors = {};
  if (values.name.trim() === '') errors.name = t('validation.required');
  const passwordProblem = zodMessage(newPassword, values.password, t);
  if (passwordProblem) errors.password = passwordProblem;
  if (values.passwordRepeat !== values.password) errors.passwordRepeat = t('auth.reset.mismatch');
  return errors;
}

/** `/invitation?token=`: the link of an invitation e-mail; the invitee chooses name and password and is logged in. */
export function AcceptInvitationPage({ token }: { token: string | undefined }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const preview = useQuery({
    queryKey: ['invitation', token],
    queryFn: () => previewInvitation(token ?? ''),
    enabled: token !== undefined,
    retry: false,
  });
  const form = useForm<Values>({
    initialValues: { name: '', password: '', passwordRepeat: '' },
    validate: (values) => validate(values, t),
  });
  const accept = useMutation({
    mutationFn: (values: Values) =>
      acceptInvitation({ token: token ?? '', name: values.name.trim(), password: values.password }),
    onSuccess: async (session) => {
      queryClient.setQueryData(sessionQueryKey, session);
      await navigate({ to: '/' });
    },
    onError: (error) => {
      if (isApiError(error)) form.setErrors(error.fieldErrors);
    },
  });
  const problem = !token
    ? 'invitation_invalid'
    : (usersProblemOf(accept.error) ?? usersProblemOf(preview.error));
  const linkProblem = linkProblems.find((p) => p === problem);

  return (
    <AppLayout title={t('invitation.title')}>
      <AuthCard width={480} title={t('invitation.title')}>
        {linkProblem ? (
          <>
            <Alert color="red" variant="light" role="alert" data-testid="invitation-problem">
              {t(`accountUsers.problems.${linkProblem}`)}
            </Alert>
            <AnchorLink to="/" size="sm">
              {t('invitation.toLogin')}
            </AnchorLink>
          </>
        ) : preview.isPending ? (
          <PageLoader />
        ) : preview.isError ? (
          <ErrorBanner error={preview.error} onRetry={() => void preview.refetch()} />
        ) : (
          <form noValidate onSubmit={form.onSubmit((values) => accept.mutate(values))}>
            <Stack>
              <Text size="sm" data-testid="invitation-intro">
                {t(`invitation.intro.${preview.data.role}`, {
                  account: preview.data.accountName,
                  email: preview.data.email,
                })}
              </Text>
              {accept.isError && (
                <ErrorBanner error={accept.error} message={usersErrorMessage(accept.error, t)} />
              )}
              <TextInput
                label={t('invitation.name')}
                autoComplete="name"
                required
                {...form.getInputProps('name')}
              />
              <NewPasswordFields
                label={t('auth.reset.password')}
                hint={t('auth.reset.passwordHint')}
                repeatLabel={t('auth.reset.passwordRepeat')}
                inputProps={(field) => form.getInputProps(field)}
              />
              <Button type="submit" loading={accept.isPending} fullWidth>
                {t('invitation.submit')}
              </Button>
            </Stack>
          </form>
        )}
      </AuthCard>
    </AppLayout>
  );
}
