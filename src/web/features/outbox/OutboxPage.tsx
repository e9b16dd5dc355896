import {
  Badge,
  Button,
  Code,
  EmptyState,
  Pagination,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutboxMessage } from '../../../shared/schemas';
import { formatDateTime } from '../../app/format';
import { useLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { AppLayout } from '../../components/AppLayout';
import { ErrorBanner } from '../../components/ErrorBanner';
import { NotAvailable } from '../../components/NotAvailable';
import { PageLoader } from '../../components/PageLoader';
import { TableScroll } from '../../components/TableScroll';
import { fetchOutbox, outboxKey } from './outbox.api';

const statusColor: Record<OutboxMessage['status'], string> = {
  pending: 'gray',
  sent: 'green',
  kept: 'blue',
  failed: 'red',
};

export function OutboxPage() {
  const { t } = useTranslation();
  const session = useSession();
  const canRead = session.abilities['tenant.readOutbox'] === true;
  return (
    <AppLayout realm="staff" title={t('outbox.title')}>
      <Stack>
        <div>
          <Title order={1} size="h2">
            {t('outbox.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('outbox.intro')}
          </Text>
        </div>
        {canRead ? <OutboxMessages /> : <NotAvailable />}
      </Stack>
    </AppLayout>
  );
}

function OutboxMessages() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [openId, setOpenId] = useState<string | null>(null);
  const outbox = useQuery({
    queryKey: outboxKey(page),
    queryFn: ({ signal }) => fetchOutbox(page, signal),
    placeholderData: keepPreviousData,
  });
  if (outbox.isPending) return <PageLoader />;
  if (outbox.isError) return <ErrorBanner error={outbox.error} onRetry={() => void outbox.refetch()} />;
  if (outbox.data.items.length === 0) return <EmptyState title={t('outbox.empty')} />;
  const pageCount = Math.max(1, Math.ceil(outbox.data.total / outbox.data.pageSize));
  return (
    <Stack>
      <TableScroll minWidth={720} label={t('tables.outbox')}>
        <Table verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('outbox.to')}</Table.Th>
              <Table.Th>{t('outbox.subject')}</Table.Th>
              <Table.Th>{t('outbox.status')}</Table.Th>
              <Table.Th>{t('outbox.date')}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t('outbox.text')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {outbox.data.items.map((message) => (
              <OutboxRow
                key={message.id}
                message={message}
                isOpen={openId === message.id}
                onToggle={() => setOpenId(openId === message.id ? null : message.id)}
              />
            ))}
          </Table.Tbody>
        </Table>
      </TableScroll>
      {pageCount > 1 && <Pagination total={pageCount} value={page} onChange={setPage} />}
    </Stack>
  );
}

type OutboxRowProps = { message: OutboxMessage; isOpen: boolean; onToggle: () => void };

function OutboxRow({ message, isOpen, onToggle }: OutboxRowProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const session = useSession();
  const textId = `outbox-text-${message.id}`;
  return (
    <Fragment>
      <Table.Tr>
        <Table.Td>{message.to}</Table.Td>
        <Table.Td>{message.subject}</Table.Td>
        <Table.Td>
          <Badge color={statusColor[message.status]} variant="light">
            {t(`outbox.statuses.${message.status}`)}
          </Badge>
        </Table.Td>
        <Table.Td style={{ whiteSpace: 'nowrap' }}>
          {formatDateTime(message.sentAt ?? message.createdAt, locale, session.tenant.timeZone)}
        </Table.Td>
        <Table.Td>
          <Button size="xs" variant="subtle" aria-expanded={isOpen} aria-controls={textId} onClick={onToggle}>
            {isOpen ? t('outbox.hideText') : t('outbox.showText')}
          </Button>
        </Table.Td>
      </Table.Tr>
      {isOpen && (
        <Table.Tr id={textId} data-testid="outbox-text">
          <Table.Td colSpan={5}>
            <Code block style={{ whiteSpace: 'pre-wrap' }}>
              {message.text}
            </Code>
          </Table.Td>
        </Table.Tr>
      )}
    </Fragment>
  );
}
