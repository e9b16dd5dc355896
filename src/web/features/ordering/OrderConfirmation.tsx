import { Alert, Card, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { BookingDto } from '../../../shared/schemas';
import { formatPlainDate } from '../../app/format';
import { useLocale } from '../../app/i18n';
import { DetailList } from '../../components/DetailList';
import { localizedTextOf } from '../../components/localized-values';
import { BookingStateBadge } from '../bookings/BookingStateBadge';
import type { ChoosableTariff } from './TariffChoice';

type OrderConfirmationProps = {
  /** "Thank you for your order" to the client; "Ordered for …" to staff ordering on the client's behalf. */
  title: string;
  intro: string;
  booking: BookingDto;
  tariff: ChoosableTariff | undefined;
  /** Whether the client gets a confirmation e-mail (orders by the client and on their behalf). */
  emailNote: string;
  /** Links below the summary: fill in the module data, back to the overview. */
  actions: ReactNode;
};

/** What was ordered: module, tariff, start, earliest end and last day to cancel. */
export function OrderConfirmation({
  title,
  intro,
  booking,
  tariff,
  emailNote,
  actions,
}: OrderConfirmationProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const dates = tariff?.ifOrderedToday;
  return (
    <Stack gap="lg" data-testid="order-confirmation">
      <div>
        <Title order={1} size="h2" data-testid="confirmation-title">
          {title}
        </Title>
        <Text c="dimmed" size="sm" data-testid="confirmation-intro">
          {intro}
        </Text>
      </div>
      <Alert color="green" variant="light" role="status">
        {emailNote}
      </Alert>
      <Card withBorder padding="lg" radius="md">
        <Group gap="sm" mb="md">
          <Title order={2} size="h4">
            {localizedTextOf(booking.moduleName, locale)}
          </Title>
          <BookingStateBadge state={booking.state} />
        </Group>
        <DetailList
          items={[
            { label: t('bookings.fields.tariff'), value: localizedTextOf(booking.tariffTitle, locale) },
            {
              label: t('bookings.fields.start'),
              value: formatPlainDate(booking.startDate, locale),
              testId: 'confirmation-start',
            },
            ...(dates
              ? [
                  {
                    label: t('ordering.confirmation.earliestEnd'),
                    value: formatPlainDate(dates.earliestEnd, locale),
                    testId: 'confirmation-earliest-end',
                  },
                  {
                    label: t('ordering.confirmation.lastDayToCancel'),
                    value: formatPlainDate(dates.lastDayToCancel, locale),
                    testId: 'confirmation-last-day',
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <Group gap="lg">{actions}</Group>
    </Stack>
  );
}
