import { Alert, Button, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../app/api';
import { sessionQueryKey, useSession } from '../../app/session';
import { AnchorLink } from '../../components/AnchorLink';
import { AppLayout } from '../../components/AppLayout';
import { AuthCard } from '../../components/AuthCard';
import { ErrorBanner } from '../../components/ErrorBanner';
import { LoadingIndicator } from '../../components/LoadingIndicator';
import { ResendVerificationButton } from './ResendVerification';
import { verifyEmail } from './registration.api';

export const verificationProblems = [
  'verification_token_invalid',
  'verification_token_expired',
  'verification_token_used',
] as const;
export type VerificationProblem = (typeof verificationProblems)[number];

/** The token problem the server named, or null for any other failure. */
export function verificationProblemOf(error: unknown): VerificationProblem | null {
  if (!isApiError(error)) return null;
  const code = error.code;
  return verificationProblems.find((p) => p === code) ?? null;
}

/** `/verify-email?token=`: confirms the address once, on opening the link from the e-mail. */
export function VerifyEmailPage({ token }: { token: string | undefined }) {
  const { t } = useTranslation();
  const session = useSession();
  const queryClient = useQueryClient();
  const verify = useMutation({
    mutationFn: verifyEmail,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: sessionQueryKey });
      void queryClient.invalidateQueries({ queryKey: ['ordering'] });
    },
  });
  const started = useRef(false);
  const { mutate } = verify;
  useEffect(() => {
    // The token is single use: send it once, also when React runs the effect twice.
    if (!token || started.current) return;
    started.current = true;
    mutate(token);
  }, [token, mutate]);

  const problem: VerificationProblem | null = token
    ? verificationProblemOf(verify.error)
    : 'verification_token_invalid';
  const isClient = session.realm === 'client';

  return (
    <AppLayout realm={isClient ? 'client' : undefined} title={t('registration.verify.title')}>
      <AuthCard width={480} title={t('registration.verify.title')}>
        {verify.isSuccess ? (
          <>
            <Alert color="green" variant="light" role="status" data-testid="verify-done">
              {t('registration.verify.done')}
            </Alert>
            <AnchorLink to="/" size="sm">
              {isClient ? t('registration.verify.toHome') : t('registration.verify.toLogin')}
            </AnchorLink>
          </>
        ) : problem ? (
          <>
            <Alert color="red" variant="light" role="alert" data-testid="verify-problem">
              {t(`registration.verify.problems.${problem}`)}
            </Alert>
            {problem === 'verification_token_used' ? (
              <AnchorLink to="/" size="sm">
                {isClient ? t('registration.verify.toHome') : t('registration.verify.toLogin')}
              </AnchorLink>
            ) : isClient ? (
              <ResendVerificationButton />
            ) : (
              <Text size="sm">
                {t('registration.verify.loginToResend')}{' '}
                <AnchorLink to="/">{t('registration.verify.toLogin')}</AnchorLink>
              </Text>
            )}
          </>
        ) : verify.isError ? (
          <>
            <ErrorBanner error={verify.error} />
            <Button variant="outline" onClick={() => token && verify.mutate(token)}>
              {t('common.retry')}
            </Button>
          </>
        ) : (
          <Stack align="center" py="md">
            <LoadingIndicator />
            <Text size="sm" c="dimmed">
              {t('registration.verify.checking')}
            </Text>
          </Stack>
        )}
      </AuthCard>
    </AppLayout>
  );
}
