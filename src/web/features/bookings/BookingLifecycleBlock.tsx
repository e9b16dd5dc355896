import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  List,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActionState, BookingLifecycle, BookingOptionDto } from '../../../shared/schemas';
import { isApiError } from '../../app/api';
import { formatDateTime, formatPlainDate } from '../../app/format';
import { useLocale } from '../../app/i18n';
import { DetailList } from '../../components/DetailList';
import { ErrorBanner } from '../../components/ErrorBanner';
import { localizedTextOf as localized } from '../../components/localized-values';
import { PageLoader } from '../../components/PageLoader';
import { PriceList } from '../../components/PriceList';
import { formatUnitPrice } from '../../components/price-list';
import {
  bookOption,
  cancelBooking,
  changeTariff,
  fetchLifecycle,
  fetchTariffChoices,
  lifecycleKeys,
  previewCancellation,
  previewTariffChange,
  type Realm,
  terminateOption,
  withdrawCancellation,
  withdrawTariffChange,
} from './lifecycle.api';

type Props = {
  realm: Realm;
  bookingId: string;
  /** Queries to refresh after a change (the booking and the modules list). */
  relatedKeys?: readonly (readonly unknown[])[];
};

/**
 * The module block of a booking (DOMAIN.md §3 "Per module booking" (2) and (3)): current tariff
 * with the dates that matter, cancel / withdraw, change tariff with a preview, additional options.
 * Self-contained: it loads its own data, so the contract page can embed it as well.
 */
export function BookingLifecycleBlock({ realm, bookingId, relatedKeys = [] }: Props) {
  const query = useQuery({
    queryKey: lifecycleKeys.one(realm, bookingId),
    queryFn: ({ signal }) => fetchLifecycle(realm, bookingId, signal),
  });
  if (query.isPending) return <PageLoader />;
  if (query.isError) return <ErrorBanner error={query.error} onRetry={() => void query.refetch()} />;
  return <LifecycleView lc={query.data} realm={realm} relatedKeys={relatedKeys} />;
}

/** After a change: the new state replaces the block's data; related queries reload. */
function useApply(realm: Realm, bookingId: string, relatedKeys: readonly (readonly unknown[])[]) {
  const queryClient = useQueryClient();
  const { t } = useTranslation();
  return (next: BookingLifecycle, message: string) => {
    queryClient.setQueryData(lifecycleKeys.one(realm, bookingId), next);
    for (const key of relatedKeys) void queryClient.invalidateQueries({ queryKey: key });
    notifications.show({ color: 'green', message, closeButtonProps: { 'aria-label': t('common.close') } });
  };
}

function Blocked({ action }: { action: ActionState }) {
  const { t } = useTranslation();
  if (action.allowed || !action.blockedBy) return null;
  return (
    <Text size="sm" c="dimmed" data-testid={`blocked-${action.blockedBy}`}>
      {t(`bookings.lifecycle.blocked.${action.blockedBy}`)}
    </Text>
  );
}

