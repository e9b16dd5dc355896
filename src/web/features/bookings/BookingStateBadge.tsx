import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { BookingDto } from '../../../shared/schemas';
import { bookingStateBadge } from './booking-state';

export function BookingStateBadge({ state }: { state: BookingDto['state'] }) {
  const { t } = useTranslation();
  const badge = bookingStateBadge[state];
  return (
    <Badge color={badge.color} variant="light" data-testid="booking-state">
      {t(badge.labelKey)}
    </Badge>
  );
}
