import {
  Badge,
  Button,
  Card,
  CopyButton,
  EmptyState,
  Group,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { ModuleDto, TariffDto } from '../../../shared/schemas';
import { useLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { AnchorLink } from '../../components/AnchorLink';
import { AppLayout } from '../../components/AppLayout';
import { ButtonLink } from '../../components/ButtonLink';
import { ErrorBanner } from '../../components/ErrorBanner';
import { localizedTextOf } from '../../components/localized-values';
import { NotAvailable } from '../../components/NotAvailable';
import { PageLoader } from '../../components/PageLoader';
import { formatPercent } from '../../components/price-list';
import { TableScroll } from '../../components/TableScroll';
import { catalogKeys, fetchModule, fetchTariffs } from './catalog.api';
import { ModuleForm } from './ModuleForm';
import { ModuleStatusBadge } from './ModuleListPage';
import { presetOfValues, ruleValuesOf } from './rule-form';

function BackToModules() {
  const { t } = useTranslation();
  return (
    <AnchorLink to="/staff/catalog" size="sm">
      ← {t('catalog.modules.back')}
    </AnchorLink>
  );
}

export function ModuleNewPage() {
  const { t } = useTranslation();
  const session = useSession();
  return (
    <AppLayout realm="staff" title={t('catalog.module.newTitle')}>
      <Stack>
        <BackToModules />
        <Title order={1} size="h2">
          {t('catalog.module.newTitle')}
        </Title>
        {session.abilities['catalog.manage'] ? (
          <Card withBorder padding="lg" radius="md">
            <ModuleForm module={null} />
          </Card>
        ) : (
          <NotAvailable />
        )}
      </Stack>
    </AppLayout>
  );
}

export function ModulePage({ id }: { id: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const module = useQuery({
    queryKey: catalogKeys.module(id),
    queryFn: ({ signal }) => fetchModule(id, signal),
  });
  return (
    <AppLayout
      realm="staff"
      title={
        module.data ? localizedTextOf(module.data.name, locale) || t('catalog.untitled') : t('titles.module')
      }
    >
      <Stack>
        <BackToModules />
        {module.isPending && <PageLoader />}
        {module.isError && <ErrorBanner error={module.error} onRetry={() => void module.refetch()} />}
        {module.data && <ModuleView module={module.data} />}
      </Stack>
    </AppLayout>
  );
}

function ModuleView({ module }: { module: ModuleDto }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const canManage = module.abilities['catalog.manage'] === true;
  return (
    <Stack gap="lg">
      <Group gap="sm">
        <Title order={1} size="h2" data-testid="module-title">
          {localizedTextOf(module.name, locale) || t('catalog.untitled')}
        </Title>
        <ModuleStatusBadge status={module.status} />
      </Group>
      <Card withBorder padding="lg" radius="md">
        <Group justify="space-between" mb="md">
          <Title order={2} size="h4">
            {t('catalog.tariffs.title')}
          </Title>
          {canManage && (
            <ButtonLink
              size="sm"
              to="/staff/catalog/modules/$id/tariffs/new"
              params={{ id: module.id }}
              data-testid="tariff-new"
            >
              {t('catalog.tariffs.new')}
            </ButtonLink>
          )}
        </Group>
        <TariffTable moduleId={module.id} />
      </Card>
      {canManage && (
        <Card withBorder padding="lg" radius="md">
          <Title order={2} size="h4" mb="md">
            {t('catalog.module.settings')}
          </Title>
          <ModuleForm module={module} />
        </Card>
      )}
    </Stack>
  );
}

export function OfferNumber({ value }: { value: string }) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="nowrap">
      {/* Read out over the phone: one piece, never broken at its hyphens. */}
      <Text size="sm" ff="monospace" data-testid="offer-number" style={{ whiteSpace: 'nowrap' }}>
        {value}
      </Text>
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Tooltip
            label={copied ? t('catalog.tariff.copied') : t('catalog.tariff.copyOfferNumber')}
            withArrow
          >
            <Button
              size="compact-xs"
              variant="subtle"
              color={copied ? 'teal' : 'gray'}
              onClick={(event) => {
                event.stopPropagation();
                copy();
              }}
              aria-label={t('catalog.tariff.copyOfferNumber')}
            >
              {copied ? '✓' : <CopyIcon />}
            </Button>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}

function CopyIcon() {
  return (
    <svg
      width="14"
      height="14"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      aria-hidden="true"
    >
      <rect x="9" y="9" width="12" height="12" rx="2" />
      <path d="M5 15H4a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2h9a2 2 0 0 1 2 2v1" />
    </svg>
  );
}

/** Whether clients can order the tariff: published, or a draft nobody can order yet. */
export function PublishedBadge({ tariff }: { tariff: Pick<TariffDto, 'publishedAt'> }) {
  const { t } = useTranslation();
  return tariff.publishedAt !== null ? (
    <Badge color="green" variant="light" style={{ flexShrink: 0 }} data-testid="tariff-published-badge">
      {t('catalog.tariff.published')}
    </Badge>
  ) : (
    <Badge color="gray" variant="light" style={{ flexShrink: 0 }} data-testid="tariff-published-badge">
      {t('catalog.tariff.unpublished')}
    </Badge>
  );
}

export function PublicBadge({ tariff }: { tariff: Pick<TariffDto, 'isPublic'> }) {
  const { t } = useTranslation();
  return tariff.isPublic ? (
    <Badge color="blue" variant="light" style={{ flexShrink: 0 }}>
      {t('catalog.tariff.public')}
    </Badge>
  ) : (
    <Badge color="grape" variant="light" style={{ flexShrink: 0 }}>
      {t('catalog.tariff.nonPublic')}
    </Badge>
  );
}

function TariffTable({ moduleId }: { moduleId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const tariffs = useQuery({
    queryKey: catalogKeys.tariffs(moduleId),
    queryFn: ({ signal }) => fetchTariffs(moduleId, signal),
  });
  if (tariffs.isPending) return <PageLoader />;
  if (tariffs.isError) return <ErrorBanner error={tariffs.error} onRetry={() => void tariffs.refetch()} />;
  if (tariffs.data.items.length === 0)
    return (
      <EmptyState size="sm" title={t('catalog.tariffs.empty')} description={t('catalog.tariffs.emptyHint')} />
    );
  return (
    <TableScroll minWidth={720} label={t('tables.tariffs')}>
      <Table highlightOnHover verticalSpacing="sm" data-testid="tariff-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={70}>{t('catalog.tariff.displayOrderShort')}</Table.Th>
            <Table.Th>{t('catalog.tariff.title')}</Table.Th>
            <Table.Th>{t('catalog.tariff.visibility')}</Table.Th>
            <Table.Th>{t('catalog.tariff.offerNumber')}</Table.Th>
            <Table.Th>{t('catalog.tariff.rule')}</Table.Th>
            <Table.Th>{t('catalog.tariff.vatRate')}</Table.Th>
            <Table.Th>{t('catalog.items.title')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tariffs.data.items.map((tariff) => {
            const preset = presetOfValues(ruleValuesOf(tariff.terminationRule));
            return (
              <Table.Tr
                key={tariff.id}
                style={{ cursor: 'pointer' }}
                data-testid="tariff-row"
                onClick={() => void navigate({ to: '/staff/catalog/tariffs/$id', params: { id: tariff.id } })}
              >
                <Table.Td>{tariff.displayOrder}</Table.Td>
                <Table.Td>
                  <AnchorLink
                    to="/staff/catalog/tariffs/$id"
                    params={{ id: tariff.id }}
                    fw={500}
                    onClick={(event) => event.stopPropagation()}
                  >
                    {localizedTextOf(tariff.title, locale) || t('catalog.untitled')}
                  </AnchorLink>
                </Table.Td>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <PublishedBadge tariff={tariff} />
                    <PublicBadge tariff={tariff} />
                  </Group>
                </Table.Td>
                <Table.Td>{tariff.offerNumber ? <OfferNumber value={tariff.offerNumber} /> : '–'}</Table.Td>
                <Table.Td>{t(`catalog.rule.presets.${preset ?? 'custom'}`)}</Table.Td>
                <Table.Td>{formatPercent(tariff.vatRate, locale)}</Table.Td>
                <Table.Td>{tariff.items.length}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}
