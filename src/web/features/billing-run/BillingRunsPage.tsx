import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Progress,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BillingRunDto } from '../../../shared/schemas';
import { isApiError } from '../../app/api';
import { formatDateTime, formatNumber, formatPlainDate } from '../../app/format';
import { useLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { AppLayout } from '../../components/AppLayout';
import { ErrorBanner } from '../../components/ErrorBanner';
import { NotAvailable } from '../../components/NotAvailable';
import { PageLoader } from '../../components/PageLoader';
import { TableScroll } from '../../components/TableScroll';
import { billingRunKeys, fetchBillingRun, fetchBillingRuns, startBillingRun } from './billing-run.api';

/** While a run is running its progress is polled this often. */
const POLL_MS = 1000;

/** Staff page "Billing runs": start a run up to a date, the runs with live progress and failures. */
export function BillingRunsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const allowed = session.abilities['billing.manage'] === true;
  return (
    <AppLayout realm="staff" title={t('billingRuns.title')}>
      <Stack>
        <div>
          <Title order={1} size="h2">
            {t('billingRuns.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('billingRuns.intro')}
          </Text>
        </div>
        {allowed ? <BillingRuns /> : <NotAvailable />}
      </Stack>
    </AppLayout>
  );
}

function BillingRuns() {
  const { t } = useTranslation();
  const runs = useQuery({
    queryKey: billingRunKeys.list,
    queryFn: ({ signal }) => fetchBillingRuns(signal),
    refetchInterval: (query) =>
      query.state.data?.items.some((r) => r.state === 'running') ? POLL_MS : false,
  });
  if (runs.isPending) return <PageLoader />;
  if (runs.isError) return <ErrorBanner error={runs.error} onRetry={() => void runs.refetch()} />;
  const running = runs.data.items.find((r) => r.state === 'running');
  // The running run, else the latest one with its result.
  const current = running ?? runs.data.items[0];
  return (
    <Stack>
      <StartRunForm disabled={Boolean(running)} />
      {current && <RunProgress key={current.id} runId={current.id} />}
      <Title order={2} size="h4">
        {t('billingRuns.listTitle')}
      </Title>
      {runs.data.items.length === 0 ? (
        <Text c="dimmed">{t('billingRuns.empty')}</Text>
      ) : (
        <RunsTable runs={runs.data.items} />
      )}
    </Stack>
  );
}

function StartRunForm({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation();
  const session = useSession();
  const queryClient = useQueryClient();
  const [until, setUntil] = useState(session.today);
  const start = useMutation({
    mutationFn: (date: string) => startBillingRun(date),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: billingRunKeys.all }),
  });
  const fieldError = isApiError(start.error) ? start.error.fieldErrors.until : undefined;
  return (
    <Card withBorder component="section" aria-labelledby="billing-run-start-title">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          start.mutate(until);
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4" id="billing-run-start-title">
            {t('billingRuns.startTitle')}
          </Title>
          <Text size="sm">{t('billingRuns.startHelp')}</Text>
          <Group align="flex-end">
            <TextInput
              label={t('billingRuns.until')}
              type="date"
              required
              max={session.today}
              value={until}
              onChange={(e) => setUntil(e.currentTarget.value)}
              error={fieldError}
              data-testid="billing-run-until"
            />
            <Button
              type="submit"
              loading={start.isPending}
              disabled={disabled}
              data-testid="billing-run-start"
            >
              {t('billingRuns.start')}
            </Button>
          </Group>
          {disabled && <Text size="sm">{t('billingRuns.oneAtATime')}</Text>}
          {start.isError && !fieldError && <ErrorBanner error={start.error} />}
        </Stack>
      </form>
    </Card>
  );
}

function RunProgress({ runId }: { runId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const run = useQuery({
    queryKey: billingRunKeys.one(runId),
    queryFn: ({ signal }) => fetchBillingRun(runId, signal),
    refetchInterval: (query) => (query.state.data?.state === 'completed' ? false : POLL_MS),
  });
  if (run.isPending) return <PageLoader />;
  if (run.isError) return <ErrorBanner error={run.error} onRetry={() => void run.refetch()} />;
  const r = run.data;
  const percent = r.totalAccounts === 0 ? 100 : Math.round((r.doneAccounts / r.totalAccounts) * 100);
  return (
    <Card
      withBorder
      component="section"
      aria-labelledby="billing-run-progress-title"
      data-testid="billing-run-progress"
    >
      <Stack gap="sm">
        <Title order={2} size="h4" id="billing-run-progress-title">
          {t('billingRuns.progressTitle', { date: formatPlainDate(r.until, locale) })}
        </Title>
        <Progress value={percent} aria-label={t('billingRuns.progressLabel')} size="lg" />
        <Text aria-live="polite" data-testid="billing-run-counts">
          {t('billingRuns.counts', {
            done: formatNumber(r.doneAccounts, locale),
            total: formatNumber(r.totalAccounts, locale),
            documents: formatNumber(r.documentsIssued, locale),
            failed: formatNumber(r.failedAccounts, locale),
          })}
        </Text>
        {r.failures.length > 0 && <Failures failures={r.failures} />}
      </Stack>
    </Card>
  );
}

function Failures({
  failures,
}: {
  failures: {
    accountId: string;
    accountName: string;
    customerNumber: string | null;
    code: string;
    reason: string;
  }[];
}) {
  const { t } = useTranslation();
  return (
    <Alert color="red" variant="light" title={t('billingRuns.failuresTitle')}>
      <TableScroll minWidth={560} label={t('billingRuns.failuresTitle')}>
        <Table data-testid="billing-run-failures">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('billingRuns.account')}</Table.Th>
              <Table.Th scope="col">{t('billingRuns.reason')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {failures.map((f) => (
              <Table.Tr key={f.accountId}>
                <Table.Td>
                  {f.accountName}
                  {f.customerNumber ? ` (${f.customerNumber})` : ''}
                </Table.Td>
                <Table.Td>{t(`billingRuns.failureCodes.${f.code}`, { defaultValue: f.reason })}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </TableScroll>
    </Alert>
  );
}

function RunsTable({ runs }: { runs: BillingRunDto[] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const session = useSession();
  const [openId, setOpenId] = useState<string | null>(null);
  return (
    <Stack>
      <TableScroll minWidth={760} label={t('billingRuns.listTitle')}>
        <Table striped data-testid="billing-runs-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('billingRuns.until')}</Table.Th>
              <Table.Th scope="col">{t('billingRuns.state')}</Table.Th>
              <Table.Th scope="col" ta="right">
                {t('billingRuns.accounts')}
              </Table.Th>
              <Table.Th scope="col" ta="right">
                {t('billingRuns.documents')}
              </Table.Th>
              <Table.Th scope="col" ta="right">
                {t('billingRuns.failed')}
              </Table.Th>
              <Table.Th scope="col">{t('billingRuns.startedAt')}</Table.Th>
              <Table.Th scope="col">{t('billingRuns.startedBy')}</Table.Th>
              <Table.Th scope="col">{t('billingRuns.details')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {runs.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>{formatPlainDate(r.until, locale)}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Badge
                    color={r.state === 'running' ? 'blue' : r.failedAccounts > 0 ? 'orange' : 'green'}
                    variant="light"
                    miw="max-content"
                  >
                    {t(`billingRuns.states.${r.state}`)}
                  </Badge>
                </Table.Td>
                <Table.Td ta="right">
                  {formatNumber(r.doneAccounts, locale)} / {formatNumber(r.totalAccounts, locale)}
                </Table.Td>
                <Table.Td ta="right">{formatNumber(r.documentsIssued, locale)}</Table.Td>
                <Table.Td ta="right">{formatNumber(r.failedAccounts, locale)}</Table.Td>
                <Table.Td>{formatDateTime(r.createdAt, locale, session.tenant.timeZone)}</Table.Td>
                <Table.Td>{r.startedBy.name ?? t('billingRuns.system')}</Table.Td>
                <Table.Td>
                  {r.failedAccounts > 0 && r.state === 'completed' && (
                    <Button
                      size="xs"
                      variant="subtle"
                      aria-expanded={openId === r.id}
                      onClick={() => setOpenId(openId === r.id ? null : r.id)}
                    >
                      {openId === r.id ? t('billingRuns.hideFailures') : t('billingRuns.showFailures')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </TableScroll>
      {openId && <CompletedFailures runId={openId} />}
    </Stack>
  );
}

function CompletedFailures({ runId }: { runId: string }) {
  const run = useQuery({
    queryKey: billingRunKeys.one(runId),
    queryFn: ({ signal }) => fetchBillingRun(runId, signal),
  });
  if (run.isPending) return <PageLoader />;
  if (run.isError) return <ErrorBanner error={run.error} onRetry={() => void run.refetch()} />;
  return <Failures failures={run.data.failures} />;
}
