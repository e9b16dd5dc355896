import { Card, Group, Stack, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { AccountDetail } from '../../../shared/schemas';
import { formatDate } from '../../app/format';
import { useLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { AnchorLink } from '../../components/AnchorLink';
import { AppLayout } from '../../components/AppLayout';
import { DetailList } from '../../components/DetailList';
import { ErrorBanner } from '../../components/ErrorBanner';
import { PageLoader } from '../../components/PageLoader';
import { AccountOwnerSection, ClosedBadge } from '../account-closing/AccountOwnerSection';
import { UsersTab } from '../account-users/UsersTab';
import { StaffBillingSection } from '../billing/BillingSection';
import { StaffModulesSection } from '../bookings/StaffModulesSection';
import { AuditTable } from './AuditTable';
import { accountKeys, fetchAccount } from './accounts.api';
import { CustomerNumberForm } from './CustomerNumberForm';
import { TestAccountBadge } from './TestAccountBadge';

export function AccountDetailPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const account = useQuery({
    queryKey: accountKeys.detail(id),
    queryFn: ({ signal }) => fetchAccount(id, signal),
  });
  return (
    <AppLayout realm="staff" title={account.data?.name ?? t('titles.account')}>
      <Stack>
        <AnchorLink to="/staff" size="sm">
          ← {t('accounts.detail.back')}
        </AnchorLink>
        {account.isPending && <PageLoader />}
        {account.isError && <ErrorBanner error={account.error} onRetry={() => void account.refetch()} />}
        {account.data && <AccountDetailView account={account.data} />}
      </Stack>
    </AppLayout>
  );
}

function AccountDetailView({ account }: { account: AccountDetail }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const session = useSession();
  const canEditCustomerNumber = account.abilities['contract.editCustomerNumber'] === true;
  return (
    <Stack gap="lg">
      <Group gap="sm">
        <Title order={1} size="h2">
          {account.name}
        </Title>
        {account.isTestAccount && <TestAccountBadge />}
        {account.closedAt && <ClosedBadge />}
      </Group>
      <Card withBorder padding="lg" radius="md">
        <Title order={2} size="h4" mb="md">
          {t('accounts.detail.data')}
        </Title>
        <DetailList
          items={[
            { label: t('accounts.fields.email'), value: account.email },
            {
              label: t('accounts.fields.customerNumber'),
              value: account.customerNumber ?? t('accounts.customerNumber.none'),
              testId: 'customer-number',
            },
            {
              label: t('accounts.fields.createdAt'),
              value: formatDate(account.createdAt, locale, session.tenant.timeZone),
            },
          ]}
        />
      </Card>
      {canEditCustomerNumber && (
        <Card withBorder padding="lg" radius="md">
          <Title order={2} size="h4" mb="md">
            {t('accounts.customerNumber.title')}
          </Title>
          <CustomerNumberForm account={account} />
        </Card>
      )}
      <AccountOwnerSection accountId={account.id} realm="staff" />
      <StaffModulesSection accountId={account.id} />
      <StaffBillingSection accountId={account.id} />
      <UsersTab accountId={account.id} realm="staff" />
      {account.abilities['account.viewAudit'] && (
        <Card withBorder padding="lg" radius="md">
          <Title order={2} size="h4" mb="md">
            {t('audit.title')}
          </Title>
          <AuditTable accountId={account.id} />
        </Card>
      )}
    </Stack>
  );
}
