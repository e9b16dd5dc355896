import { Alert, Button, Group, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorBanner } from '../../components/ErrorBanner';
import { resendVerification } from './registration.api';

/** "Send the link again" for the logged-in client; tells when it went out. */
export function ResendVerificationButton() {
  const { t } = useTranslation();
  const resend = useMutation({ mutationFn: resendVerification });
  if (resend.isSuccess) {
    return (
      <Text size="sm" c="green.8" role="status" data-testid="verification-resent">
        {t('registration.verify.resent')}
      </Text>
    );
  }
  return (
    <>
      <Group>
        <Button
          size="xs"
          variant="outline"
          loading={resend.isPending}
          onClick={() => resend.mutate()}
          data-testid="resend-verification"
        >
          {t('registration.verify.resend')}
        </Button>
      </Group>
      {resend.isError && <ErrorBanner error={resend.error} />}
    </>
  );
}

/** The banner shown while the client's e-mail address is not confirmed (ordering needs it). */
export function EmailNotVerifiedBanner() {
  const { t } = useTranslation();
  return (
    <Alert
      color="yellow"
      variant="light"
      role="status"
      title={t('registration.verify.bannerTitle')}
      data-testid="email-not-verified"
    >
      <Text size="sm" mb="xs">
        {t('registration.verify.banner')}
      </Text>
      <ResendVerificationButton />
    </Alert>
  );
}
