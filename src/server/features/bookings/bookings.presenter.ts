import { type Action, type Actor, abilitiesFor } from '../../../shared/permissions';
import type { BookingDto, LocalizedText } from '../../../shared/schemas';
import type { BookingRow, ModuleRow } from './bookings.repository';

export type BookingPeriodView = {
  tariffId: string;
  tariffTitle: LocalizedText;
  startDate: string;
  endDate: string | null;
};

export type BookingView = { booking: BookingRow; module: ModuleRow; periods: BookingPeriodView[] };

/** Actions the UI may offer on a booking. */
const bookingActions = ['booking.editModuleData'] as const satisfies readonly Action[];

/** ended: the last day of service lies before today; terminated: an end is set but not reached. */
export function bookingState(endDate: string | null, today: string): BookingDto['state'] {
  if (endDate === null) return 'active';
  return endDate < today ? 'ended' : 'terminated';
}

/** The tariff period covering today, else the last one. */
export function currentPeriod(periods: BookingPeriodView[], today: string): BookingPeriodView | undefined {
  return (
    periods.find((p) => p.startDate <= today && (p.endDate === null || p.endDate >= today)) ?? periods.at(-1)
  );
}

export function presentBooking(actor: Actor, view: BookingView, today: string): BookingDto {
  const { booking, module } = view;
  const period = currentPeriod(view.periods, today);
  if (!period) throw new Error(`booking ${booking.id} has no tariff period`);
  return {
    id: booking.id,
    moduleId: module.id,
    moduleName: module.name,
    tariffId: period.tariffId,
    tariffTitle: period.tariffTitle,
    startDate: booking.startDate,
    endDate: booking.endDate,
    state: bookingState(booking.endDate, today),
    moduleData: booking.moduleData,
    fields: module.fields,
    version: booking.version,
    abilities: abilitiesFor(actor, bookingActions),
  };
}