function LifecycleView({
  lc,
  realm,
  relatedKeys,
}: {
  lc: BookingLifecycle;
  realm: Realm;
  relatedKeys: readonly (readonly unknown[])[];
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const d = (iso: string | null) => (iso ? formatPlainDate(iso, locale) : t('bookings.lifecycle.none'));
  return (
    <Stack gap="lg" data-testid="booking-lifecycle">
      <Card withBorder padding="lg" radius="md">
        <Title order={2} size="h4" mb="xs">
          {t('bookings.lifecycle.currentTariff')}: {localized(lc.currentTariff.title, locale)}
        </Title>
        <Text size="sm" c="dimmed" mb="md">
          {t('bookings.lifecycle.asOf', { date: d(lc.today) })}
        </Text>
        <Stack gap="md">
          {lc.dates ? (
            <DetailList
              items={[
                {
                  label: t('bookings.lifecycle.minimumTermEnds'),
                  value: d(lc.dates.minimumTermEnds),
                  testId: 'minimum-term-ends',
                },
                {
                  label: t('bookings.lifecycle.lastDayToCancel'),
                  value: d(lc.dates.lastDayToCancel),
                  testId: 'last-day-to-cancel',
                },
                {
                  label: t('bookings.lifecycle.earliestEnd'),
                  value: d(lc.dates.earliestEnd),
                  testId: 'earliest-end',
                },
                { label: t('bookings.lifecycle.tariffSince'), value: d(lc.currentPeriod.startDate) },
              ]}
            />
          ) : (
            <DetailList
              items={[{ label: t('bookings.fields.end'), value: d(lc.endDate), testId: 'booking-end' }]}
            />
          )}
          <PriceList tariff={lc.currentTariff} currency={lc.currency} headingOrder={3} />
        </Stack>
      </Card>
      <CancellationCard lc={lc} realm={realm} relatedKeys={relatedKeys} />
      <TariffChangeCard lc={lc} realm={realm} relatedKeys={relatedKeys} />
      <OptionsCard lc={lc} realm={realm} relatedKeys={relatedKeys} />
    </Stack>
  );
}

function Section({ title, children, testId }: { title: string; children: ReactNode; testId: string }) {
  return (
    <Card withBorder padding="lg" radius="md" data-testid={testId}>
      <Title order={2} size="h4" mb="md">
        {title}
      </Title>
      <Stack gap="sm">{children}</Stack>
    </Card>
  );
}

/** A manager's other date with its reason; the date stays empty for the computed one. */
function OtherDateFields({
  lc,
  date,
  reason,
  onDate,
  onReason,
  dateLabel,
  errors,
}: {
  lc: BookingLifecycle;
  date: string;
  reason: string;
  onDate: (v: string) => void;
  onReason: (v: string) => void;
  dateLabel: string;
  errors: Record<string, string>;
}) {
  const { t } = useTranslation();
  if (!lc.actions.chooseOtherDate.allowed)
    return (
      <Text size="sm" c="dimmed">
        {t('bookings.lifecycle.computedDateOnly')}
      </Text>
    );
  return (
    <Group align="flex-start" grow>
      <TextInput
        type="date"
        label={dateLabel}
        description={t('bookings.lifecycle.otherDateHint')}
        value={date}
        onChange={(e) => onDate(e.currentTarget.value)}
        error={errors.endDate ?? errors.switchDate}
        min={lc.startDate}
        data-testid="other-date"
      />
      <TextInput
        label={t('bookings.lifecycle.reason')}
        description={t('bookings.lifecycle.reasonHint')}
        value={reason}
        onChange={(e) => onReason(e.currentTarget.value)}
        error={errors.reason}
        required={date !== ''}
        data-testid="other-date-reason"
      />
    </Group>
  );
}

function Warnings({ warnings }: { warnings: { code: string }[] }) {
  const { t } = useTranslation();
  if (warnings.length === 0) return null;
  return (
    <Alert
      color="yellow"
      variant="light"
      title={t('bookings.lifecycle.warningTitle')}
      data-testid="date-warning"
    >
      {warnings.map((w) => (
        <Text size="sm" key={w.code}>
          {t(`bookings.lifecycle.warnings.${w.code}`)}
        </Text>
      ))}
    </Alert>
  );
}

function fieldErrorsOf(error: unknown): Record<string, string> {
  return isApiError(error) ? error.fieldErrors : {};
}

function CancellationCard({
  lc,
  realm,
  relatedKeys,
}: {
  lc: BookingLifecycle;
  realm: Realm;
  relatedKeys: readonly (readonly unknown[])[];
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const apply = useApply(realm, lc.bookingId, relatedKeys);
  const [open, setOpen] = useState(false);
  const [date, setDate] = useState('');
  const [reason, setReason] = useState('');
  const [clientReason, setClientReason] = useState('');
  const preview = useQuery({
    queryKey: ['bookings', realm, lc.bookingId, 'cancellation-preview', date],
    queryFn: () => previewCancellation(realm, lc.bookingId, date || null),
    enabled: open && lc.actions.cancel.allowed,
    retry: false,
  });
  const cancel = useMutation({
    mutationFn: () =>
      cancelBooking(realm, lc.bookingId, {
        endDate: date || null,
        reason: reason.trim() || null,
        cancellationReason: clientReason.trim() || null,
      }),
    onSuccess: (next) => {
      setOpen(false);
      apply(next, t('bookings.lifecycle.cancel.done'));
    },
  });
  const withdraw = useMutation({
    mutationFn: () => withdrawCancellation(realm, lc.bookingId),
    onSuccess: (next) => apply(next, t('bookings.lifecycle.cancel.withdrawn')),
  });
  const d = (iso: string) => formatPlainDate(iso, locale);
  const c = lc.cancellation;
  return (
    <Section title={t('bookings.lifecycle.cancel.title')} testId="cancellation-card">
      {c && (
        <Alert color="orange" variant="light" data-testid="cancellation-state">
          <Text size="sm" fw={600}>
            {t('bookings.lifecycle.cancel.endsOn', { date: d(c.endDate) })}
          </Text>
          <Text size="sm">
            {t('bookings.lifecycle.cancel.received', { when: formatDateTime(c.receivedAt, locale) })}
          </Text>
          {c.overrideReason && (
            <Text size="sm">
              {t('bookings.lifecycle.cancel.overrideReason', { reason: c.overrideReason })}
            </Text>
          )}
          {c.cancellationReason && (
            <Text size="sm">
              {t('bookings.lifecycle.cancel.clientReason', { reason: c.cancellationReason })}
            </Text>
          )}
        </Alert>
      )}
      {c && lc.actions.withdrawCancellation.allowed && (
        <Group>
          <Button
            variant="outline"
            onClick={() => withdraw.mutate()}
            loading={withdraw.isPending}
            data-testid="withdraw-cancellation"
          >
            {t('bookings.lifecycle.cancel.withdraw')}
          </Button>
        </Group>
      )}
      {c && <Blocked action={lc.actions.withdrawCancellation} />}
      {withdraw.isError && <ErrorBanner error={withdraw.error} />}
      {!c && !open && (
        <>
          {lc.actions.cancel.allowed && (
            <Group>
              <Button
                color="red"
                variant="outline"
                onClick={() => setOpen(true)}
                data-testid="start-cancellation"
              >
                {t('bookings.lifecycle.cancel.start')}
              </Button>
            </Group>
          )}
          <Blocked action={lc.actions.cancel} />
        </>
      )}
      {!c && open && (
        <Stack gap="sm">
          <OtherDateFields
            lc={lc}
            date={date}
            reason={reason}
            onDate={setDate}
            onReason={setReason}
            dateLabel={t('bookings.lifecycle.cancel.otherEnd')}
            errors={{ ...fieldErrorsOf(preview.error), ...fieldErrorsOf(cancel.error) }}
          />
          {preview.data && (
            <Alert color="blue" variant="light" data-testid="cancellation-preview">
              <Text size="sm" fw={600}>
                {t('bookings.lifecycle.cancel.previewEnd', { date: d(preview.data.end) })}
              </Text>
              <Text size="sm">
                {t('bookings.lifecycle.cancel.previewComputed', {
                  end: d(preview.data.computed.end),
                  lastDay: d(preview.data.computed.lastDayToCancel),
                })}
              </Text>
              {preview.data.optionsEnding.length > 0 && (
                <>
                  <Text size="sm" mt="xs">
                    {t('bookings.lifecycle.cancel.optionsEnding')}
                  </Text>
                  <List size="sm">
                    {preview.data.optionsEnding.map((o) => (
                      <List.Item key={o.id}>
                        {localized(o.title, locale)}: {d(o.endsOn)}
                      </List.Item>
                    ))}
                  </List>
                </>
              )}
            </Alert>
          )}
          {preview.data && <Warnings warnings={preview.data.warnings} />}
          {preview.isError && !Object.keys(fieldErrorsOf(preview.error)).length && (
            <ErrorBanner error={preview.error} />
          )}
          <Textarea
            label={t('bookings.lifecycle.cancel.clientReasonLabel')}
            description={t('bookings.lifecycle.optional')}
            value={clientReason}
            onChange={(e) => setClientReason(e.currentTarget.value)}
            autosize
            minRows={2}
            maxLength={1000}
          />
          {cancel.isError && <ErrorBanner error={cancel.error} />}
          <Group>
            <Button
              color="red"
              onClick={() => cancel.mutate()}
              loading={cancel.isPending}
              disabled={!preview.data}
              data-testid="confirm-cancellation"
            >
              {preview.data
                ? t('bookings.lifecycle.cancel.confirm', { date: d(preview.data.end) })
                : t('bookings.lifecycle.cancel.confirmPlain')}
            </Button>
            <Button variant="subtle" onClick={() => setOpen(false)}>
              {t('bookings.lifecycle.back')}
            </Button>
          </Group>
        </Stack>
      )}
    </Section>
  );
}

function TariffChangeCard({
  lc,
  realm,
  relatedKeys,
}: {
  lc: BookingLifecycle;
  realm: Realm;
  relatedKeys: readonly (readonly unknown[])[];
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const apply = useApply(realm, lc.bookingId, relatedKeys);
  const [open, setOpen] = useState(false);
  const [offerInput, setOfferInput] = useState('');
  const [offerNumber, setOfferNumber] = useState('');
  const [tariffId, setTariffId] = useState<string | null>(null);
  const [date, setDate] = useState('');
  const [reason, setReason] = useState('');
  const choices = useQuery({
    queryKey: lifecycleKeys.choices(realm, lc.bookingId, offerNumber),
    queryFn: ({ signal }) => fetchTariffChoices(realm, lc.bookingId, offerNumber, signal),
    enabled: open,
    retry: false,
  });
  const body = {
    tariffId: tariffId ?? '',
    ...(offerNumber ? { offerNumber } : {}),
    switchDate: date || null,
  };
  const preview = useQuery({
    queryKey: ['bookings', realm, lc.bookingId, 'tariff-preview', tariffId, offerNumber, date],
    queryFn: () => previewTariffChange(realm, lc.bookingId, body),
    enabled: open && tariffId !== null,
    retry: false,
  });
  const change = useMutation({
    mutationFn: () => changeTariff(realm, lc.bookingId, { ...body, reason: reason.trim() || null }),
    onSuccess: (next) => {
      setOpen(false);
      setTariffId(null);
      apply(next, t('bookings.lifecycle.change.done'));
    },
  });
  const withdraw = useMutation({
    mutationFn: () => withdrawTariffChange(realm, lc.bookingId),
    onSuccess: (next) => apply(next, t('bookings.lifecycle.change.withdrawn')),
  });
  const d = (iso: string | null) => (iso ? formatPlainDate(iso, locale) : t('bookings.lifecycle.none'));
  const money = (v: string, currency: string) => formatUnitPrice(v, currency, locale);
  const sc = lc.scheduledChange;
  const p = preview.data;
  return (
    <Section title={t('bookings.lifecycle.change.title')} testId="tariff-change-card">
      {lc.periods.length > 1 && (
        <Table withRowBorders={false} verticalSpacing={4}>
          <Table.Caption>{t('bookings.lifecycle.change.history')}</Table.Caption>
          <Table.Tbody>
            {lc.periods.map((period) => (
              <Table.Tr key={`${period.tariffId}-${period.startDate}`}>
                <Table.Td>{localized(period.tariffTitle, locale)}</Table.Td>
                <Table.Td>
                  {d(period.startDate)} – {period.endDate ? d(period.endDate) : t('bookings.noEnd')}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {sc && (
        <Alert color="blue" variant="light" data-testid="scheduled-change">
          <Text size="sm" fw={600}>
            {t('bookings.lifecycle.change.scheduled', {
              tariff: localized(sc.toTariff.title, locale),
              date: d(sc.switchDate),
            })}
          </Text>
          <Text size="sm">
            {t('bookings.lifecycle.cancel.received', { when: formatDateTime(sc.receivedAt, locale) })}
          </Text>
          {sc.overrideReason && (
            <Text size="sm">
              {t('bookings.lifecycle.cancel.overrideReason', { reason: sc.overrideReason })}
            </Text>
          )}
        </Alert>
      )}
      {sc && lc.actions.withdrawTariffChange.allowed && (
        <Group>
          <Button
            variant="outline"
            onClick={() => withdraw.mutate()}
            loading={withdraw.isPending}
            data-testid="withdraw-change"
          >
            {t('bookings.lifecycle.change.withdraw')}
          </Button>
        </Group>
      )}
      {withdraw.isError && <ErrorBanner error={withdraw.error} />}
      {!sc && !open && (
        <>
          {lc.actions.changeTariff.allowed && (
            <Group>
              <Button variant="outline" onClick={() => setOpen(true)} data-testid="start-change">
                {t('bookings.lifecycle.change.start')}
              </Button>
            </Group>
          )}
          <Blocked action={lc.actions.changeTariff} />
        </>
      )}
      {!sc && open && (
        <Stack gap="sm">
          <Group align="flex-end">
            <TextInput
              label={t('bookings.lifecycle.change.offerNumber')}
              description={t('bookings.lifecycle.change.offerNumberHint')}
              value={offerInput}
              onChange={(e) => setOfferInput(e.currentTarget.value)}
              error={
                fieldErrorsOf(choices.error).offerNumber
                  ? t('bookings.lifecycle.change.offerUnknown')
                  : undefined
              }
            />
            <Button variant="default" onClick={() => setOfferNumber(offerInput.trim())}>
              {t('bookings.lifecycle.change.applyOffer')}
            </Button>
          </Group>
          <Select
            label={t('bookings.lifecycle.change.newTariff')}
            placeholder={t('bookings.lifecycle.change.choose')}
            data={(choices.data?.tariffs ?? []).map((x) => ({
              value: x.id,
              label: localized(x.title, locale),
            }))}
            value={tariffId}
            onChange={setTariffId}
            comboboxProps={{ withinPortal: true }}
            error={fieldErrorsOf(preview.error).tariffId}
            data-testid="new-tariff"
          />
          <OtherDateFields
            lc={lc}
            date={date}
            reason={reason}
            onDate={setDate}
            onReason={setReason}
            dateLabel={t('bookings.lifecycle.change.otherStart')}
            errors={{ ...fieldErrorsOf(preview.error), ...fieldErrorsOf(change.error) }}
          />
          {p && (
            <Alert color="blue" variant="light" data-testid="change-preview">
              <DetailList
                items={[
                  {
                    label: t('bookings.lifecycle.change.oldEnds', {
                      tariff: localized(p.fromTariff.title, locale),
                    }),
                    value: d(p.oldEnds),
                    testId: 'preview-old-ends',
                  },
                  {
                    label: t('bookings.lifecycle.change.newStarts', {
                      tariff: localized(p.toTariff.title, locale),
                    }),
                    value: d(p.newStarts),
                    testId: 'preview-new-starts',
                  },
                  { label: t('bookings.lifecycle.change.newMinimumTerm'), value: d(p.newMinimumTermEnds) },
                  {
                    label: t('bookings.lifecycle.change.monthly'),
                    value: `${money(p.recurringBefore.monthly, p.currency)} → ${money(p.recurringAfter.monthly, p.currency)}`,
                    testId: 'preview-monthly',
                  },
                  {
                    label: t('bookings.lifecycle.change.yearly'),
                    value: `${money(p.recurringBefore.yearly, p.currency)} → ${money(p.recurringAfter.yearly, p.currency)}`,
                  },
                ]}
              />
              {p.optionsEnding.length > 0 && (
                <Stack gap={2} mt="sm" data-testid="options-ending">
                  <Text size="sm" fw={600}>
                    {t('bookings.lifecycle.change.optionsEnding')}
                  </Text>
                  <List size="sm">
                    {p.optionsEnding.map((o) => (
                      <List.Item key={o.id}>
                        {localized(o.title, locale)} ({o.quantity}×):{' '}
                        {t('bookings.lifecycle.endsOn', { date: d(o.endsOn) })}
                      </List.Item>
                    ))}
                  </List>
                </Stack>
              )}
              {p.optionsContinuing.length > 0 && (
                <Stack gap={2} mt="sm">
                  <Text size="sm" fw={600}>
                    {t('bookings.lifecycle.change.optionsContinuing')}
                  </Text>
                  <List size="sm">
                    {p.optionsContinuing.map((o) => (
                      <List.Item key={o.id}>
                        {localized(o.title, locale)} ({o.quantity}×): {money(o.unitPrice, p.currency)}
                      </List.Item>
                    ))}
                  </List>
                </Stack>
              )}
            </Alert>
          )}
          {p && <Warnings warnings={p.warnings} />}
          {change.isError && <ErrorBanner error={change.error} />}
          <Group>
            <Button
              onClick={() => change.mutate()}
              loading={change.isPending}
              disabled={!p}
              data-testid="confirm-change"
            >
              {p
                ? t('bookings.lifecycle.change.confirm', { date: d(p.newStarts) })
                : t('bookings.lifecycle.change.confirmPlain')}
            </Button>
            <Button variant="subtle" onClick={() => setOpen(false)}>
              {t('bookings.lifecycle.back')}
            </Button>
          </Group>
        </Stack>
      )}
    </Section>
  );
}

const optionColors: Record<BookingOptionDto['state'], string> = {
  scheduled: 'blue',
  active: 'green',
  terminated: 'orange',
  ended: 'gray',
};

function OptionsCard({
  lc,
  realm,
  relatedKeys,
}: {
  lc: BookingLifecycle;
  realm: Realm;
  relatedKeys: readonly (readonly unknown[])[];
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const apply = useApply(realm, lc.bookingId, relatedKeys);
  const [terminating, setTerminating] = useState<string | null>(null);
  const [itemId, setItemId] = useState<string | null>(null);
  const [start, setStart] = useState(lc.today);
  const [quantity, setQuantity] = useState<number>(1);
  const book = useMutation({
    mutationFn: () => bookOption(lc.bookingId, { itemId: itemId ?? '', startDate: start, quantity }),
    onSuccess: (next) => {
      setItemId(null);
      apply(next, t('bookings.lifecycle.options.booked'));
    },
  });
  const d = (iso: string | null) => (iso ? formatPlainDate(iso, locale) : t('bookings.noEnd'));
  const errors = fieldErrorsOf(book.error);
  return (
    <Section title={t('bookings.lifecycle.options.title')} testId="options-card">
      {lc.options.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('bookings.lifecycle.options.empty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="xs" data-testid="options-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('bookings.lifecycle.options.option')}</Table.Th>
                <Table.Th>{t('bookings.lifecycle.options.quantity')}</Table.Th>
                <Table.Th>{t('bookings.fields.start')}</Table.Th>
                <Table.Th>{t('bookings.fields.end')}</Table.Th>
                <Table.Th>{t('bookings.fields.state')}</Table.Th>
                {realm === 'staff' && <Table.Th>{t('bookings.lifecycle.options.actions')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {lc.options.map((o) => (
                <Table.Tr key={o.id} data-testid="option-row">
                  <Table.Td>
                    {localized(o.title, locale)}
                    <Text size="xs" c="dimmed">
                      {formatUnitPrice(o.unitPrice, lc.currency, locale)} ·{' '}
                      {t(`catalog.billingModes.${o.billingMode}`)}
                    </Text>
                  </Table.Td>
                  <Table.Td>{o.quantity}</Table.Td>
                  <Table.Td>{d(o.startDate)}</Table.Td>
                  <Table.Td data-testid="option-end">
                    {d(o.endDate)}
                    {o.endReason && (
                      <Text size="xs" c="dimmed">
                        {o.endReason}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Badge color={optionColors[o.state]} variant="light">
                      {t(`bookings.lifecycle.options.states.${o.state}`)}
                    </Badge>
                  </Table.Td>
                  {realm === 'staff' && (
                    <Table.Td>
                      {o.actions.terminate.allowed && o.terminationEnd ? (
                        <Button
                          size="xs"
                          variant="outline"
                          onClick={() => setTerminating(o.id)}
                          data-testid="start-terminate"
                        >
                          {t('bookings.lifecycle.options.terminate')}
                        </Button>
                      ) : (
                        <Blocked action={o.actions.terminate} />
                      )}
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {terminating && (
        <TerminateOption
          lc={lc}
          option={lc.options.find((o) => o.id === terminating)}
          onDone={(next) => {
            setTerminating(null);
            apply(next, t('bookings.lifecycle.options.terminated'));
          }}
          onCancel={() => setTerminating(null)}
        />
      )}
      {realm === 'staff' && lc.actions.bookOption.allowed && (
        <Stack gap="sm" mt="sm">
          <Title order={3} size="h5">
            {t('bookings.lifecycle.options.book')}
          </Title>
          <Group align="flex-start" grow>
            <Select
              label={t('bookings.lifecycle.options.option')}
              placeholder={t('bookings.lifecycle.change.choose')}
              data={lc.optionItems.map((i) => ({
                value: i.id,
                label: `${localized(i.title, locale)} (${formatUnitPrice(i.unitPrice, lc.currency, locale)})`,
              }))}
              value={itemId}
              onChange={setItemId}
              comboboxProps={{ withinPortal: true }}
              error={errors.itemId}
              data-testid="option-item"
            />
            <TextInput
              type="date"
              label={t('bookings.fields.start')}
              value={start}
              onChange={(e) => setStart(e.currentTarget.value)}
              error={errors.startDate}
              data-testid="option-start"
            />
            <NumberInput
              label={t('bookings.lifecycle.options.quantity')}
              min={1}
              max={10000}
              allowDecimal={false}
              value={quantity}
              onChange={(v) => setQuantity(typeof v === 'number' ? v : Number(v) || 1)}
              error={errors.quantity}
            />
          </Group>
          {book.isError && !Object.keys(errors).length && <ErrorBanner error={book.error} />}
          <Group>
            <Button
              onClick={() => book.mutate()}
              loading={book.isPending}
              disabled={!itemId || !start}
              data-testid="book-option"
            >
              {t('bookings.lifecycle.options.bookButton')}
            </Button>
          </Group>
        </Stack>
      )}
      {realm === 'staff' && <Blocked action={lc.actions.bookOption} />}
    </Section>
  );
}

function TerminateOption({
  lc,
  option,
  onDone,
  onCancel,
}: {
  lc: BookingLifecycle;
  option: BookingOptionDto | undefined;
  onDone: (next: BookingLifecycle) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [date, setDate] = useState('');
  const [reason, setReason] = useState('');
  const terminate = useMutation({
    mutationFn: () =>
      terminateOption(lc.bookingId, option?.id ?? '', {
        endDate: date || null,
        reason: reason.trim() || null,
      }),
    onSuccess: onDone,
  });
  if (!option?.terminationEnd) return null;
  const computed = option.terminationEnd;
  const d = (iso: string) => formatPlainDate(iso, locale);
  const errors = fieldErrorsOf(terminate.error);
  return (
    <Card withBorder padding="md" radius="md" data-testid="terminate-option">
      <Stack gap="sm">
        <Text size="sm" fw={600}>
          {t('bookings.lifecycle.options.terminateTitle', { option: localized(option.title, locale) })}
        </Text>
        <Text size="sm" data-testid="option-computed-end">
          {t('bookings.lifecycle.options.computedEnd', {
            end: d(computed.end),
            lastDay: d(computed.lastDayToCancel),
          })}
          {computed.cappedByBooking ? ` ${t('bookings.lifecycle.options.cappedByBooking')}` : ''}
        </Text>
        <Group align="flex-start" grow>
          <TextInput
            type="date"
            label={t('bookings.lifecycle.options.otherEnd')}
            description={t('bookings.lifecycle.otherDateHint')}
            value={date}
            onChange={(e) => setDate(e.currentTarget.value)}
            error={errors.endDate}
          />
          <TextInput
            label={t('bookings.lifecycle.reason')}
            description={t('bookings.lifecycle.reasonHint')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={errors.reason}
            required={date !== ''}
          />
        </Group>
        {terminate.isError && !Object.keys(errors).length && <ErrorBanner error={terminate.error} />}
        <Group>
          <Button
            color="red"
            onClick={() => terminate.mutate()}
            loading={terminate.isPending}
            data-testid="confirm-terminate"
          >
            {t('bookings.lifecycle.options.confirmTerminate', { date: d(date || computed.end) })}
          </Button>
          <Button variant="subtle" onClick={onCancel}>
            {t('bookings.lifecycle.back')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
