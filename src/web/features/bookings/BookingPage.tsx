import { Card, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { BookingDto } from '../../../shared/schemas';
import { formatPlainDate } from '../../app/format';
import { useLocale } from '../../app/i18n';
import { AnchorLink } from '../../components/AnchorLink';
import { AppLayout } from '../../components/AppLayout';
import { DetailList } from '../../components/DetailList';
import { ErrorBanner } from '../../components/ErrorBanner';
import { localizedTextOf as localized } from '../../components/localized-values';
import { PageLoader } from '../../components/PageLoader';
import { BookingStateBadge } from './BookingStateBadge';
import { bookingKeys, fetchAccountModules, fetchOwnModules } from './bookings.api';
import { ModuleDataForm } from './ModuleDataForm';

/** `/bookings/$id`: one of the client's bookings with its module data. */
export function ClientBookingPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const modules = useQuery({ queryKey: bookingKeys.own, queryFn: ({ signal }) => fetchOwnModules(signal) });
  const booking = modules.data?.bookings.find((b) => b.id === id);
  return (
    <AppLayout realm="client">
      <Stack>
        <AnchorLink to="/" size="sm">
          ← {t('bookings.page.backToOverview')}
        </AnchorLink>
        {modules.isPending && <PageLoader />}
        {modules.isError && <ErrorBanner error={modules.error} onRetry={() => void modules.refetch()} />}
        {modules.data && !booking && <Text>{t('bookings.page.notFound')}</Text>}
        {booking && <BookingView booking={booking} realm="client" queryKey={bookingKeys.own} />}
      </Stack>
    </AppLayout>
  );
}

/** `/staff/accounts/$accountId/bookings/$id`: a booking of a client as staff see it. */
export function StaffBookingPage({ accountId, id }: { accountId: string; id: string }) {
  const { t } = useTranslation();
  const queryKey = bookingKeys.ofAccount(accountId);
  const modules = useQuery({ queryKey, queryFn: ({ signal }) => fetchAccountModules(accountId, signal) });
  const booking = modules.data?.bookings.find((b) => b.id === id);
  return (
    <AppLayout realm="staff">
      <Stack>
        <AnchorLink to="/staff/accounts/$id" params={{ id: accountId }} size="sm">
          ← {t('bookings.page.backToAccount')}
        </AnchorLink>
        {modules.isPending && <PageLoader />}
        {modules.isError && <ErrorBanner error={modules.error} onRetry={() => void modules.refetch()} />}
        {modules.data && !booking && <Text>{t('bookings.page.notFound')}</Text>}
        {booking && <BookingView booking={booking} realm="staff" queryKey={queryKey} />}
      </Stack>
    </AppLayout>
  );
}

function BookingView({
  booking,
  realm,
  queryKey,
}: {
  booking: BookingDto;
  realm: 'client' | 'staff';
  queryKey: readonly unknown[];
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <Stack gap="lg">
      <Group gap="sm">
        <Title order={1} size="h2" data-testid="booking-title">
          {localized(booking.moduleName, locale)}
        </Title>
        <BookingStateBadge state={booking.state} />
      </Group>
      <Card withBorder padding="lg" radius="md">
        <Title order={2} size="h4" mb="md">
          {t('bookings.page.booking')}
        </Title>
        <DetailList
          items={[
            { label: t('bookings.fields.tariff'), value: localized(booking.tariffTitle, locale) },
            { label: t('bookings.fields.start'), value: formatPlainDate(booking.startDate, locale) },
            {
              label: t('bookings.fields.end'),
              value: booking.endDate ? formatPlainDate(booking.endDate, locale) : t('bookings.noEnd'),
            },
          ]}
        />
      </Card>
      <Card withBorder padding="lg" radius="md">
        <Title order={2} size="h4" mb="xs">
          {t('bookings.data.title')}
        </Title>
        <Text size="sm" c="dimmed" mb="md">
          {realm === 'client' ? t('bookings.data.introClient') : t('bookings.data.introStaff')}
        </Text>
        <ModuleDataForm key={booking.id} booking={booking} realm={realm} queryKey={queryKey} />
      </Card>
    </Stack>
  );
}
