import { earliestEnd, minimumTermEnd, optionTerminationEnd, type TerminationRule } from '../../../domain';
import { type Action, type Actor, abilitiesFor, can } from '../../../shared/permissions';
import type { ActionState, BlockedReason, BookingLifecycle, LifecycleTariff } from '../../../shared/schemas';
import { bookingState } from '../bookings/bookings.presenter';
import type { BookingRow, ModuleRow } from '../bookings/bookings.repository';
import type { TariffRow } from '../catalog/catalog.repository';
import { trimDecimal } from '../ordering/ordering.presenter';
import type { AccountRow } from '../ordering/ordering.repository';
import type {
  CancellationRow,
  ItemRow,
  OptionRow,
  PeriodRow,
  TariffChangeRow,
} from './booking-lifecycle.repository';

/** A booking with everything its module block shows, as loaded in one transaction. */
export type LifecycleState = {
  booking: BookingRow;
  account: AccountRow;
  module: ModuleRow;
  periods: PeriodRow[];
  /** The period covering today (the first before the start, the last after the end). */
  current: PeriodRow;
  /** The last period: a scheduled tariff's, or the current one. */
  last: PeriodRow;
  tariffs: Map<string, TariffRow>;
  itemsByTariff: Map<string, ItemRow[]>;
  items: Map<string, ItemRow>;
  options: OptionRow[];
  cancellation: CancellationRow | undefined;
  /** A change of tariff whose switch date lies ahead (it can still be withdrawn). */
  scheduledChange: TariffChangeRow | undefined;
  today: string;
};

const lifecycleAbilities = [
  'booking.changeAtComputedDate',
  'booking.changeAtOtherDate',
  'booking.withdrawCancellation',
  'option.manage',
] as const satisfies readonly Action[];

const ok: ActionState = { allowed: true, blockedBy: null };
const blocked = (blockedBy: BlockedReason): ActionState => ({ allowed: false, blockedBy });

/** The first reason that blocks, or allowed. */
function firstOf(...checks: (BlockedReason | false | null | undefined)[]): ActionState {
  const hit = checks.find((c): c is BlockedReason => typeof c === 'string');
  return hit ? blocked(hit) : ok;
}

export function optionState(
  option: OptionRow,
  today: string,
): 'scheduled' | 'active' | 'terminated' | 'ended' {
  if (option.startDate > today) return 'scheduled';
  if (option.endDate === null) return 'active';
  return option.endDate < today ? 'ended' : 'terminated';
}

/**
 * What the actor may do on this booking now, and why not: the permission level first, then the
 * booking's state (all from dates and today, nothing from a job having run).
 */
export function actionsOf(actor: Actor, state: LifecycleState) {
  const today = state.today;
  const { booking } = state;
  const ended = booking.endDate !== null && booking.endDate < today;
  const hasEnd = booking.endDate !== null;
  const level = (action: Action) => (can(actor, action) ? null : ('level' as const));
  const otherTariffs = [...state.tariffs.values()].some(
    (t) => t.id !== state.last.tariffId && (state.itemsByTariff.get(t.id)?.length ?? 0) > 0,
  );
  const optionItems = (state.itemsByTariff.get(state.last.tariffId) ?? []).filter(
    (i) => i.key === 'additional_option',
  );
  const options = new Map<string, ActionState>();
  for (const o of state.options) {
    options.set(
      o.id,
      firstOf(
        level('option.manage'),
        ended && 'booking_ended',
        o.endDate !== null && o.endDate < today && 'option_ended',
      ),
    );
  }
  return {
    cancel: firstOf(
      level('booking.changeAtComputedDate'),
      ended && 'booking_ended',
      hasEnd && 'already_cancelled',
      state.scheduledChange && 'tariff_change_scheduled',
    ),
    changeTariff: firstOf(
      level('booking.changeAtComputedDate'),
      ended && 'booking_ended',
      hasEnd && 'already_cancelled',
      state.scheduledChange && 'tariff_change_scheduled',
      !otherTariffs && 'no_other_tariff',
    ),
    withdrawCancellation: firstOf(
      level('booking.withdrawCancellation'),
      !state.cancellation && 'not_cancelled',
      ended && 'cancellation_in_effect',
    ),
    withdrawTariffChange: firstOf(
      level('booking.withdrawCancellation'),
      !state.scheduledChange && 'no_tariff_change',
    ),
    bookOption: firstOf(
      level('option.manage'),
      ended && 'booking_ended',
      state.scheduledChange && 'tariff_change_scheduled',
      optionItems.length === 0 && 'no_option_items',
    ),
    chooseOtherDate: firstOf(level('booking.changeAtOtherDate'), ended && 'booking_ended'),
    options,
  };
}

