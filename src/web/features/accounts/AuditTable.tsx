import {
  Box,
  EmptyState,
  Group,
  NativeSelect,
  Pagination,
  Paper,
  Stack,
  Table,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AuditKind, auditKinds, isAuditKind, systemReasons } from '../../../shared/audit-actions';
import type { AuditEntry } from '../../../shared/schemas';
import { formatDateTime } from '../../app/format';
import { useLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { ErrorBanner } from '../../components/ErrorBanner';
import { PageLoader } from '../../components/PageLoader';
import { TableScroll } from '../../components/TableScroll';
import { accountKeys, fetchAudit } from './accounts.api';
import { describeEntry } from './audit-sentence';
import { type AuditFormatContext, describeChanges, type FieldLine } from './audit-values';

/**
 * The account history for staff: each entry in words with the names of what it is about, the
 * changed fields by their labels with old → new values formatted, the reason in full. The kind
 * filter is in the URL (`?tab=history&kind=documents`); changing it starts again at page 1.
 * A table from tablet width up; on a phone each entry is a block of its own.
 */
export function AuditTable({
  accountId,
  kind,
  onKindChange,
}: {
  accountId: string;
  kind?: AuditKind | undefined;
  onKindChange: (kind: AuditKind | undefined) => void;
}) {
  const { t } = useTranslation();
  const [paging, setPaging] = useState<{ kind: AuditKind | undefined; page: number }>({ kind, page: 1 });
  const page = paging.kind === kind ? paging.page : 1;
  const audit = useQuery({
    queryKey: accountKeys.audit(accountId, page, kind),
    queryFn: ({ signal }) => fetchAudit(accountId, page, kind, signal),
    placeholderData: keepPreviousData,
  });

  const filter = (
    <NativeSelect
      label={t('audit.filter.label')}
      value={kind ?? ''}
      onChange={(event) => {
        const next = event.currentTarget.value;
        onKindChange(isAuditKind(next) ? next : undefined);
      }}
      data={[
        { value: '', label: t('audit.filter.all') },
        ...auditKinds.map((k) => ({ value: k, label: t(`audit.kinds.${k}`) })),
      ]}
      maw={360}
      data-testid="audit-kind"
    />
  );

  let body: React.ReactNode;
  if (audit.isPending) body = <PageLoader />;
  else if (audit.isError) body = <ErrorBanner error={audit.error} onRetry={() => void audit.refetch()} />;
  else if (audit.data.items.length === 0)
    body = (
      <EmptyState size="sm" title={t(kind ? 'audit.emptyKind' : 'audit.empty')} data-testid="audit-empty" />
    );
  else {
    const pageCount = Math.max(1, Math.ceil(audit.data.total / audit.data.pageSize));
    body = (
      <Stack>
        <Text size="sm" c="dimmed" data-testid="audit-total">
          {t('audit.count', { count: audit.data.total })}
        </Text>
        {/* While another kind or page loads, the previous entries stay, dimmed. */}
        <Box aria-busy={audit.isPlaceholderData} style={{ opacity: audit.isPlaceholderData ? 0.6 : 1 }}>
          <AuditEntries entries={audit.data.items} />
        </Box>
        {pageCount > 1 && (
          <Pagination
            size="sm"
            total={pageCount}
            value={page}
            onChange={(next) => setPaging({ kind, page: next })}
            getControlProps={(control) => ({ 'aria-label': t(`common.pagination.${control}`) })}
          />
        )}
      </Stack>
    );
  }
  return (
    <Stack>
      {filter}
      {body}
    </Stack>
  );
}

type ReadableEntry = {
  entry: AuditEntry;
  when: string;
  who: string;
  text: string;
  changes: FieldLine[];
  reason: string | null;
};

function useReadableEntries(entries: AuditEntry[]): ReadableEntry[] {
  const { t } = useTranslation();
  const locale = useLocale();
  const session = useSession();
  return entries.map((entry) => {
    const ctx: AuditFormatContext = {
      t,
      locale,
      timeZone: session.tenant.timeZone,
      currency: session.tenant.currency,
      names: entry.names,
      moduleFields:
        entry.action === 'booking.module_data_changed' ? (entry.subject?.moduleFields ?? []) : null,
    };
    const sentence = describeEntry(entry, t, locale);
    return {
      entry,
      when: formatDateTime(entry.at, locale, session.tenant.timeZone),
      who: entry.actorName ?? t(`audit.actorTypes.${entry.actorType}`),
      text: sentence.text,
      changes: describeChanges(entry.before, entry.after, ctx, new Set(sentence.says)),
      reason:
        entry.reason === systemReasons.concludedOnBehalf
          ? t('audit.systemReasons.concludedOnBehalf')
          : entry.reason,
    };
  });
}

function ChangeLines({ changes }: { changes: FieldLine[] }) {
  const { t } = useTranslation();
  if (changes.length === 0) return null;
  return (
    <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {changes.map((change) => (
        <Text
          size="sm"
          key={change.field}
          component="li"
          style={{ overflowWrap: 'anywhere' }}
          data-testid="audit-change"
        >
          {change.label && (
            <Text span size="sm" fw={600}>
              {change.label}:{' '}
            </Text>
          )}
          {change.value ?? (
            <>
              {change.before}
              {/* The arrow stays with the old value; the line may break after it. */}
              <span aria-hidden="true">{'\u00a0→ '}</span>
              <VisuallyHidden> {t('audit.changedTo')} </VisuallyHidden>
              {change.after}
            </>
          )}
        </Text>
      ))}
    </Stack>
  );
}

/** The reason in full: wrapped, line breaks kept, never cut off. */
const reasonStyle = { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' } as const;

function AuditEntries({ entries }: { entries: AuditEntry[] }) {
  const { t } = useTranslation();
  const rows = useReadableEntries(entries);
  return (
    <>
      <Box visibleFrom="sm">
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
              {rows.map((row) => (
                <Table.Tr key={row.entry.id} data-testid="audit-row" data-action={row.entry.action}>
                  <Table.Td style={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>{row.when}</Table.Td>
                  <Table.Td style={{ verticalAlign: 'top', minWidth: '8rem' }}>{row.who}</Table.Td>
                  <Table.Td style={{ verticalAlign: 'top', minWidth: '12rem' }}>
                    <Text size="sm" fw={600} data-testid="audit-sentence">
                      {row.text}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ verticalAlign: 'top', minWidth: '16rem' }}>
                    <ChangeLines changes={row.changes} />
                  </Table.Td>
                  <Table.Td style={{ ...reasonStyle, verticalAlign: 'top', minWidth: '12rem' }}>
                    {row.reason ?? ''}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      </Box>
      <Stack
        hiddenFrom="sm"
        gap="sm"
        component="ol"
        aria-label={t('tables.audit')}
        style={{ listStyle: 'none', padding: 0, margin: 0 }}
        data-testid="audit-list"
      >
        {rows.map((row) => (
          <Paper component="li" withBorder p="sm" key={row.entry.id} data-testid="audit-item">
            <Stack gap={6}>
              <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
                {row.text}
              </Text>
              <Group gap={6} wrap="wrap">
                <Text size="xs" c="dimmed">
                  {row.when}
                </Text>
                <Text size="xs" c="dimmed" aria-hidden="true">
                  ·
                </Text>
                <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                  {row.who}
                </Text>
              </Group>
              <ChangeLines changes={row.changes} />
              {row.reason && (
                <Text size="sm" style={reasonStyle}>
                  <Text span size="sm" fw={600}>
                    {t('audit.reason')}:{' '}
                  </Text>
                  {row.reason}
                </Text>
              )}
            </Stack>
          </Paper>
        ))}
      </Stack>
    </>
  );
}
