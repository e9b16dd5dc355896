import { Alert, Button, Checkbox, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../app/api';
import { useLocale } from '../../app/i18n';
import { sessionQueryKey } from '../../app/session';
import { AnchorLink } from '../../components/AnchorLink';
import { AppForm } from '../../components/AppForm';
import { AppLayout } from '../../components/AppLayout';
import { AuthCard } from '../../components/AuthCard';
import { ErrorBanner } from '../../components/ErrorBanner';
import { NewPasswordFields } from '../../components/NewPasswordFields';
import { PageLoader } from '../../components/PageLoader';
import { LegalDocumentText } from './LegalDocumentText';
import { fetchCurrentLegalDocument, legalKeys, register } from './registration.api';
import {
  emptyRegistration,
  type RegistrationValues,
  toRegistrationBody,
  validateRegistration,
} from './registration-form';

/** `/register`: a free client account with name, e-mail, password and the privacy policy accepted. */
export function RegisterPage() {
  const { t } = useTranslation();
  const privacy = useQuery({
    queryKey: legalKeys.current('privacy'),
    queryFn: ({ signal }) => fetchCurrentLegalDocument('privacy', signal),
    retry: (count, error) => !(isApiError(error) && error.status === 404) && count < 2,
  });
  const noPolicy = isApiError(privacy.error) && privacy.error.status === 404;
  const [done, setDone] = useState(false);
  return (
    <AppLayout title={t('registration.title')}>
      <AuthCard
        width={520}
        title={t('registration.title')}
        intro={done ? undefined : t('registration.intro')}
      >
        {privacy.isPending && <PageLoader />}
        {noPolicy && (
          <Alert color="yellow" variant="light" role="alert">
            {t('registration.noPrivacyPolicy')}
          </Alert>
        )}
        {privacy.isError && !noPolicy && (
          <ErrorBanner error={privacy.error} onRetry={() => void privacy.refetch()} />
        )}
        {privacy.data && (
          <RegistrationForm
            privacyPolicyId={privacy.data.id}
            onOutdated={() => void privacy.refetch()}
            onDone={() => setDone(true)}
          >
            <LegalDocumentText document={privacy.data} testId="privacy-policy" />
          </RegistrationForm>
        )}
        {!done && (
          <AnchorLink to="/" size="sm" ta="center">
            {t('registration.toLogin')}
          </AnchorLink>
        )}
      </AuthCard>
    </AppLayout>
  );
}

function RegistrationForm({
  privacyPolicyId,
  onOutdated,
  onDone,
  children,
}: {
  privacyPolicyId: string;
  onOutdated: () => void;
  onDone: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const queryClient = useQueryClient();
  const form = useForm<RegistrationValues>({
    initialValues: emptyRegistration,
    validate: (values) => validateRegistration(values, t),
  });
  const submit = useMutation({
    mutationFn: (values: RegistrationValues) => register(toRegistrationBody(values, privacyPolicyId, locale)),
    onSuccess: () => {
      onDone();
      // A new account is logged in right away; the header shows it after the session reloads.
      void queryClient.invalidateQueries({ queryKey: sessionQueryKey });
    },
    onError: (error) => {
      if (!isApiError(error)) return;
      form.setErrors(error.fieldErrors);
      if (error.code === 'legal_version_outdated') {
        form.setFieldValue('acceptPrivacyPolicy', false);
        onOutdated();
      }
    },
  });

  if (submit.isSuccess) {
    return (
      <Stack>
        <Alert color="green" variant="light" role="status" data-testid="registration-done">
          <Text fw={600} size="sm">
            {t('registration.doneTitle')}
          </Text>
          <Text size="sm">{t('registration.done', { email: form.values.email.trim() })}</Text>
        </Alert>
        <AnchorLink to="/" size="sm">
          {t('registration.toPortal')}
        </AnchorLink>
      </Stack>
    );
  }

  const outdated = isApiError(submit.error) && submit.error.code === 'legal_version_outdated';
  return (
    <AppForm onSubmit={form.onSubmit((values) => submit.mutate(values))}>
      <Stack>
        {submit.isError && (
          <ErrorBanner
            error={submit.error}
            message={outdated ? t('registration.privacyOutdated') : undefined}
          />
        )}
        <TextInput
          label={t('registration.name')}
          autoComplete="name"
          required
          {...form.getInputProps('name')}
        />
        <TextInput
          label={t('auth.fields.email')}
          type="email"
          autoComplete="email"
          required
          {...form.getInputProps('email')}
        />
        <NewPasswordFields
          label={t('auth.fields.password')}
          hint={t('registration.passwordHint')}
          repeatLabel={t('registration.passwordRepeat')}
          inputProps={(field) => form.getInputProps(field)}
        />
        <Stack gap="xs">
          {children}
          <Checkbox
            label={t('registration.acceptPrivacy')}
            data-testid="accept-privacy"
            {...form.getInputProps('acceptPrivacyPolicy', { type: 'checkbox' })}
          />
        </Stack>
        <Button type="submit" loading={submit.isPending} fullWidth>
          {t('registration.submit')}
        </Button>
      </Stack>
    </AppForm>
  );
}
