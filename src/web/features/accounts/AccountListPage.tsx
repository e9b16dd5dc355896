import { EmptyState, Group, Pagination, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountSummary } from '../../../shared/schemas';
import { formatDate, formatNumber } from '../../app/format';
import { useLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { AnchorLink } from '../../components/AnchorLink';
import { AppLayout } from '../../components/AppLayout';
import { ErrorBanner } from '../../components/ErrorBanner';
import { PageLoader } from '../../components/PageLoader';
import { TableScroll } from '../../components/TableScroll';
import { ClosedBadge } from '../account-closing/AccountOwnerSection';
import { accountKeys, fetchAccounts } from './accounts.api';
import { TestAccountBadge } from './TestAccountBadge';

const SEARCH_DEBOUNCE_MS = 300;

type AccountListPageProps = { q: string; page: number };

export function AccountListPage({ q, page }: AccountListPageProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const [searchText, setSearchText] = useState(q);
  const [debouncedSearch] = useDebouncedValue(searchText.trim(), SEARCH_DEBOUNCE_MS);
  // The search in the URL and the text in the box follow each other: typing updates the URL
  // (after the debounce), and back/forward or a link updates the box without a round trip.
  const syncedSearch = useRef(q);

  useEffect(() => {
    if (debouncedSearch === syncedSearch.current) return;
    syncedSearch.current = debouncedSearch;
    void navigate({ to: '/staff', search: { q: debouncedSearch || undefined }, replace: true });
  }, [debouncedSearch, navigate]);

  useEffect(() => {
    if (q === syncedSearch.current) return;
    syncedSearch.current = q;
    setSearchText(q);
  }, [q]);

  const accounts = useQuery({
    queryKey: accountKeys.list(q, page),
    queryFn: ({ signal }) => fetchAccounts(q, page, signal),
    placeholderData: keepPreviousData,
  });
  const pageCount = accounts.data ? Math.max(1, Math.ceil(accounts.data.total / accounts.data.pageSize)) : 1;

  return (
    <AppLayout realm="staff" title={t('accounts.list.title')}>
      <Stack>
        <Group justify="space-between" align="flex-end">
          <Title order={1} size="h2">
            {t('accounts.list.title')}
          </Title>
          {accounts.data && (
            <Text size="sm" c="dimmed" data-testid="accounts-total">
              {accounts.data.totalCapped
                ? t('accounts.list.totalMore', { n: formatNumber(accounts.data.total, locale) })
                : t('accounts.list.total', { count: accounts.data.total })}
            </Text>
          )}
        </Group>
        <TextInput
          type="search"
          label={t('accounts.list.search')}
          placeholder={t('accounts.list.searchPlaceholder')}
          value={searchText}
          onChange={(event) => setSearchText(event.currentTarget.value)}
          maw={480}
        />
        {accounts.isError && <ErrorBanner error={accounts.error} onRetry={() => void accounts.refetch()} />}
        {accounts.isPending && <PageLoader />}
        {accounts.data && accounts.data.items.length === 0 && (
          <EmptyState
            title={t('accounts.list.emptyTitle')}
            description={q ? t('accounts.list.emptySearch', { q }) : t('accounts.list.emptyNone')}
            data-testid="accounts-empty"
          />
        )}
        {accounts.data && accounts.data.items.length > 0 && (
          <>
            <AccountTable accounts={accounts.data.items} isStale={accounts.isPlaceholderData} />
            {pageCount > 1 && (
              <Pagination
                total={pageCount}
                value={page}
                onChange={(next) =>
                  void navigate({ to: '/staff', search: { q: q || undefined, page: next } })
                }
                getControlProps={(control) => ({ 'aria-label': t(`accounts.list.pagination.${control}`) })}
              />
            )}
          </>
        )}
      </Stack>
    </AppLayout>
  );
}

function AccountTable({ accounts, isStale }: { accounts: AccountSummary[]; isStale: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const session = useSession();
  const navigate = useNavigate();
  return (
    <TableScroll minWidth={720} label={t('tables.accounts')}>
      <Table highlightOnHover verticalSpacing="sm" style={{ opacity: isStale ? 0.6 : 1 }}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('accounts.fields.name')}</Table.Th>
            <Table.Th>{t('accounts.fields.email')}</Table.Th>
            <Table.Th>{t('accounts.fields.customerNumber')}</Table.Th>
            <Table.Th>{t('accounts.fields.createdAt')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {accounts.map((account) => (
            <Table.Tr
              key={account.id}
              style={{ cursor: 'pointer' }}
              data-testid="account-row"
              onClick={() => void navigate({ to: '/staff/accounts/$id', params: { id: account.id } })}
            >
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <AnchorLink
                    to="/staff/accounts/$id"
                    params={{ id: account.id }}
                    fw={500}
                    onClick={(event) => event.stopPropagation()}
                  >
                    {account.name}
                  </AnchorLink>
                  {account.isTestAccount && <TestAccountBadge />}
                  {account.closedAt && <ClosedBadge />}
                </Group>
              </Table.Td>
              <Table.Td>{account.email}</Table.Td>
              <Table.Td>{account.customerNumber ?? <Text c="dimmed">–</Text>}</Table.Td>
              <Table.Td>{formatDate(account.createdAt, locale, session.tenant.timeZone)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}
