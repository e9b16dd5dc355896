import { Badge, Card, EmptyState, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountModules, BookingDto, OrderableModule } from '../../../shared/schemas';
import { formatPlainDate } from '../../app/format';
import { useLocale } from '../../app/i18n';
import { localizedTextOf as localized } from '../../components/localized-values';
import { TableScroll } from '../../components/TableScroll';
import { BookingStateBadge } from './BookingStateBadge';
import { sortBookings } from './booking-state';

type ModulesSectionProps = {
  modules: AccountModules;
  /** The link to a booking's page (module data). */
  bookingLink: (booking: BookingDto, label: string) => ReactNode;
  /** The order action of a module; only called when the user may order. */
  orderAction: (module: OrderableModule) => ReactNode;
  /** From the API's abilities: may this user order modules for the account? */
  canOrder: boolean;
  /** Why there is no order action, when canOrder is false. */
  cannotOrderHint: string;
  /** The heading of the orderable modules ("Modules you can order" for a client). */
  orderableTitle: string;
};

/** DOMAIN.md §3 (13): every booking with its state, and the modules the account can still order. */
export function ModulesSection({
  modules,
  bookingLink,
  orderAction,
  canOrder,
  cannotOrderHint,
  orderableTitle,
}: ModulesSectionProps) {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="lg" radius="md" data-testid="modules-section">
      <Title order={2} size="h4" mb="md">
        {t('bookings.section.title')}
      </Title>
      <Stack gap="lg">
        <BookingsTable bookings={modules.bookings} bookingLink={bookingLink} />
        <div>
          <Title order={3} size="h5" mb="xs">
            {orderableTitle}
          </Title>
          {modules.orderable.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('bookings.section.nothingOrderable')}
            </Text>
          ) : (
            <Stack gap="xs">
              {!canOrder && (
                <Text size="sm" c="dimmed" data-testid="cannot-order-hint">
                  {cannotOrderHint}
                </Text>
              )}
              {modules.orderable.map((module) => {
                // ADR 0007: a module with a current booking is shown as ordered, with its booking.
                const current = module.currentBookingId
                  ? modules.bookings.find((booking) => booking.id === module.currentBookingId)
                  : undefined;
                return (
                  <OrderableModuleRow
                    key={module.id}
                    module={module}
                    action={
                      current ? (
                        <Group gap="xs" data-testid="module-ordered">
                          <Badge variant="light">{t('oneBooking.ordered')}</Badge>
                          {bookingLink(current, t('oneBooking.toBooking'))}
                        </Group>
                      ) : canOrder ? (
                        orderAction(module)
                      ) : null
                    }
                  />
                );
              })}
            </Stack>
          )}
        </div>
      </Stack>
    </Card>
  );
}

function BookingsTable({
  bookings,
  bookingLink,
}: {
  bookings: BookingDto[];
  bookingLink: ModulesSectionProps['bookingLink'];
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  if (bookings.length === 0) {
    return (
      <EmptyState
        title={t('bookings.section.noBookings')}
        description={t('bookings.section.noBookingsHint')}
        data-testid="no-bookings"
      />
    );
  }
  return (
    <TableScroll minWidth={640} label={t('tables.bookings')}>
      <Table verticalSpacing="sm" data-testid="bookings-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('bookings.fields.module')}</Table.Th>
            <Table.Th>{t('bookings.fields.tariff')}</Table.Th>
            <Table.Th>{t('bookings.fields.start')}</Table.Th>
            <Table.Th>{t('bookings.fields.end')}</Table.Th>
            <Table.Th>{t('bookings.fields.state')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sortBookings(bookings).map((booking) => (
            <Table.Tr key={booking.id} data-testid="booking-row">
              <Table.Td>{bookingLink(booking, localized(booking.moduleName, locale))}</Table.Td>
              <Table.Td>{localized(booking.tariffTitle, locale)}</Table.Td>
              <Table.Td>{formatPlainDate(booking.startDate, locale)}</Table.Td>
              <Table.Td>
                {booking.endDate ? formatPlainDate(booking.endDate, locale) : t('bookings.noEnd')}
              </Table.Td>
              <Table.Td>
                <BookingStateBadge state={booking.state} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}

function OrderableModuleRow({ module, action }: { module: OrderableModule; action: ReactNode }) {
  const locale = useLocale();
  const description = localized(module.description, locale);
  return (
    <Group
      justify="space-between"
      // On a narrow screen the action moves under the text instead of being squeezed.
      wrap="wrap"
      gap="md"
      p="sm"
      style={{
        border: '1px solid var(--mantine-color-default-border)',
        borderRadius: 'var(--mantine-radius-sm)',
      }}
      data-testid="orderable-module"
    >
      <div style={{ minWidth: 0, flex: '1 1 14rem' }}>
        <Text fw={600}>{localized(module.name, locale)}</Text>
        {description && (
          <Text size="sm" c="dimmed">
            {description}
          </Text>
        )}
      </div>
      {action && <div style={{ flexShrink: 0 }}>{action}</div>}
    </Group>
  );
}
