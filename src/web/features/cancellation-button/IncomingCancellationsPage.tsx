import {
  Badge,
  Button,
  EmptyState,
  Group,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IncomingCancellation } from '../../../shared/schemas';
import { formatDateTime, formatPlainDate } from '../../app/format';
import { useLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { AnchorLink } from '../../components/AnchorLink';
import { AppLayout } from '../../components/AppLayout';
import { ErrorBanner } from '../../components/ErrorBanner';
import { NotAvailable } from '../../components/NotAvailable';
import { PageLoader } from '../../components/PageLoader';
import { TableScroll } from '../../components/TableScroll';
import { accountKeys, fetchAccounts } from '../accounts/accounts.api';
import { bookingKeys, fetchAccountModules } from '../bookings/bookings.api';
import { cancellationKeys, fetchIncomingCancellations, matchCancellation } from './cancellation.api';

/** `/staff/cancellations`: declarations of the cancellation button; the unmatched ones are matched here. */
export function IncomingCancellationsPage() {
  const { t } = useTranslation();
  const session = useSession();
  return (
    <AppLayout realm="staff" title={t('cancellationButton.staff.title')}>
      <Stack>
        <div>
          <Title order={1} size="h2">
            {t('cancellationButton.staff.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('cancellationButton.staff.intro')}
          </Text>
        </div>
        {session.abilities['cancellation.match'] ? <Declarations /> : <NotAvailable />}
      </Stack>
    </AppLayout>
  );
}

function Declarations() {
  const { t } = useTranslation();
  const locale = useLocale();
  const session = useSession();
  const [status, setStatus] = useState<'incoming' | 'all'>('incoming');
  const [matching, setMatching] = useState<IncomingCancellation | null>(null);
  const list = useQuery({
    queryKey: cancellationKeys.incoming(status),
    queryFn: ({ signal }) => fetchIncomingCancellations(status, signal),
  });
  return (
    <Stack>
      <SegmentedControl
        aria-label={t('cancellationButton.staff.show')}
        value={status}
        onChange={(v) => setStatus(v === 'all' ? 'all' : 'incoming')}
        data={[
          { value: 'incoming', label: t('cancellationButton.staff.incoming') },
          { value: 'all', label: t('cancellationButton.staff.all') },
        ]}
        w="fit-content"
      />
      {list.isPending && <PageLoader />}
      {list.isError && <ErrorBanner error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && list.data.items.length === 0 && (
        <EmptyState title={t('cancellationButton.staff.empty')} />
      )}
      {list.data && list.data.items.length > 0 && (
        <TableScroll minWidth={760} label={t('cancellationButton.staff.title')}>
          <Table striped data-testid="incoming-cancellations">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('cancellationButton.receivedAt')}</Table.Th>
                <Table.Th>{t('cancellationButton.staff.declarant')}</Table.Th>
                <Table.Th>{t('cancellationButton.contract')}</Table.Th>
                <Table.Th>{t('cancellationButton.desiredEndDate')}</Table.Th>
                <Table.Th>{t('cancellationButton.staff.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.items.map((d) => (
                <Table.Tr key={d.id} data-testid="incoming-cancellation">
                  <Table.Td>{formatDateTime(d.receivedAt, locale, session.tenant.timeZone)}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{d.declaration.name}</Text>
                    <Text size="xs" c="dimmed">
                      {d.declaration.email}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{d.declaration.contract}</Text>
                    {d.declaration.kind === 'extraordinary' && (
                      <Text size="xs">
                        <Badge color="orange" variant="light" size="sm" mr={4}>
                          {t('cancellationButton.extraordinary')}
                        </Badge>
                        {d.declaration.reason}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {d.declaration.desiredEndDate
                      ? formatPlainDate(d.declaration.desiredEndDate, locale)
                      : t('cancellationButton.earliest')}
                  </Table.Td>
                  <Table.Td>
                    {d.match ? (
                      <Stack gap={2}>
                        <Badge color="green" variant="light">
                          {t('cancellationButton.staff.matched')}
                        </Badge>
                        <AnchorLink to="/staff/accounts/$id" params={{ id: d.match.accountId }} size="sm">
                          {d.match.accountName}
                        </AnchorLink>
                        <Text size="xs">
                          {t('cancellationButton.staff.endsOn', {
                            date: formatPlainDate(d.match.endDate, locale),
                          })}
                        </Text>
                      </Stack>
                    ) : (
                      <Button
                        size="xs"
                        onClick={() => setMatching(d)}
                        aria-label={t('cancellationButton.staff.matchOf', { name: d.declaration.name })}
                      >
                        {t('cancellationButton.staff.match')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      )}
      <Modal
        opened={matching !== null}
        onClose={() => setMatching(null)}
        title={t('cancellationButton.staff.matchTitle')}
        closeButtonProps={{ 'aria-label': t('common.close') }}
        size="lg"
      >
        {matching && <MatchForm declaration={matching} onDone={() => setMatching(null)} />}
      </Modal>
    </Stack>
  );
}

function MatchForm({ declaration, onDone }: { declaration: IncomingCancellation; onDone: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const queryClient = useQueryClient();
  const [q, setQ] = useState('');
  const [query] = useDebouncedValue(q, 250);
  const [accountId, setAccountId] = useState<string | null>(null);
  const [bookingId, setBookingId] = useState<string | null>(null);
  const accounts = useQuery({
    queryKey: accountKeys.list(query, 1),
    queryFn: ({ signal }) => fetchAccounts(query, 1, signal),
    enabled: query.trim().length > 0,
  });
  const modules = useQuery({
    queryKey: bookingKeys.ofAccount(accountId ?? ''),
    queryFn: ({ signal }) => fetchAccountModules(accountId ?? '', signal),
    enabled: accountId !== null,
  });
  const match = useMutation({
    mutationFn: () => matchCancellation(declaration.id, bookingId ?? ''),
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: ['cancellation-declarations'] });
      notifications.show({
        color: 'green',
        message: t('cancellationButton.staff.matchedNotice', {
          date: result.match ? formatPlainDate(result.match.endDate, locale) : '',
          email: declaration.declaration.confirmationEmail,
        }),
        closeButtonProps: { 'aria-label': t('common.close') },
      });
      onDone();
    },
  });
  const d = declaration.declaration;
  const current = (modules.data?.bookings ?? []).filter((b) => b.state !== 'ended');
  return (
    <Stack>
      <Text size="sm">
        {d.name} · {d.email} · {d.contract}
      </Text>
      {match.isError && <ErrorBanner error={match.error} />}
      <TextInput
        label={t('cancellationButton.staff.searchAccount')}
        value={q}
        onChange={(e) => {
          setQ(e.currentTarget.value);
          setAccountId(null);
          setBookingId(null);
        }}
        data-autofocus
      />
      <Select
        label={t('cancellationButton.staff.account')}
        placeholder={t('cancellationButton.staff.accountPlaceholder')}
        data={(accounts.data?.items ?? []).map((a) => ({
          value: a.id,
          label: a.customerNumber ? `${a.name} (${a.customerNumber})` : a.name,
        }))}
        value={accountId}
        onChange={(v) => {
          setAccountId(v);
          setBookingId(null);
        }}
        nothingFoundMessage={t('cancellationButton.staff.noAccounts')}
        comboboxProps={{ withinPortal: true }}
        data-testid="match-account"
      />
      <Select
        label={t('cancellationButton.staff.booking')}
        data={current.map((b) => ({
          value: b.id,
          label: `${b.moduleName[locale] || b.moduleName.nl || b.moduleName.en || ''} – ${b.tariffTitle[locale] || b.tariffTitle.nl || b.tariffTitle.en || ''}`,
        }))}
        value={bookingId}
        onChange={setBookingId}
        disabled={accountId === null}
        nothingFoundMessage={t('cancellationButton.staff.noBookings')}
        data-testid="match-booking"
      />
      <Text size="sm" c="dimmed">
        {t('cancellationButton.staff.matchHint')}
      </Text>
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          {t('common.close')}
        </Button>
        <Button onClick={() => match.mutate()} disabled={bookingId === null} loading={match.isPending}>
          {t('cancellationButton.staff.matchConfirm')}
        </Button>
      </Group>
    </Stack>
  );
}
