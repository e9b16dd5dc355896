import { Anchor, Badge, Group, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatMoney, formatPlainDate } from '../../app/format';
import { useLocale } from '../../app/i18n';
import { ErrorBanner } from '../../components/ErrorBanner';
import { PageLoader } from '../../components/PageLoader';
import { TableScroll } from '../../components/TableScroll';
import { billingKeys, fetchDocuments } from './billing.api';

/**
 * The documents archive of an account (invoices and corrections, newest first) with a download
 * link per document. Hosted as the Documents tab of the contract page; staff and client alike.
 */
export function DocumentsTab({ realm, accountId }: { realm: 'staff' | 'client'; accountId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const docs = useQuery({
    queryKey: billingKeys.documents(realm, accountId),
    queryFn: ({ signal }) => fetchDocuments(realm, accountId, signal),
  });
  if (docs.isPending) return <PageLoader />;
  if (docs.isError) return <ErrorBanner error={docs.error} onRetry={() => void docs.refetch()} />;
  if (docs.data.items.length === 0)
    return (
      <Text c="dimmed" data-testid="documents-empty">
        {t('documents.empty')}
      </Text>
    );
  return (
    <TableScroll minWidth={560} label={t('documents.caption')}>
      <Table striped data-testid="documents-table">
        <Table.Caption>{t('documents.caption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('documents.number')}</Table.Th>
            <Table.Th scope="col">{t('documents.date')}</Table.Th>
            <Table.Th scope="col">{t('documents.type')}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t('documents.total')}
            </Table.Th>
            <Table.Th scope="col">{t('documents.state')}</Table.Th>
            <Table.Th scope="col">{t('documents.download')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {docs.data.items.map((d) => (
            <Table.Tr key={d.id}>
              <Table.Td>
                <Group gap="xs">
                  <Text size="sm" ff="monospace">
                    {d.number}
                  </Text>
                  {d.isTest && (
                    <Badge color="orange" variant="light" size="sm">
                      {t('documents.test')}
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>{formatPlainDate(d.issueDate, locale)}</Table.Td>
              <Table.Td>
                {d.kind === 'invoice'
                  ? t('documents.kind.invoice')
                  : t('documents.kind.correctionOf', { number: d.correctsNumber ?? '' })}
              </Table.Td>
              <Table.Td ta="right">{formatMoney(d.gross, d.currency, locale)}</Table.Td>
              <Table.Td>
                {d.state === 'corrected' ? t('documents.states.corrected') : t('documents.states.issued')}
              </Table.Td>
              <Table.Td>
                <Anchor href={d.pdfUrl} target="_blank" rel="noopener">
                  {t('documents.pdf', { number: d.number })}
                </Anchor>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}