export function presentItem(i: ItemRow): LifecycleTariff['items'][number] {
  return {
    id: i.id,
    title: i.title,
    key: i.key,
    unitPrice: trimDecimal(i.unitPrice, 2),
    billingMode: i.billingMode,
    vatRate: i.vatRate === null ? null : trimDecimal(i.vatRate),
    minimumTurnoverFlag: i.minimumTurnoverFlag,
    unit: (i.unit ?? null) as LifecycleTariff['items'][number]['unit'],
    terminationRule: i.terminationRule ?? null,
    position: i.position,
  };
}

export function presentTariff(t: TariffRow, items: ItemRow[]): LifecycleTariff {
  return {
    id: t.id,
    title: t.title,
    isPublic: t.isPublic,
    vatRate: trimDecimal(t.vatRate),
    terminationRule: t.terminationRule,
    minimumTurnover: t.minimumTurnover === null ? null : trimDecimal(t.minimumTurnover, 2),
    businessOnly: t.businessOnly,
    items: items.map(presentItem),
  };
}

export function presentLifecycle(
  actor: Actor,
  state: LifecycleState,
  currency: string,
  ruleOfOption: (o: OptionRow) => TerminationRule,
): BookingLifecycle {
  const { booking, current, today } = state;
  const tariff = state.tariffs.get(current.tariffId);
  if (!tariff) throw new Error('current tariff missing');
  const rule = tariff.terminationRule as TerminationRule;
  const actions = actionsOf(actor, state);
  const ended = booking.endDate !== null && booking.endDate < today;
  const dates =
    booking.endDate === null
      ? (() => {
          const e = earliestEnd(rule, current.startDate, today);
          return {
            minimumTermEnds: minimumTermEnd(rule, current.startDate),
            earliestEnd: e.end,
            lastDayToCancel: e.lastDayToCancel,
          };
        })()
      : null;
  const c = state.cancellation;
  const sc = state.scheduledChange;
  const titleOf = (id: string) => state.tariffs.get(id)?.title ?? {};
  return {
    bookingId: booking.id,
    accountId: booking.accountId,
    moduleName: state.module.name,
    startDate: booking.startDate,
    endDate: booking.endDate,
    state: bookingState(booking.endDate, today),
    today,
    currency,
    currentTariff: presentTariff(tariff, state.itemsByTariff.get(tariff.id) ?? []),
    currentPeriod: { startDate: current.startDate, endDate: current.endDate },
    dates,
    cancellation: c
      ? {
          id: c.id,
          requestedOn: c.requestedOn,
          receivedAt: c.receivedAt.toISOString(),
          endDate: c.endDate,
          computedEnd: c.computedEnd,
          lastDayToCancel: c.lastDayToCancel,
          cancellationReason: c.cancellationReason,
          overrideReason: c.overrideReason,
          declaredBy: c.declaredByType,
        }
      : null,
    scheduledChange: sc
      ? {
          id: sc.id,
          fromTariff: { id: sc.fromTariffId, title: titleOf(sc.fromTariffId) },
          toTariff: { id: sc.toTariffId, title: titleOf(sc.toTariffId) },
          switchDate: sc.switchDate,
          computedSwitchDate: sc.computedSwitchDate,
          receivedAt: sc.receivedAt.toISOString(),
          overrideReason: sc.overrideReason,
        }
      : null,
    periods: state.periods.map((p) => ({
      tariffId: p.tariffId,
      tariffTitle: titleOf(p.tariffId),
      startDate: p.startDate,
      endDate: p.endDate,
    })),
    options: state.options.map((o) => {
      const item = state.items.get(o.itemId);
      const terminate = actions.options.get(o.id) ?? { allowed: false, blockedBy: 'level' as const };
      const mayEnd = !ended && (o.endDate === null || o.endDate >= today);
      return {
        id: o.id,
        itemId: o.itemId,
        title: item?.title ?? {},
        unitPrice: item ? trimDecimal(item.unitPrice, 2) : '0.00',
        billingMode: item?.billingMode ?? 'monthly_in_advance',
        quantity: o.quantity,
        startDate: o.startDate,
        endDate: o.endDate,
        state: optionState(o, today),
        endCause: o.endCause,
        endReason: o.endReason,
        terminationEnd: mayEnd
          ? optionTerminationEnd(ruleOfOption(o), o.startDate, today, booking.endDate)
          : null,
        actions: { terminate },
      };
    }),
    optionItems: (state.itemsByTariff.get(state.last.tariffId) ?? [])
      .filter((i) => i.key === 'additional_option')
      .map(presentItem),
    abilities: abilitiesFor(actor, lifecycleAbilities),
    actions: {
      cancel: actions.cancel,
      changeTariff: actions.changeTariff,
      withdrawCancellation: actions.withdrawCancellation,
      withdrawTariffChange: actions.withdrawTariffChange,
      bookOption: actions.bookOption,
      chooseOtherDate: actions.chooseOtherDate,
    },
  };
}
