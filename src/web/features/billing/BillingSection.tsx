import { Alert, Badge, Button, Card, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type BillingDataDto, type ChargeDto, manualItemBody, usageUnits } from '../../../shared/schemas';
import { isApiError } from '../../app/api';
import { formatMoney, formatPlainDate } from '../../app/format';
import { useLocale } from '../../app/i18n';
import { zodFieldErrors } from '../../app/validation';
import { ErrorBanner } from '../../components/ErrorBanner';
import { PageLoader } from '../../components/PageLoader';
import { formatPercent, formatQuantity, formatUnitPrice } from '../../components/price-list';
import { TableScroll } from '../../components/TableScroll';
import { addManualItem, billingKeys, fetchBillingData, issueCorrections, issueInvoice } from './billing.api';
import { DocumentsTab } from './DocumentsTab';

const statusColor: Record<ChargeDto['status'], string> = { due: 'blue', future: 'gray', invoiced: 'green' };

/** The charges of the billing data as a table: period, due date, quantity, price, VAT, amount, state. */
function ChargesTable({ data }: { data: BillingDataDto }) {
  const { t } = useTranslation();
  const locale = useLocale();
  if (data.charges.length === 0) return <Text c="dimmed">{t('billing.noCharges')}</Text>;
  // Usage units (call, minute, second) in the UI language; any other unit as given.
  const unitName = (unit: string) =>
    (usageUnits as readonly string[]).includes(unit) ? t(`catalog.units.${unit}`) : unit;
  return (
    <TableScroll minWidth={760} label={t('billing.chargesCaption')}>
      <Table striped data-testid="charges-table">
        {/* At the start, not centred across a table wider than a phone (it would be cut off). */}
        <Table.Caption ta="left">{t('billing.chargesCaption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('billing.line')}</Table.Th>
            <Table.Th scope="col">{t('billing.period')}</Table.Th>
            <Table.Th scope="col">{t('billing.dueDate')}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t('billing.quantity')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t('billing.unitPrice')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t('billing.vat')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t('billing.amount')}
            </Table.Th>
            <Table.Th scope="col">{t('billing.status')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.charges.map((c) => (
            <Table.Tr key={c.key}>
              <Table.Td>{c.kind === 'minimum_turnover' ? t('billing.minimumTurnover') : c.title}</Table.Td>
              <Table.Td>
                {formatPlainDate(c.periodFrom, locale)}
                {c.periodTo !== c.periodFrom && ` – ${formatPlainDate(c.periodTo, locale)}`}
                {c.proration && ` (${c.proration})`}
              </Table.Td>
              <Table.Td>{formatPlainDate(c.dueDate, locale)}</Table.Td>
              <Table.Td ta="right">
                {formatQuantity(c.quantity, locale)}
                {c.unit ? ` ${unitName(c.unit)}` : ''}
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {formatUnitPrice(c.unitPrice, data.currency, locale)}
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {formatPercent(c.vatRate, locale)}
              </Table.Td>
              <Table.Td ta="right">{formatMoney(c.amount, data.currency, locale)}</Table.Td>
              <Table.Td>
                <Badge color={statusColor[c.status]} variant="light">
                  {c.status === 'invoiced' && c.documentNumber
                    ? t('billing.statuses.invoicedOn', { number: c.documentNumber })
                    : t(`billing.statuses.${c.status}`)}
                </Badge>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}

type ManualValues = {
  title: string;
  quantity: string;
  unitPrice: string;
  vatRate: string;
  date: string;
  reason: string;
};

function ManualItemForm({ accountId, today }: { accountId: string; today: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<ManualValues>({
    initialValues: { title: '', quantity: '1', unitPrice: '', vatRate: '21', date: today, reason: '' },
    validate: (values) => zodFieldErrors(manualItemBody, values, t),
  });
  const save = useMutation({
    mutationFn: (values: ManualValues) => addManualItem(accountId, values),
    onSuccess: () => {
      form.reset();
      void queryClient.invalidateQueries({ queryKey: billingKeys.all });
      notifications.show({
        color: 'green',
        message: t('billing.manual.saved'),
        closeButtonProps: { 'aria-label': t('common.close') },
      });
    },
    onError: (error) => {
      if (isApiError(error)) form.setErrors(error.fieldErrors);
    },
  });
  return (
    <form noValidate onSubmit={form.onSubmit((v) => save.mutate(v))}>
      <Stack gap="sm">
        <Title order={3} size="h5">
          {t('billing.manual.title')}
        </Title>
        <Group grow align="flex-start">
          <TextInput label={t('billing.manual.lineTitle')} required {...form.getInputProps('title')} />
          <TextInput label={t('billing.manual.date')} type="date" required {...form.getInputProps('date')} />
        </Group>
        <Group grow align="flex-start">
          <TextInput
            label={t('billing.quantity')}
            required
            inputMode="decimal"
            {...form.getInputProps('quantity')}
          />
          <TextInput
            label={t('billing.unitPrice')}
            required
            inputMode="decimal"
            {...form.getInputProps('unitPrice')}
          />
          <TextInput
            label={t('billing.manual.vatRate')}
            required
            inputMode="decimal"
            {...form.getInputProps('vatRate')}
          />
        </Group>
        <TextInput
          label={t('billing.manual.reason')}
          description={t('billing.manual.reasonHint')}
          required
          {...form.getInputProps('reason')}
        />
        {save.isError && !isApiError(save.error) && <ErrorBanner error={save.error} />}
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('billing.manual.add')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function problemText(error: unknown, t: (k: string) => string): string | null {
  if (!isApiError(error)) return null;
  if (error.code === 'nothing_due') return t('billing.problems.nothingDue');
  if (error.code === 'no_invoice_settings') return t('billing.problems.noInvoiceSettings');
  if (error.code === 'future_date') return t('billing.problems.futureDate');
  if (error.code === 'no_recipient') return t('billing.problems.noRecipient');
  if (error.code === 'no_pending_corrections') return t('billing.problems.noPendingCorrections');
  return null;
}

/** The staff billing page of an account: billing data, manual items, issuing, corrections, archive. */
export function StaffBillingSection({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const queryClient = useQueryClient();
  const data = useQuery({
    queryKey: billingKeys.data('staff', accountId),
    queryFn: ({ signal }) => fetchBillingData('staff', accountId, signal),
  });
  const [until, setUntil] = useState<string | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: billingKeys.all });
  const issued = (count: number) =>
    notifications.show({
      color: 'green',
      message: t('billing.issued', { count }),
      closeButtonProps: { 'aria-label': t('common.close') },
    });
  const issue = useMutation({
    mutationFn: (date: string) => issueInvoice(accountId, date),
    onSuccess: (r) => {
      refresh();
      issued(r.items.length);
    },
  });
  const correct = useMutation({
    mutationFn: () => issueCorrections(accountId),
    onSuccess: (r) => {
      refresh();
      issued(r.items.length);
    },
  });
  if (data.isPending) return <PageLoader />;
  if (data.isError) return <ErrorBanner error={data.error} onRetry={() => void data.refetch()} />;
  const d = data.data;
  const canManage = d.abilities['billing.manage'] === true;
  const untilValue = until ?? d.today;
  const issueError = issue.error ?? correct.error;
  const known = problemText(issueError, t);
  return (
    <Card withBorder padding="lg" radius="md" data-testid="billing-section">
      <Stack gap="md">
        <Title order={2} size="h4">
          {t('billing.title')}
        </Title>
        {d.isTestAccount && (
          <Alert color="orange" title={t('billing.testAccount')}>
            {t('billing.testAccountHint')}
          </Alert>
        )}
        <Text size="sm">
          {t('billing.dueSummary', {
            amount: formatMoney(d.dueNet, d.currency, locale),
            date: formatPlainDate(d.until, locale),
          })}
        </Text>
        <ChargesTable data={d} />
        {d.pendingCorrections.length > 0 && (
          <Stack gap="xs" data-testid="pending-corrections">
            <Title order={3} size="h5">
              {t('billing.pendingCorrections')}
            </Title>
            {d.pendingCorrections.map((k) => (
              <Text key={k.key} size="sm">
                {t('billing.correctionLine', {
                  title: k.title,
                  from: formatPlainDate(k.periodFrom, locale),
                  to: formatPlainDate(k.periodTo, locale),
                  amount: formatMoney(k.amount, d.currency, locale),
                  number: k.correctsDocumentNumber,
                  date: formatPlainDate(k.correctsDocumentDate, locale),
                })}
              </Text>
            ))}
          </Stack>
        )}
        {!canManage && (
          <Text c="dimmed" size="sm">
            {t('billing.onlySupermanager')}
          </Text>
        )}
        {canManage && (
          <Stack gap="sm">
            {d.issueBlockedBy && (
              <Alert color="gray">
                {d.issueBlockedBy === 'no_invoice_settings'
                  ? t('billing.problems.noInvoiceSettings')
                  : t('billing.problems.nothingDue')}
              </Alert>
            )}
            {issueError &&
              (known ? (
                <Alert color="red" role="alert">
                  {known}
                </Alert>
              ) : (
                <ErrorBanner error={issueError} />
              ))}
            <Group align="flex-end">
              <TextInput
                label={t('billing.until')}
                type="date"
                max={d.today}
                value={untilValue}
                onChange={(e) => setUntil(e.currentTarget.value)}
              />
              <Button
                onClick={() => issue.mutate(untilValue)}
                loading={issue.isPending}
                disabled={d.issueBlockedBy === 'no_invoice_settings'}
                data-testid="issue-invoice"
              >
                {t('billing.issue')}
              </Button>
              {d.pendingCorrections.length > 0 && (
                <Button
                  variant="light"
                  onClick={() => correct.mutate()}
                  loading={correct.isPending}
                  data-testid="issue-corrections"
                >
                  {t('billing.issueCorrections')}
                </Button>
              )}
            </Group>
            <ManualItemForm accountId={accountId} today={d.today} />
          </Stack>
        )}
        <Title order={3} size="h5">
          {t('documents.title')}
        </Title>
        <DocumentsTab realm="staff" accountId={accountId} />
      </Stack>
    </Card>
  );
}

/** The client's documents and announced price changes. */
export function ClientDocumentsSection({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const data = useQuery({
    queryKey: billingKeys.data('client', accountId),
    queryFn: ({ signal }) => fetchBillingData('client', accountId, signal),
  });
  const changes = data.data?.announcedPriceChanges ?? [];
  return (
    <Card withBorder padding="lg" radius="md" data-testid="client-documents">
      <Stack gap="md">
        <Title order={2} size="h4">
          {t('documents.title')}
        </Title>
        {changes.map((c) => (
          <Alert key={c.id} color="blue" title={t('billing.priceChange.title')}>
            {t('billing.priceChange.text', {
              item: c.itemTitle,
              tariff: c.tariffTitle,
              date: formatPlainDate(c.validFrom, locale),
              from: c.previousUnitPrice,
              to: c.unitPrice,
            })}
          </Alert>
        ))}
        <DocumentsTab realm="client" accountId={accountId} />
      </Stack>
    </Card>
  );
}
