import { Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type ReactNode, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditKind } from '../../../shared/audit-actions';
import type { ContractPage as ContractPageDto } from '../../../shared/schemas/contract-page';
import { useRealmUser, useSession } from '../../app/session';
import { AnchorLink } from '../../components/AnchorLink';
import { AppLayout } from '../../components/AppLayout';
import { ErrorBanner } from '../../components/ErrorBanner';
import { lazyComponent } from '../../components/lazy-component';
import { PageLoader } from '../../components/PageLoader';
import { ScrollingTabsList } from '../../components/ScrollingTabsList';
import { ClosedBadge } from '../account-closing/AccountOwnerSection';
import { TestAccountBadge } from '../accounts/TestAccountBadge';
import { EmailNotVerifiedBanner } from '../registration/ResendVerification';
import { ContractDataTab } from './ContractDataTab';
import { type ContractRealm, contractKey, fetchContract } from './contract.api';
import { type ContractTab, contractTabs, isContractTab } from './contract-tabs';

// The page opens on Contract data; each other tab is its own chunk, loaded when it is opened.
const StaffModulesSection = lazyComponent(
  () => import('../bookings/StaffModulesSection'),
  'StaffModulesSection',
);
const ClientModulesSection = lazyComponent(
  () => import('../bookings/ClientModulesSection'),
  'ClientModulesSection',
);
const UsersTab = lazyComponent(() => import('../account-users/UsersTab'), 'UsersTab');
const StaffBillingSection = lazyComponent(() => import('../billing/BillingSection'), 'StaffBillingSection');
const ClientDocumentsSection = lazyComponent(
  () => import('../billing/BillingSection'),
  'ClientDocumentsSection',
);
const AuditTable = lazyComponent(() => import('../accounts/AuditTable'), 'AuditTable');

function LazyTab({ children }: { children: ReactNode }) {
  return <Suspense fallback={<PageLoader />}>{children}</Suspense>;
}

/** Staff open it from the account list: `/staff/accounts/$id?tab=…`. */
export function StaffContractPage({
  id,
  tab,
  kind,
}: {
  id: string;
  tab: ContractTab | undefined;
  kind?: AuditKind | undefined;
}) {
  return <ContractManagement realm="staff" accountId={id} tab={tab} kind={kind} />;
}

/** Clients land on it after login: `/?tab=…`. */
export function ClientContractPage({ tab }: { tab: ContractTab | undefined }) {
  const session = useSession();
  return <ContractManagement realm="client" accountId={session.client?.accountId ?? ''} tab={tab} />;
}

function ContractManagement({
  realm,
  accountId,
  tab,
  kind,
}: {
  realm: ContractRealm;
  accountId: string;
  tab: ContractTab | undefined;
  kind?: AuditKind | undefined;
}) {
  const { t } = useTranslation();
  const contract = useQuery({
    queryKey: contractKey(realm, accountId),
    queryFn: ({ signal }) => fetchContract(realm, accountId, signal),
  });
  const title = contract.data?.account.name ?? t('contract.title');
  return (
    <AppLayout realm={realm} title={title}>
      <Stack gap="md">
        {realm === 'staff' && (
          <AnchorLink to="/staff" size="sm">
            ← {t('accounts.detail.back')}
          </AnchorLink>
        )}
        {contract.isPending && <PageLoader />}
        {contract.isError && <ErrorBanner error={contract.error} onRetry={() => void contract.refetch()} />}
        {contract.data && <ContractView realm={realm} page={contract.data} tab={tab} kind={kind} />}
      </Stack>
    </AppLayout>
  );
}

function ContractView({
  realm,
  page,
  tab,
  kind,
}: {
  realm: ContractRealm;
  page: ContractPageDto;
  tab: ContractTab | undefined;
  kind?: AuditKind | undefined;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const session = useSession();
  const user = useRealmUser('client');
  const accountId = page.account.id;
  const showHistory = realm === 'staff' && page.abilities['account.viewAudit'] === true;
  const visible = contractTabs.filter((name) => name !== 'history' || showHistory);
  const active: ContractTab = tab && visible.includes(tab) ? tab : 'contract';
  const select = (next: string | null) => {
    if (!isContractTab(next)) return;
    const search = { tab: next === 'contract' ? undefined : next };
    // A tab change stays on the page: no scroll reset or restoration (the router would put the
    // sideways-scrolled tab list back where it was when this URL was last shown).
    if (realm === 'staff')
      void navigate({ to: '/staff/accounts/$id', params: { id: accountId }, search, resetScroll: false });
    else void navigate({ to: '/', search, resetScroll: false });
  };
  const isEmailUnverified = realm === 'client' && session.client !== null && !session.client.emailVerified;
  return (
    <Stack gap="lg">
      <div>
        {realm === 'client' && user && (
          <Text size="sm" c="dimmed">
            {t('overview.welcome', { name: user.name })}
          </Text>
        )}
        <Group gap="sm" wrap="wrap" align="center">
          <Title
            order={1}
            size="h2"
            data-testid="account-name"
            style={{ overflowWrap: 'anywhere', minWidth: 0 }}
          >
            {page.account.name}
          </Title>
          {page.account.isTestAccount && (
            <span data-testid="test-badge">
              <TestAccountBadge />
            </span>
          )}
          {page.account.closedAt && (
            <span data-testid="closed-mark">
              <ClosedBadge />
            </span>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          {t('contract.header.customerNumber')}{' '}
          <Text component="span" c="var(--mantine-color-text)" fw={600} data-testid="customer-number">
            {page.account.customerNumber ?? t('accounts.customerNumber.none')}
          </Text>
        </Text>
      </div>
      {isEmailUnverified && <EmailNotVerifiedBanner />}
      <Tabs value={active} onChange={select} keepMounted={false}>
        <ScrollingTabsList value={active} mb="lg" aria-label={t('contract.tabs.label')}>
          {visible.map((name) => (
            <Tabs.Tab key={name} value={name} data-testid={`tab-${name}`}>
              {t(`contract.tabs.${name}`)}
            </Tabs.Tab>
          ))}
        </ScrollingTabsList>
        <Tabs.Panel value="contract">
          <ContractDataTab realm={realm} accountId={accountId} page={page} />
        </Tabs.Panel>
        <Tabs.Panel value="modules">
          <LazyTab>
            {realm === 'staff' ? <StaffModulesSection accountId={accountId} /> : <ClientModulesSection />}
          </LazyTab>
          <Text size="sm" c="dimmed" mt="sm">
            {t('contract.modulesHint')}
          </Text>
        </Tabs.Panel>
        <Tabs.Panel value="users">
          <LazyTab>
            <UsersTab accountId={accountId} realm={realm} />
          </LazyTab>
        </Tabs.Panel>
        <Tabs.Panel value="documents">
          <LazyTab>
            {realm === 'staff' ? (
              <StaffBillingSection accountId={accountId} />
            ) : (
              <ClientDocumentsSection accountId={accountId} />
            )}
          </LazyTab>
        </Tabs.Panel>
        {showHistory && (
          <Tabs.Panel value="history">
            <LazyTab>
              <AuditTable
                accountId={accountId}
                kind={kind}
                onKindChange={(next) =>
                  void navigate({
                    to: '/staff/accounts/$id',
                    params: { id: accountId },
                    search: { tab: 'history', kind: next },
                  })
                }
              />
            </LazyTab>
          </Tabs.Panel>
        )}
      </Tabs>
    </Stack>
  );
}
