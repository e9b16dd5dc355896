import { Alert, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { AccountDetail } from '../../../shared/schemas';
import { useRealmUser, useSession } from '../../app/session';
import { AppLayout } from '../../components/AppLayout';
import { DetailList } from '../../components/DetailList';
import { ErrorBanner } from '../../components/ErrorBanner';
import { PageLoader } from '../../components/PageLoader';
import { AccountOwnerSection } from '../account-closing/AccountOwnerSection';
import { UsersTab } from '../account-users/UsersTab';
import { ClientDocumentsSection } from '../billing/BillingSection';
import { ClientModulesSection } from '../bookings/ClientModulesSection';
import { EmailNotVerifiedBanner } from '../registration/ResendVerification';
import { fetchOwnAccount, ownAccountKey } from './account-overview.api';

/** The client's home: their own account and its modules (the contract follows in a later issue). */
export function AccountOverviewPage() {
  const { t } = useTranslation();
  const account = useQuery({ queryKey: ownAccountKey, queryFn: ({ signal }) => fetchOwnAccount(signal) });
  return (
    <AppLayout realm="client" title={t('overview.title')}>
      {account.isPending && <PageLoader />}
      {account.isError && <ErrorBanner error={account.error} onRetry={() => void account.refetch()} />}
      {account.data && <AccountOverview account={account.data} />}
    </AppLayout>
  );
}

function AccountOverview({ account }: { account: AccountDetail }) {
  const { t } = useTranslation();
  const user = useRealmUser('client');
  const session = useSession();
  const isEmailUnverified = session.client !== null && !session.client.emailVerified;
  return (
    <Stack gap="lg">
      <div>
        <Text size="sm" c="dimmed">
          {user ? t('overview.welcome', { name: user.name }) : null}
        </Text>
        <Group gap="sm">
          <Title order={1} size="h2" data-testid="overview-title">
            {t('overview.title')}
          </Title>
        </Group>
      </div>
      {isEmailUnverified && <EmailNotVerifiedBanner />}
      <Card withBorder padding="lg" radius="md">
        <Title order={2} size="h4" mb="md">
          {account.name}
        </Title>
        <DetailList
          items={[
            {
              label: t('overview.customerNumber'),
              value: account.customerNumber ?? t('overview.noCustomerNumber'),
              testId: 'customer-number',
            },
            { label: t('overview.email'), value: account.email },
          ]}
        />
      </Card>
      <AccountOwnerSection accountId={account.id} realm="client" />
      <ClientModulesSection />
      <ClientDocumentsSection accountId={account.id} />
      <UsersTab accountId={account.id} realm="client" />
      <Alert variant="light" color="blue" title={t('overview.comingSoonTitle')}>
        {t('overview.comingSoon')}
      </Alert>
    </Stack>
  );
}
