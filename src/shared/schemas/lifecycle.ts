import { z } from 'zod';
import { bookingState, localizedText, tariffItemDto, terminationRuleInput } from './catalog';
import { abilities, isoInstant, uuid } from './common';

/**
 * The module block of a booking (DOMAIN.md §3 "Per module booking" (2) and (3)): the current
 * tariff with the dates that matter, a pending cancellation or tariff change, and the additional
 * options. Every date is computed by the domain core from the server's "today".
 */

const isoDate = z.iso.date();
const reason = z.string().trim().min(1).max(1000);

/** Why an action is not offered (null when it is): translated by the UI under bookings.lifecycle.blocked. */
export const blockedReason = z.enum([
  'level',
  'booking_ended',
  'already_cancelled',
  'not_cancelled',
  'tariff_change_scheduled',
  'no_tariff_change',
  'change_in_effect',
  'cancellation_in_effect',
  'no_other_tariff',
  'no_option_items',
  'option_ended',
]);
export type BlockedReason = z.infer<typeof blockedReason>;

export const actionState = z.object({ allowed: z.boolean(), blockedBy: blockedReason.nullable() });
export type ActionState = z.infer<typeof actionState>;

export const lifecycleTariff = z
  .object({
    id: uuid,
    title: localizedText,
    isPublic: z.boolean(),
    vatRate: z.string(),
    terminationRule: terminationRuleInput,
    minimumTurnover: z.string().nullable(),
    businessOnly: z.boolean(),
    items: z.array(tariffItemDto.omit({ version: true, abilities: true })),
  })
  .meta({ id: 'LifecycleTariff' });
export type LifecycleTariff = z.infer<typeof lifecycleTariff>;

export const bookingOptionState = z.enum(['scheduled', 'active', 'terminated', 'ended']);

export const bookingOptionDto = z
  .object({
    id: uuid,
    itemId: uuid,
    title: localizedText,
    unitPrice: z.string(),
    billingMode: tariffItemDto.shape.billingMode,
    quantity: z.number().int(),
    startDate: z.string(),
    endDate: z.string().nullable(),
    state: bookingOptionState,
    endCause: z.enum(['termination', 'booking_end', 'tariff_change']).nullable(),
    endReason: z.string().nullable(),
    /** What *Terminate with notice* would write today (null when it cannot be terminated). */
    terminationEnd: z
      .object({ end: z.string(), lastDayToCancel: z.string(), cappedByBooking: z.boolean() })
      .nullable(),
    actions: z.object({ terminate: actionState }),
  })
  .meta({ id: 'BookingOption' });
export type BookingOptionDto = z.infer<typeof bookingOptionDto>;

export const bookingLifecycle = z
  .object({
    bookingId: uuid,
    accountId: uuid,
    moduleName: localizedText,
    startDate: z.string(),
    endDate: z.string().nullable(),
    state: bookingState,
    /** The server's today in the operator's zone: every date below is computed from it. */
    today: z.string(),
    currency: z.string(),
    currentTariff: lifecycleTariff,
    currentPeriod: z.object({ startDate: z.string(), endDate: z.string().nullable() }),
    /** The dates that matter for a cancellation received today (null once the booking has ended or is cancelled). */
    dates: z
      .object({
        minimumTermEnds: z.string().nullable(),
        earliestEnd: z.string(),
        lastDayToCancel: z.string(),
      })
      .nullable(),
    cancellation: z
      .object({
        id: uuid,
        requestedOn: z.string(),
        receivedAt: isoInstant,
        endDate: z.string(),
        computedEnd: z.string(),
        lastDayToCancel: z.string(),
        cancellationReason: z.string().nullable(),
        overrideReason: z.string().nullable(),
        declaredBy: z.enum(['client', 'staff', 'button']),
      })
      .nullable(),
    scheduledChange: z
      .object({
        id: uuid,
        fromTariff: z.object({ id: uuid, title: localizedText }),
        toTariff: z.object({ id: uuid, title: localizedText }),
        switchDate: z.string(),
        computedSwitchDate: z.string(),
        receivedAt: isoInstant,
        overrideReason: z.string().nullable(),
      })
      .nullable(),
    periods: z.array(
      z.object({
        tariffId: uuid,
        tariffTitle: localizedText,
        startDate: z.string(),
        endDate: z.string().nullable(),
      }),
    ),
    options: z.array(bookingOptionDto),
    /** Additional-option items a manager can book (of the tariff that runs at the end). */
    optionItems: z.array(tariffItemDto.omit({ version: true, abilities: true })),
    abilities,
    actions: z.object({
      cancel: actionState,
      changeTariff: actionState,
      withdrawCancellation: actionState,
      withdrawTariffChange: actionState,
      bookOption: actionState,
      /** Choosing another date than the computed one (manager, with a reason). */
      chooseOtherDate: actionState,
    }),
  })
  .meta({ id: 'BookingLifecycle' });
