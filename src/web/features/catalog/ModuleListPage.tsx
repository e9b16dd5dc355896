import { Badge, EmptyState, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { ModuleDto } from '../../../shared/schemas';
import { useLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { AnchorLink } from '../../components/AnchorLink';
import { AppLayout } from '../../components/AppLayout';
import { ButtonLink } from '../../components/ButtonLink';
import { ErrorBanner } from '../../components/ErrorBanner';
import { localizedTextOf } from '../../components/localized-values';
import { NotAvailable } from '../../components/NotAvailable';
import { PageLoader } from '../../components/PageLoader';
import { TableScroll } from '../../components/TableScroll';
import { catalogKeys, fetchModules } from './catalog.api';

export function ModuleStatusBadge({ status }: { status: ModuleDto['status'] }) {
  const { t } = useTranslation();
  return (
    <Badge color={status === 'active' ? 'green' : 'gray'} variant="light" style={{ flexShrink: 0 }}>
      {t(`catalog.module.statuses.${status}`)}
    </Badge>
  );
}

export function ModuleListPage() {
  const { t } = useTranslation();
  const session = useSession();
  const canManage = session.abilities['catalog.manage'] === true;
  return (
    <AppLayout realm="staff" title={t('catalog.modules.title')}>
      <Stack>
        <Group justify="space-between" align="flex-end">
          <div>
            <Title order={1} size="h2">
              {t('catalog.modules.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('catalog.modules.intro')}
            </Text>
          </div>
          {canManage && (
            <ButtonLink to="/staff/catalog/modules/new" data-testid="module-new">
              {t('catalog.modules.new')}
            </ButtonLink>
          )}
        </Group>
        {canManage ? <ModuleTable /> : <NotAvailable />}
      </Stack>
    </AppLayout>
  );
}

function ModuleTable() {
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const modules = useQuery({ queryKey: catalogKeys.modules, queryFn: ({ signal }) => fetchModules(signal) });
  if (modules.isPending) return <PageLoader />;
  if (modules.isError) return <ErrorBanner error={modules.error} onRetry={() => void modules.refetch()} />;
  if (modules.data.items.length === 0)
    return (
      <EmptyState
        title={t('catalog.modules.emptyTitle')}
        description={t('catalog.modules.empty')}
        data-testid="modules-empty"
      />
    );
  return (
    <TableScroll minWidth={640} label={t('tables.modules')}>
      <Table highlightOnHover verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('catalog.module.name')}</Table.Th>
            <Table.Th>{t('catalog.module.status')}</Table.Th>
            <Table.Th>{t('catalog.modules.tariffs')}</Table.Th>
            <Table.Th>{t('catalog.modules.fields')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {modules.data.items.map((module) => (
            <Table.Tr
              key={module.id}
              style={{ cursor: 'pointer' }}
              data-testid="module-row"
              onClick={() => void navigate({ to: '/staff/catalog/modules/$id', params: { id: module.id } })}
            >
              <Table.Td>
                <AnchorLink
                  to="/staff/catalog/modules/$id"
                  params={{ id: module.id }}
                  fw={500}
                  onClick={(event) => event.stopPropagation()}
                >
                  {localizedTextOf(module.name, locale) || t('catalog.untitled')}
                </AnchorLink>
              </Table.Td>
              <Table.Td>
                <ModuleStatusBadge status={module.status} />
              </Table.Td>
              <Table.Td>
                {t('catalog.modules.tariffCount', {
                  count: module.tariffCount,
                  public: module.publicTariffCount,
                })}
              </Table.Td>
              <Table.Td>{module.fields.length}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}
