import type { BookingDto } from '../../../shared/schemas';

type BookingState = BookingDto['state'];

/** How each state the server names looks: badge colour and translation key. */
export const bookingStateBadge: Record<BookingState, { color: string; labelKey: string }> = {
  active: { color: 'green', labelKey: 'bookings.states.active' },
  terminated: { color: 'orange', labelKey: 'bookings.states.terminated' },
  ended: { color: 'gray', labelKey: 'bookings.states.ended' },
};

/** Current bookings first (active, then terminated), ended ones last; within a group by start. */
export function sortBookings<T extends Pick<BookingDto, 'state' | 'startDate'>>(bookings: readonly T[]): T[] {
  const rank: Record<BookingState, number> = { active: 0, terminated: 1, ended: 2 };
  return [...bookings].sort(
    (a, b) => rank[a.state] - rank[b.state] || b.startDate.localeCompare(a.startDate),
  );
}
