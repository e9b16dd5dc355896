import { Card, Group, Stack, Text, Title } from '@mantine/core';
import { type UseQueryResult, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { BookingDto } from '../../../shared/schemas';
import { isApiError } from '../../app/api';
import { formatPlainDate } from '../../app/format';
import { useLocale } from '../../app/i18n';
import { AnchorLink } from '../../components/AnchorLink';
import { AppLayout } from '../../components/AppLayout';
import { DetailList } from '../../components/DetailList';
import { ErrorBanner } from '../../components/ErrorBanner';
import { localizedTextOf as localized } from '../../components/localized-values';
import { PageLoader } from '../../components/PageLoader';
import { BookingLifecycleBlock } from './BookingLifecycleBlock';
import { BookingStateBadge } from './BookingStateBadge';
import { bookingKeys, fetchBooking } from './bookings.api';
import { ModuleDataForm } from './ModuleDataForm';

/** `/bookings/$id`: one of the client's bookings with its module data. */
export function ClientBookingPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const queryKey = bookingKeys.one('client', id);
  const booking = useQuery({ queryKey, queryFn: ({ signal }) => fetchBooking('client', id, signal) });
  return (
    <AppLayout
      realm="client"
      title={booking.data ? localized(booking.data.moduleName, locale) : t('titles.booking')}
    >
      <Stack>
        <AnchorLink to="/" search={{ tab: 'modules' }} size="sm">
          ← {t('bookings.page.backToOverview')}
        </AnchorLink>
        <BookingQueryView booking={booking} realm="client" queryKey={queryKey} listKey={bookingKeys.own} />
      </Stack>
    </AppLayout>
  );
}

/** `/staff/accounts/$accountId/bookings/$id`: a booking of a client as staff see it. */
export function StaffBookingPage({ accountId, id }: { accountId: string; id: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const queryKey = bookingKeys.one('staff', id);
  const booking = useQuery({ queryKey, queryFn: ({ signal }) => fetchBooking('staff', id, signal) });
  return (
    <AppLayout
      realm="staff"
      title={booking.data ? localized(booking.data.moduleName, locale) : t('titles.booking')}
    >
      <Stack>
        <AnchorLink to="/staff/accounts/$id" params={{ id: accountId }} search={{ tab: 'modules' }} size="sm">
          ← {t('bookings.page.backToAccount')}
        </AnchorLink>
        <BookingQueryView
          booking={booking}
          realm="staff"
          queryKey={queryKey}
          listKey={bookingKeys.ofAccount(accountId)}
        />
      </Stack>
    </AppLayout>
  );
}

/** Loading, "not found" (404: not the client's, not the tenant's, or gone), another error, or the booking. */
function BookingQueryView({
  booking,
  realm,
  queryKey,
  listKey,
}: {
  booking: UseQueryResult<BookingDto>;
  realm: 'client' | 'staff';
  queryKey: readonly unknown[];
  listKey: readonly unknown[];
}) {
  const { t } = useTranslation();
  const notFound = isApiError(booking.error) && booking.error.status === 404;
  return (
    <>
      {booking.isPending && <PageLoader />}
      {notFound && <Text data-testid="booking-not-found">{t('bookings.page.notFound')}</Text>}
      {booking.isError && !notFound && (
        <ErrorBanner error={booking.error} onRetry={() => void booking.refetch()} />
      )}
      {booking.data && (
        <BookingView booking={booking.data} realm={realm} queryKey={queryKey} listKey={listKey} />
      )}
    </>
  );
}

function BookingView({
  booking,
  realm,
  queryKey,
  listKey,
}: {
  booking: BookingDto;
  realm: 'client' | 'staff';
  queryKey: readonly unknown[];
  listKey: readonly unknown[];
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
      <BookingLifecycleBlock realm={realm} bookingId={booking.id} relatedKeys={[queryKey, listKey]} />
      <Card withBorder padding="lg" radius="md">
        <Title order={2} size="h4" mb="xs">
          {t('bookings.data.title')}
        </Title>
        <Text size="sm" c="dimmed" mb="md">
          {realm === 'client' ? t('bookings.data.introClient') : t('bookings.data.introStaff')}
        </Text>
        <ModuleDataForm
          key={booking.id}
          booking={booking}
          realm={realm}
          queryKey={queryKey}
          listKey={listKey}
        />
      </Card>
    </Stack>
  );
}