export type BookingLifecycle = z.infer<typeof bookingLifecycle>;

export const dateWarning = z.object({
  code: z.enum(['earlier_than_computed', 'before_request', 'not_on_anchor']),
  message: z.string(),
});

// Cancellation ---------------------------------------------------------------------------------

export const cancellationPreviewBody = z
  .object({ endDate: isoDate.nullable().optional().describe('Another end (manager only)') })
  .strict();

export const cancellationBody = z
  .object({
    endDate: isoDate.nullable().optional().describe('Another end than the computed one (manager only)'),
    /** The client's own reason for cancelling (optional, recorded). */
    cancellationReason: z.string().trim().max(1000).nullable().optional(),
    /** Required with another end date. */
    reason: reason.nullable().optional(),
  })
  .strict();

export const cancellationPreview = z
  .object({
    requestedOn: z.string(),
    computed: z.object({ end: z.string(), lastDayToCancel: z.string() }),
    end: z.string(),
    isChosen: z.boolean(),
    isEarlierThanComputed: z.boolean(),
    warnings: z.array(dateWarning),
    /** Options that end with the booking (their end is moved to the booking's end). */
    optionsEnding: z.array(z.object({ id: uuid, title: localizedText, endsOn: z.string() })),
  })
  .meta({ id: 'CancellationPreview' });
export type CancellationPreview = z.infer<typeof cancellationPreview>;

// Change of tariff -----------------------------------------------------------------------------

export const tariffChoicesQuery = z.object({ offerNumber: z.string().trim().max(40).optional() }).strict();
export const tariffChoices = z
  .object({ tariffs: z.array(lifecycleTariff), currency: z.string() })
  .meta({ id: 'TariffChoices' });
export type TariffChoices = z.infer<typeof tariffChoices>;

export const tariffChangePreviewBody = z
  .object({
    tariffId: uuid,
    offerNumber: z.string().trim().max(40).optional(),
    switchDate: isoDate.nullable().optional().describe('Another first day of the new tariff (manager only)'),
  })
  .strict();
export const tariffChangeBody = tariffChangePreviewBody
  .extend({ reason: reason.nullable().optional().describe('Required with another switch date') })
  .strict();

const amounts = z.object({ monthly: z.string(), yearly: z.string() });

export const tariffChangePreview = z
  .object({
    requestedOn: z.string(),
    fromTariff: z.object({ id: uuid, title: localizedText }),
    toTariff: z.object({ id: uuid, title: localizedText }),
    oldEnds: z.string(),
    newStarts: z.string(),
    computed: z.object({ end: z.string(), lastDayToCancel: z.string() }),
    newMinimumTermEnds: z.string().nullable(),
    isChosen: z.boolean(),
    isEarlierThanComputed: z.boolean(),
    warnings: z.array(dateWarning),
    optionsEnding: z.array(
      z.object({ id: uuid, title: localizedText, quantity: z.number().int(), endsOn: z.string() }),
    ),
    optionsContinuing: z.array(
      z.object({ id: uuid, title: localizedText, quantity: z.number().int(), unitPrice: z.string() }),
    ),
    /** Net recurring amounts before and after the switch (base fees and options). */
    recurringBefore: amounts,
    recurringAfter: amounts,
    currency: z.string(),
  })
  .meta({ id: 'TariffChangePreview' });
export type TariffChangePreview = z.infer<typeof tariffChangePreview>;

// Additional options ---------------------------------------------------------------------------

export const bookOptionBody = z
  .object({ itemId: uuid, startDate: isoDate, quantity: z.number().int().min(1).max(10_000) })
  .strict();
export const terminateOptionBody = z
  .object({
    endDate: isoDate.nullable().optional().describe('Another end than the computed one (with a reason)'),
    reason: reason.nullable().optional(),
  })
  .strict();
export const optionParams = z.object({ id: uuid, optionId: uuid }).strict();
