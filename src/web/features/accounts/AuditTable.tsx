import { Code, EmptyState, Pagination, Stack, Table, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../../shared/schemas';
import { formatDateTime } from '../../app/format';
import { useLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { ErrorBanner } from '../../components/ErrorBanner';
import { PageLoader } from '../../components/PageLoader';
import { TableScroll } from '../../components/TableScroll';
import { accountKeys, fetchAudit } from './accounts.api';
import { auditActionKey, describeChange } from './audit-change';

export function AuditTable({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const audit = useQuery({
    queryKey: accountKeys.audit(accountId, page),
    queryFn: ({ signal }) => fetchAudit(accountId, page, signal),
    placeholderData: keepPreviousData,
  });

  if (audit.isPending) return <PageLoader />;
  if (audit.isError) return <ErrorBanner error={audit.error} onRetry={() => void audit.refetch()} />;
  if (audit.data.items.length === 0) return <EmptyState size="sm" title={t('audit.empty')} />;

  const pageCount = Math.max(1, Math.ceil(audit.data.total / audit.data.pageSize));
  return (
    <Stack>
      <TableScroll minWidth={720} label={t('tables.audit')}>
        <Table verticalSpacing="xs" data-testid="audit-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('audit.at')}</Table.Th>
              <Table.Th>{t('audit.actor')}</Table.Th>
              <Table.Th>{t('audit.action')}</Table.Th>
              <Table.Th>{t('audit.change')}</Table.Th>
              <Table.Th>{t('audit.reason')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {audit.data.items.map((entry) => (
              <AuditRow key={entry.id} entry={entry} />
            ))}
          </Table.Tbody>
        </Table>
      </TableScroll>
      {pageCount > 1 && <Pagination size="sm" total={pageCount} value={page} onChange={setPage} />}
    </Stack>
  );
}

function AuditRow({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const session = useSession();
  const changes = describeChange(entry.before, entry.after);
  return (
    <Table.Tr>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        {formatDateTime(entry.at, locale, session.tenant.timeZone)}
      </Table.Td>
      <Table.Td>{entry.actorName ?? t(`audit.actorTypes.${entry.actorType}`)}</Table.Td>
      <Table.Td>{t(auditActionKey(entry.action), { defaultValue: entry.action })}</Table.Td>
      <Table.Td>
        {changes.map((change) => (
          <Text size="sm" key={change.field}>
            {change.field && `${t(`audit.fields.${change.field}`, { defaultValue: change.field })}: `}
            <Code>{change.before}</Code> → <Code>{change.after}</Code>
          </Text>
        ))}
      </Table.Td>
      {/* The reason in full, wrapped (never cut off). */}
      <Table.Td style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', minWidth: '14rem' }}>
        {entry.reason ?? ''}
      </Table.Td>
    </Table.Tr>
  );
}
