import {
  addDays,
  type CancellationPlan,
  isDomainError,
  moneyToDecimalString,
  optionsAtSwitch,
  optionTerminationEnd,
  planCancellation,
  planTariffSwitch,
  type RecurringLine,
  recurringAmounts,
  type SwitchPlan,
  type TerminationRule,
} from '../../../domain';
import { isLocale, type Locale } from '../../../shared/locales';
import { type Action, type Actor, can } from '../../../shared/permissions';
import type {
  BookingLifecycle,
  CancellationPreview,
  LocalizedText,
  TariffChangePreview,
  TariffChoices,
} from '../../../shared/schemas';
import type { RequestContext } from '../../context';
import type { Database, Tx } from '../../db/client';
import type { OptionEndBefore } from '../../db/schema';
import { type FieldError, HttpProblem, problems } from '../../problem';
import { recordAudit } from '../audit/audit.repository';
import { enqueueEmail } from '../mail/mail.repository';
import { formatMailDateTime, type LifecycleDeclaration, mailTemplates } from '../mail/mail.templates';
import { orderingRepository } from '../ordering/ordering.repository';
import { sameOfferNumber } from '../ordering/ordering.service';
import type { Portal } from '../registration/registration.service';
import {
  actionsOf,
  type LifecycleState,
  presentLifecycle,
  presentTariff,
} from './booking-lifecycle.presenter';
import { type ItemRow, type OptionRow, lifecycleRepository as repo } from './booking-lifecycle.repository';

/** Where confirmations point and in which zone their receipt time is written. */
export type LifecyclePortal = Portal & { timeZone: string; currency: string };

export type CancelInput = {
  endDate?: string | null;
  cancellationReason?: string | null;
  reason?: string | null;
};
export type SwitchInput = {
  tariffId: string;
  offerNumber?: string;
  switchDate?: string | null;
  reason?: string | null;
};
export type BookOptionInput = { itemId: string; startDate: string; quantity: number };
export type TerminateOptionInput = { endDate?: string | null; reason?: string | null };

const refusal = {
  state: (code: string, title: string) => problems.conflict(code, title),
  field: (code: string, title: string, field: string, message: string, fieldCode = code) =>
    problems.badRequest(code, title, [{ field, message, code: fieldCode }]),
  otherDate: (field: string) =>
    new HttpProblem(403, 'other_date_not_allowed', 'Only a manager can choose another date', {
      errors: [
        {
          field,
          message: 'You get the computed date; only a manager can choose another one',
          code: 'manager_only',
        },
      ],
    }),
  reasonRequired: () =>
    problems.badRequest('reason_required', 'A reason is required for another date', [
      { field: 'reason', message: 'Give the reason for choosing another date', code: 'required' },
    ]),
};

/** The refusal that matches an action's blocked state (level → 403, state → 409). */
function refuseBlocked(action: { allowed: boolean; blockedBy: string | null }, detail?: string): void {
  if (action.allowed) return;
  if (action.blockedBy === 'level') throw problems.forbidden(detail);
  const titles: Record<string, string> = {
    booking_ended: 'This booking has ended',
    already_cancelled: 'This booking is already cancelled; withdraw the cancellation first',
    not_cancelled: 'This booking has no cancellation to withdraw',
    tariff_change_scheduled:
      'A change of tariff is scheduled; withdraw it first or wait until it takes effect',
    no_tariff_change: 'There is no scheduled change of tariff to withdraw',
    cancellation_in_effect: 'The end date has passed: the cancellation has taken effect',
    no_other_tariff: 'This module has no other tariff',
    no_option_items: 'The tariff offers no additional options',
    option_ended: 'This option has ended',
  };
  const code = action.blockedBy ?? 'not_allowed';
  throw problems.conflict(code, titles[code] ?? 'This is not possible now');
}

function ruleOf(value: unknown): TerminationRule {
  return value as TerminationRule;
}

function localized(text: LocalizedText, locale: Locale): string {
  return text[locale] || text.nl || text.de || text.en || '';
}

const RECURRING_KEYS = new Set(['base_fee', 'manual']);

/** Lines of a tariff's own recurring items (base fees), quantity 1. */
function tariffLines(items: ItemRow[]): RecurringLine[] {
  return items
    .filter((i) => RECURRING_KEYS.has(i.key))
    .map((i) => ({ unitPrice: i.unitPrice, quantity: 1, billingMode: i.billingMode }));
}

export function createBookingLifecycleService(db: Database) {
  /** Everything the module block needs about one booking, read in the caller's transaction. */
  async function load(
    tx: Tx,
    ctx: RequestContext,
    actor: Actor | null,
    bookingId: string,
    opts: { forUpdate?: boolean } = {},
  ): Promise<LifecycleState> {
    // One statement (ADR 0017): the booking (locked for a write) with everything below it.
    const rows = await repo.state(tx, ctx.tenantId, bookingId, opts);
    const booking = rows?.booking;
    if (!rows || !booking || (actor?.realm === 'client' && booking.accountId !== actor.accountId))
      throw problems.notFound('Booking');
    const { account, module, periods, options, cancellation, latestChange } = rows;
    if (!account || !module || periods.length === 0) throw new Error(`booking ${booking.id} is incomplete`);
    const moduleTariffs = rows.tariffs;
    const itemsByTariff = new Map<string, ItemRow[]>(moduleTariffs.map((t) => [t.id, []]));
    const knownItems = new Map<string, ItemRow>();
    for (const i of rows.items) {
      itemsByTariff.get(i.tariffId)?.push(i);
      knownItems.set(i.id, i);
    }
    const today = ctx.today;
    const current =
      periods.find((p) => p.startDate <= today && (p.endDate === null || p.endDate >= today)) ??
      (today < (periods[0]?.startDate ?? today) ? periods[0] : periods.at(-1));
    const last = periods.at(-1);
    if (!current || !last) throw new Error('no tariff period');
    const scheduledChange =
      latestChange && latestChange.switchDate > today && latestChange.newPeriodId === last.id
        ? latestChange
        : undefined;
    return {
      booking,
      account,
      module,
      periods,
      current,
      last,
      tariffs: new Map(moduleTariffs.map((t) => [t.id, t])),
      itemsByTariff,
      items: knownItems,
      options,
      cancellation,
      scheduledChange,
      today,
    };
  }

  function tariffOf(state: LifecycleState, id: string) {
    const tariff = state.tariffs.get(id);
    if (!tariff) throw new Error(`tariff ${id} not of the booking's module`);
    return tariff;
  }

  /** The rule that governs an option: its own, else its tariff's. */
  function optionRule(state: LifecycleState, option: OptionRow): TerminationRule {
    const item = state.items.get(option.itemId);
    if (!item) throw new Error(`item ${option.itemId} missing`);
    return ruleOf(item.terminationRule ?? tariffOf(state, item.tariffId).terminationRule);
  }

  async function lifecycleOf(tx: Tx, ctx: RequestContext, actor: Actor, bookingId: string, currency: string) {
    const state = await load(tx, ctx, actor, bookingId);
    return presentLifecycle(actor, state, currency, (o) => optionRule(state, o));
  }

  // --- Reading ------------------------------------------------------------------------------

  async function getLifecycle(
    ctx: RequestContext,
    actor: Actor,
    bookingId: string,
    currency: string,
  ): Promise<BookingLifecycle> {
    return db.tenant(ctx.tenantId, (tx) => lifecycleOf(tx, ctx, actor, bookingId, currency));
  }

  // --- Cancellation -------------------------------------------------------------------------

  function cancellationPlanOf(state: LifecycleState, actor: Actor, endDate: string | null | undefined) {
    const actions = actionsOf(actor, state);
    refuseBlocked(actions.cancel);
    if (endDate != null && !can(actor, 'booking.changeAtOtherDate')) throw refusal.otherDate('endDate');
    const rule = ruleOf(tariffOf(state, state.current.tariffId).terminationRule);
    const plan = planCancellation(rule, state.current.startDate, state.today, endDate ?? null);
    if (!plan.allowed)
      throw refusal.field(
        'end_before_start',
        'The end lies before the start',
        'endDate',
        state.current.startDate === state.booking.startDate
          ? `The end cannot lie before the booking start ${state.booking.startDate}`
          : `The end cannot lie before the current tariff's start ${state.current.startDate}`,
      );
    const startsLater = state.options.find((o) => o.startDate > plan.end);
    if (startsLater)
      throw refusal.field(
        'option_starts_after_end',
        'An additional option starts after this end',
        'endDate',
        `An additional option starts on ${startsLater.startDate}, after this end; choose a later end`,
      );
    const ending = state.options.filter((o) => o.endDate === null || o.endDate > plan.end);
    return { plan, ending };
  }

  function warningsOf(plan: Pick<CancellationPlan, 'problems'>) {
    return plan.problems
      .filter((p) => p.severity === 'warning' && p.code !== 'before_booking_start')
      .map((p) => ({
        code: p.code as 'earlier_than_computed' | 'before_request' | 'not_on_anchor',
        message: p.message,
      }));
  }

  async function previewCancellation(
    ctx: RequestContext,
    actor: Actor,
    bookingId: string,
    input: { endDate?: string | null },
  ): Promise<CancellationPreview> {
    return db.tenant(ctx.tenantId, async (tx) => {
      const state = await load(tx, ctx, actor, bookingId);
      const { plan, ending } = cancellationPlanOf(state, actor, input.endDate);
      return {
        requestedOn: state.today,
        computed: plan.computed,
        end: plan.end,
        isChosen: plan.isChosen,
        isEarlierThanComputed: plan.isEarlierThanComputed,
        warnings: warningsOf(plan),
        optionsEnding: ending.map((o) => ({
          id: o.id,
          title: state.items.get(o.itemId)?.title ?? {},
          endsOn: plan.end,
        })),
      };
    });
  }

  async function cancel(
    ctx: RequestContext,
    actor: Actor,
    bookingId: string,
    input: CancelInput,
    portal: LifecyclePortal,
  ): Promise<BookingLifecycle> {
    return db.tenant(ctx.tenantId, async (tx) => {
      // The row lock serialises declarations on one booking: a second cancellation waits, then sees the first.
      const state = await load(tx, ctx, actor, bookingId, { forUpdate: true });
      const { plan, ending } = cancellationPlanOf(state, actor, input.endDate);
      const overrideReason = input.reason?.trim() || null;
      if (plan.isChosen && plan.end !== plan.computed.end && !overrideReason) throw refusal.reasonRequired();
      await applyCancellation(tx, ctx, state, portal, {
        plan,
        ending,
        receivedAt: ctx.now,
        cancellationReason: input.cancellationReason?.trim() || null,
        overrideReason: plan.isChosen && plan.end !== plan.computed.end ? overrideReason : null,
        declaredBy: { type: actor.realm, id: actor.userId },
        via: null,
      });
      return lifecycleOf(tx, ctx, actor, bookingId, portal.currency);
    });
  }

  /**
   * A cancellation received through the §312k BGB cancellation button, declared by the system for
   * the consumer (no login) in the caller's transaction: at the earliest end for a cancellation
   * received on the declaration's day, or the desired end when that is later. The booking's state
   * refuses it like any cancellation (409: ended, already cancelled, change scheduled). Audited as
   * received via the cancellation button; `ctx.actor` is the staff user who matched it by hand, or
   * null when it was matched automatically.
   */
  async function cancelDeclaredIn(
    tx: Tx,
    ctx: RequestContext,
    bookingId: string,
    declaration: {
      id: string;
      receivedAt: Date;
      receivedOn: string;
      desiredEndDate: string | null;
      reason: string | null;
    },
    portal: LifecyclePortal,
  ): Promise<{ cancellationId: string; endDate: string; accountId: string }> {
    // The cancellation counts from the day it was received, however much later it is matched.
    const atReceipt: RequestContext = { ...ctx, today: declaration.receivedOn };
    const state = await load(tx, atReceipt, null, bookingId, { forUpdate: true });
    const blocked = firstBlock(state);
    if (blocked) refuseBlocked({ allowed: false, blockedBy: blocked });
    const rule = ruleOf(tariffOf(state, state.current.tariffId).terminationRule);
    const earliest = planCancellation(rule, state.current.startDate, state.today, null);
    const desired = declaration.desiredEndDate;
    const plan =
      desired !== null && desired > earliest.end
        ? planCancellation(rule, state.current.startDate, state.today, desired)
        : earliest;
    const ending = state.options.filter((o) => o.endDate === null || o.endDate > plan.end);
    const cancellation = await applyCancellation(tx, atReceipt, state, portal, {
      plan,
      ending,
      receivedAt: declaration.receivedAt,
      cancellationReason: declaration.reason,
      overrideReason: null,
      declaredBy: { type: 'button', id: declaration.id },
      via: { declarationId: declaration.id },
    });
    return { cancellationId: cancellation.id, endDate: plan.end, accountId: state.booking.accountId };
  }

  /** The state refusals of a cancellation, whoever declares it (the system has no level). */
  function firstBlock(state: LifecycleState): string | null {
    const { booking, today } = state;
    if (booking.endDate !== null && booking.endDate < today) return 'booking_ended';
    if (booking.endDate !== null) return 'already_cancelled';
    if (state.scheduledChange) return 'tariff_change_scheduled';
    return null;
  }

  /** Writes a planned cancellation: booking, last period and options end; declaration; audit; e-mail. */
  async function applyCancellation(
    tx: Tx,
    ctx: RequestContext,
    state: LifecycleState,
    portal: LifecyclePortal,
    c: {
      plan: CancellationPlan;
      ending: OptionRow[];
      receivedAt: Date;
      cancellationReason: string | null;
      overrideReason: string | null;
      declaredBy: { type: 'client' | 'staff' | 'button'; id: string };
      via: { declarationId: string } | null;
    },
  ) {
    const tenantId = ctx.tenantId;
    const { plan, ending } = c;
    const optionsBefore: OptionEndBefore[] = [];
    for (const o of ending) {
      optionsBefore.push({ id: o.id, endDate: o.endDate, endCause: o.endCause, changedTo: plan.end });
      await repo.setOptionEnd(tx, tenantId, o.id, {
        endDate: plan.end,
        endCause: 'booking_end',
        endDeclaredAt: ctx.now,
        endReason: null,
      });
    }
    await repo.setBookingEnd(tx, tenantId, state.booking.id, plan.end);
    await repo.setPeriodEnd(tx, tenantId, state.last.id, plan.end);
    await repo.touchBooking(tx, tenantId, state.booking.id, state.booking.version);
    const cancellation = await repo.insertCancellation(tx, {
      tenantId,
      bookingId: state.booking.id,
      requestedOn: state.today,
      receivedAt: c.receivedAt,
      endDate: plan.end,
      computedEnd: plan.computed.end,
      lastDayToCancel: plan.computed.lastDayToCancel,
      cancellationReason: c.cancellationReason,
      overrideReason: c.overrideReason,
      declaredByType: c.declaredBy.type,
      declaredById: c.declaredBy.id,
      optionsBefore,
    });
    await recordAudit(tx, ctx, {
      action: 'booking.cancelled',
      entityType: 'booking',
      entityId: state.booking.id,
      accountId: state.booking.accountId,
      before: {
        endDate: state.booking.endDate,
        options: optionsBefore.map(({ id, endDate }) => ({ id, endDate })),
      },
      after: {
        endDate: plan.end,
        computedEnd: plan.computed.end,
        lastDayToCancel: plan.computed.lastDayToCancel,
        requestedOn: state.today,
        cancellationId: cancellation.id,
        cancellationReason: cancellation.cancellationReason,
        options: ending.map((o) => ({ id: o.id, endDate: plan.end })),
        ...(c.via
          ? {
              receivedVia: 'cancellation_button',
              declarationId: c.via.declarationId,
              receivedAt: c.receivedAt,
            }
          : {}),
      },
      reason: cancellation.overrideReason,
    });
    await confirm(tx, ctx, state, portal, 'cancellation', {
      date: plan.end,
      receivedAt: c.receivedAt,
      cancellationReason: cancellation.cancellationReason,
      optionsEnding: ending.map((o) => ({ item: state.items.get(o.itemId), endsOn: plan.end })),
    });
    return cancellation;
  }

  async function withdrawCancellation(
    ctx: RequestContext,
    actor: Actor,
    bookingId: string,
    portal: LifecyclePortal,
  ): Promise<BookingLifecycle> {
    return db.tenant(ctx.tenantId, async (tx) => {
      const tenantId = ctx.tenantId;
      const state = await load(tx, ctx, actor, bookingId, { forUpdate: true });
      refuseBlocked(actionsOf(actor, state).withdrawCancellation);
      const cancellation = state.cancellation;
      if (!cancellation) throw new Error('unreachable: no cancellation');
      const restored = await restoreOptions(tx, tenantId, state, cancellation.optionsBefore, 'booking_end');
      await repo.setBookingEnd(tx, tenantId, state.booking.id, null);
      await repo.setPeriodEnd(tx, tenantId, state.last.id, null);
      await repo.touchBooking(tx, tenantId, state.booking.id, state.booking.version);
      await repo.withdrawCancellation(tx, tenantId, cancellation.id, {
        type: actor.realm,
        id: actor.userId,
        at: ctx.now,
      });
      await recordAudit(tx, ctx, {
        action: 'booking.cancellation_withdrawn',
        entityType: 'booking',
        entityId: state.booking.id,
        accountId: state.booking.accountId,
        before: { endDate: state.booking.endDate, cancellationId: cancellation.id },
        after: { endDate: null, options: restored },
      });
      await confirm(tx, ctx, state, portal, 'cancellation_withdrawn', { date: cancellation.endDate });
      return lifecycleOf(tx, ctx, actor, bookingId, portal.currency);
    });
  }

  /** Puts back the ends a declaration wrote, for options that still have them. */
  async function restoreOptions(
    tx: Tx,
    tenantId: string,
    state: LifecycleState,
    before: OptionEndBefore[],
    cause: 'booking_end' | 'tariff_change',
  ) {
    const restored: { id: string; endDate: string | null }[] = [];
    for (const b of before) {
      const option = state.options.find((o) => o.id === b.id);
      if (!option || option.endDate !== b.changedTo || option.endCause !== cause) continue;
      await repo.setOptionEnd(tx, tenantId, b.id, {
        endDate: b.endDate,
        endCause: b.endCause,
        endDeclaredAt: b.endDate === null ? null : option.endDeclaredAt,
        endReason: b.endDate === null ? null : option.endReason,
      });
      restored.push({ id: b.id, endDate: b.endDate });
    }
    return restored;
  }

  // --- Change of tariff -----------------------------------------------------------------------

  /** Tariffs this actor may switch the booking to: another of the same module, orderable by them. */
  function choicesFor(state: LifecycleState, actor: Actor, offerNumber: string | undefined) {
    const anyTariff = can(actor, 'module.orderAnyTariff');
    const isConsumer = state.account.customerType === 'consumer';
    const usable = [...state.tariffs.values()].filter(
      (t) =>
        t.id !== state.last.tariffId &&
        // Orderable tariffs only: published, with at least one item (ADR 0007).
        t.publishedAt !== null &&
        (state.itemsByTariff.get(t.id)?.length ?? 0) > 0 &&
        !(t.businessOnly && isConsumer),
    );
    const shown = anyTariff ? usable : usable.filter((t) => t.isPublic);
    if (offerNumber) {
      const offered = [...state.tariffs.values()].find((t) => sameOfferNumber(offerNumber, t.offerNumber));
      if (!offered)
        throw new HttpProblem(404, 'offer_number_unknown', 'This offer number is not valid for this module', {
          errors: [{ field: 'offerNumber', message: 'Check the offer number', code: 'unknown' }],
        });
      if (usable.includes(offered) && !shown.includes(offered)) shown.push(offered);
    }
    return shown.sort((a, b) => a.displayOrder - b.displayOrder);
  }

  async function tariffChoices(
    ctx: RequestContext,
    actor: Actor,
    bookingId: string,
    offerNumber: string | undefined,
    currency: string,
  ): Promise<TariffChoices> {
    return db.tenant(ctx.tenantId, async (tx) => {
      const state = await load(tx, ctx, actor, bookingId);
      refuseBlocked(actionsOf(actor, state).changeTariff);
      return {
        tariffs: choicesFor(state, actor, offerNumber).map((t) =>
          presentTariff(t, state.itemsByTariff.get(t.id) ?? []),
        ),
        currency,
      };
    });
  }

  function switchPlanOf(state: LifecycleState, actor: Actor, input: SwitchInput, currency: string) {
    refuseBlocked(actionsOf(actor, state).changeTariff);
    if (input.switchDate != null && !can(actor, 'booking.changeAtOtherDate'))
      throw refusal.otherDate('switchDate');
    const target = state.tariffs.get(input.tariffId);
    const notOrderable = (message: string, code = 'not_orderable') =>
      refusal.field(
        'tariff_not_orderable',
        'The booking cannot switch to this tariff',
        'tariffId',
        message,
        code,
      );
    if (!target) throw notOrderable('Choose another tariff of the same module', 'other_module');
    if (target.id === state.last.tariffId)
      throw notOrderable('The booking already has this tariff', 'same_tariff');
    const allowed = choicesFor(state, actor, undefined).some((t) => t.id === target.id);
    if (!allowed && !(input.offerNumber && sameOfferNumber(input.offerNumber, target.offerNumber))) {
      if (!target.isPublic && !can(actor, 'module.orderAnyTariff'))
        throw notOrderable('This tariff needs its offer number', 'offer_number_required');
      throw notOrderable('This tariff cannot be ordered for this account');
    }
    if (!choicesFor(state, actor, input.offerNumber ?? undefined).some((t) => t.id === target.id))
      throw notOrderable('This tariff cannot be ordered for this account');

    const oldTariff = tariffOf(state, state.current.tariffId);
    let plan: SwitchPlan;
    try {
      plan = planTariffSwitch(
        ruleOf(oldTariff.terminationRule),
        ruleOf(target.terminationRule),
        state.current.startDate,
        state.today,
        input.switchDate ?? null,
      );
    } catch (error) {
      if (isDomainError(error) && error.code === 'end_before_start')
        throw refusal.field(
          'switch_before_start',
          'The new tariff must start after the current one',
          'switchDate',
          `The new tariff must start after ${state.current.startDate} (the current tariff's start; the booking started on ${state.booking.startDate})`,
        );
      throw error;
    }
    const newOptionItems = (state.itemsByTariff.get(target.id) ?? []).filter(
      (i) => i.key === 'additional_option',
    );
    let options: ReturnType<typeof optionsAtSwitch<OptionRow, ItemRow>>;
    try {
      options = optionsAtSwitch(
        state.options.map((o) => ({
          option: o,
          title: state.items.get(o.itemId)?.title ?? {},
          startDate: o.startDate,
          endDate: o.endDate,
        })),
        newOptionItems.map((i) => ({ item: i, title: i.title })),
        plan.newStarts,
      );
    } catch (error) {
      if (isDomainError(error) && error.code === 'option_after_switch')
        throw refusal.field(
          'option_after_switch',
          'An additional option starts on or after this switch',
          'switchDate',
          error.message,
        );
      throw error;
    }
    const running = state.options.filter((o) => o.endDate === null || o.endDate >= plan.newStarts);
    const optionLine = (o: OptionRow, item: ItemRow | undefined): RecurringLine[] =>
      item ? [{ unitPrice: item.unitPrice, quantity: o.quantity, billingMode: item.billingMode }] : [];
    const before = recurringAmounts(
      [
        ...tariffLines(state.itemsByTariff.get(oldTariff.id) ?? []),
        ...running.flatMap((o) => optionLine(o, state.items.get(o.itemId))),
      ],
      currency,
    );
    const after = recurringAmounts(
      [
        ...tariffLines(state.itemsByTariff.get(target.id) ?? []),
        ...options.continuing.flatMap((c) => optionLine(c.option, c.item)),
      ],
      currency,
    );
    return { target, oldTariff, plan, options, before, after };
  }

  function presentSwitch(
    state: LifecycleState,
    s: ReturnType<typeof switchPlanOf>,
    input: SwitchInput,
    currency: string,
  ): TariffChangePreview {
    return {
      requestedOn: state.today,
      fromTariff: { id: s.oldTariff.id, title: s.oldTariff.title },
      toTariff: { id: s.target.id, title: s.target.title },
      oldEnds: s.plan.oldEnds,
      newStarts: s.plan.newStarts,
      computed: s.plan.computed,
      newMinimumTermEnds: s.plan.newMinimumTermEnds,
      isChosen: input.switchDate != null,
      isEarlierThanComputed: s.plan.isEarlierThanComputed,
      warnings: s.plan.problems
        .filter((p) => p.severity === 'warning')
        .map((p) => ({ code: p.code as 'earlier_than_computed' | 'before_request', message: p.message })),
      optionsEnding: s.options.ending.map((e) => ({
        id: e.option.id,
        title: state.items.get(e.option.itemId)?.title ?? {},
        quantity: e.option.quantity,
        endsOn: e.endsOn,
      })),
      optionsContinuing: s.options.continuing.map((c) => ({
        id: c.option.id,
        title: c.item.title,
        quantity: c.option.quantity,
        unitPrice: c.item.unitPrice.replace(/(\.\d\d\d*?)0+$/, '$1'),
      })),
      recurringBefore: {
        monthly: moneyToDecimalString(s.before.monthly),
        yearly: moneyToDecimalString(s.before.yearly),
      },
      recurringAfter: {
        monthly: moneyToDecimalString(s.after.monthly),
        yearly: moneyToDecimalString(s.after.yearly),
      },
      currency,
    };
  }

  async function previewTariffChange(
    ctx: RequestContext,
    actor: Actor,
    bookingId: string,
    input: SwitchInput,
    currency: string,
  ): Promise<TariffChangePreview> {
    return db.tenant(ctx.tenantId, async (tx) => {
      const state = await load(tx, ctx, actor, bookingId);
      return presentSwitch(state, switchPlanOf(state, actor, input, currency), input, currency);
    });
  }

  async function changeTariff(
    ctx: RequestContext,
    actor: Actor,
    bookingId: string,
    input: SwitchInput,
    portal: LifecyclePortal,
  ): Promise<BookingLifecycle> {
    return db.tenant(ctx.tenantId, async (tx) => {
      const tenantId = ctx.tenantId;
      const state = await load(tx, ctx, actor, bookingId, { forUpdate: true });
      const s = switchPlanOf(state, actor, input, portal.currency);
      const overrideReason = input.reason?.trim() || null;
      const isOther = input.switchDate != null && input.switchDate !== addDays(s.plan.computed.end, 1);
      if (isOther && !overrideReason) throw refusal.reasonRequired();
      const switchDate = s.plan.newStarts;
      const optionsBefore: OptionEndBefore[] = [];
      const created: string[] = [];
      for (const e of [...s.options.ending, ...s.options.continuing]) {
        optionsBefore.push({
          id: e.option.id,
          endDate: e.option.endDate,
          endCause: e.option.endCause,
          changedTo: e.endsOn,
        });
        await repo.setOptionEnd(tx, tenantId, e.option.id, {
          endDate: e.endsOn,
          endCause: 'tariff_change',
          endDeclaredAt: ctx.now,
          endReason: null,
        });
      }
      for (const c of s.options.continuing) {
        const row = await repo.insertOption(tx, {
          tenantId,
          bookingId: state.booking.id,
          itemId: c.item.id,
          quantity: c.option.quantity,
          startDate: c.continuesFrom,
          endDate: c.continuesUntil,
          endCause: c.continuesUntil === null ? null : c.option.endCause,
          endDeclaredAt: c.continuesUntil === null ? null : c.option.endDeclaredAt,
          endReason: c.continuesUntil === null ? null : c.option.endReason,
          continuesOptionId: c.option.id,
          createdAt: ctx.now,
        });
        created.push(row.id);
      }
      await repo.setPeriodEnd(tx, tenantId, state.current.id, s.plan.oldEnds);
      const period = await repo.insertPeriod(tx, {
        tenantId,
        bookingId: state.booking.id,
        tariffId: s.target.id,
        startDate: switchDate,
        endDate: state.booking.endDate,
        createdAt: ctx.now,
      });
      await repo.touchBooking(tx, tenantId, state.booking.id, state.booking.version);
      const change = await repo.insertTariffChange(tx, {
        tenantId,
        bookingId: state.booking.id,
        fromTariffId: s.oldTariff.id,
        toTariffId: s.target.id,
        newPeriodId: period.id,
        switchDate,
        computedSwitchDate: addDays(s.plan.computed.end, 1),
        requestedOn: state.today,
        receivedAt: ctx.now,
        overrideReason: isOther ? overrideReason : null,
        declaredByType: actor.realm,
        declaredById: actor.userId,
        optionsBefore,
        optionsCreated: created,
      });
      await recordAudit(tx, ctx, {
        action: 'booking.tariff_changed',
        entityType: 'booking',
        entityId: state.booking.id,
        accountId: state.booking.accountId,
        before: {
          tariffId: s.oldTariff.id,
          periodEnd: state.current.endDate,
          options: optionsBefore.map(({ id, endDate }) => ({ id, endDate })),
        },
        after: {
          tariffId: s.target.id,
          oldEnds: s.plan.oldEnds,
          newStarts: switchDate,
          computedSwitchDate: change.computedSwitchDate,
          newMinimumTermEnds: s.plan.newMinimumTermEnds,
          changeId: change.id,
          optionsEnded: s.options.ending.map((e) => ({ id: e.option.id, endDate: e.endsOn })),
          optionsContinued: created,
        },
        reason: change.overrideReason,
      });
      await confirm(tx, ctx, state, portal, 'tariff_change', {
        date: switchDate,
        tariff: s.oldTariff.title,
        newTariff: s.target.title,
        optionsEnding: s.options.ending.map((e) => ({
          item: state.items.get(e.option.itemId),
          endsOn: e.endsOn,
        })),
      });
      return lifecycleOf(tx, ctx, actor, bookingId, portal.currency);
    });
  }

  async function withdrawTariffChange(
    ctx: RequestContext,
    actor: Actor,
    bookingId: string,
    portal: LifecyclePortal,
  ): Promise<BookingLifecycle> {
    return db.tenant(ctx.tenantId, async (tx) => {
      const tenantId = ctx.tenantId;
      const state = await load(tx, ctx, actor, bookingId, { forUpdate: true });
      refuseBlocked(actionsOf(actor, state).withdrawTariffChange);
      const change = state.scheduledChange;
      if (!change) throw new Error('unreachable: no scheduled change');
      await repo.deleteOptions(tx, tenantId, change.optionsCreated);
      const restored = await restoreOptions(tx, tenantId, state, change.optionsBefore, 'tariff_change');
      await repo.deletePeriod(tx, tenantId, change.newPeriodId);
      const previous = state.periods.at(-2);
      if (!previous) throw new Error('no period before the scheduled one');
      await repo.setPeriodEnd(tx, tenantId, previous.id, state.booking.endDate);
      await repo.touchBooking(tx, tenantId, state.booking.id, state.booking.version);
      await repo.withdrawTariffChange(tx, tenantId, change.id, {
        type: actor.realm,
        id: actor.userId,
        at: ctx.now,
      });
      await recordAudit(tx, ctx, {
        action: 'booking.tariff_change_withdrawn',
        entityType: 'booking',
        entityId: state.booking.id,
        accountId: state.booking.accountId,
        before: { tariffId: change.toTariffId, switchDate: change.switchDate, changeId: change.id },
        after: {
          tariffId: change.fromTariffId,
          periodEnd: state.booking.endDate,
          options: restored,
          optionsRemoved: change.optionsCreated,
        },
      });
      await confirm(tx, ctx, state, portal, 'tariff_change_withdrawn', {
        date: change.switchDate,
        tariff: tariffOf(state, change.fromTariffId).title,
        newTariff: tariffOf(state, change.toTariffId).title,
      });
      return lifecycleOf(tx, ctx, actor, bookingId, portal.currency);
    });
  }

  // --- Additional options ---------------------------------------------------------------------

  async function bookOption(
    ctx: RequestContext,
    actor: Actor,
    bookingId: string,
    input: BookOptionInput,
    portal: LifecyclePortal,
  ): Promise<BookingLifecycle> {
    return db.tenant(ctx.tenantId, async (tx) => {
      const tenantId = ctx.tenantId;
      const state = await load(tx, ctx, actor, bookingId, { forUpdate: true });
      refuseBlocked(actionsOf(actor, state).bookOption);
      const item = (state.itemsByTariff.get(state.last.tariffId) ?? []).find(
        (i) => i.id === input.itemId && i.key === 'additional_option',
      );
      if (!item)
        throw refusal.field(
          'not_an_option',
          'This is not an additional option of the booking’s tariff',
          'itemId',
          'Choose one of the additional options of the current tariff',
        );
      const errors: FieldError[] = [];
      if (input.startDate < state.last.startDate)
        errors.push({
          field: 'startDate',
          code: 'before_start',
          message: `The option cannot start before ${state.last.startDate} (the start of the booking's current tariff)`,
        });
      if (state.booking.endDate !== null && input.startDate > state.booking.endDate)
        errors.push({
          field: 'startDate',
          code: 'after_booking_end',
          message: `The booking ends on ${state.booking.endDate}; an option cannot outlive it`,
        });
      if (errors.length)
        throw problems.badRequest('validation_failed', 'The option cannot be booked', errors);
      const option = await repo.insertOption(tx, {
        tenantId,
        bookingId: state.booking.id,
        itemId: item.id,
        quantity: input.quantity,
        startDate: input.startDate,
        // A booking that already has an end takes its new options with it.
        endDate: state.booking.endDate,
        endCause: state.booking.endDate === null ? null : 'booking_end',
        endDeclaredAt: state.booking.endDate === null ? null : ctx.now,
        createdAt: ctx.now,
      });
      await repo.touchBooking(tx, tenantId, state.booking.id, state.booking.version);
      await recordAudit(tx, ctx, {
        action: 'booking.option_booked',
        entityType: 'booking_option',
        entityId: option.id,
        accountId: state.booking.accountId,
        before: null,
        after: {
          bookingId: state.booking.id,
          itemId: item.id,
          quantity: option.quantity,
          startDate: option.startDate,
          endDate: option.endDate,
        },
      });
      await confirm(tx, ctx, state, portal, 'option_booked', {
        date: option.startDate,
        option: item.title,
        quantity: option.quantity,
      });
      return lifecycleOf(tx, ctx, actor, bookingId, portal.currency);
    });
  }

  async function terminateOption(
    ctx: RequestContext,
    actor: Actor,
    bookingId: string,
    optionId: string,
    input: TerminateOptionInput,
    portal: LifecyclePortal,
  ): Promise<BookingLifecycle> {
    return db.tenant(ctx.tenantId, async (tx) => {
      const tenantId = ctx.tenantId;
      const state = await load(tx, ctx, actor, bookingId, { forUpdate: true });
      const option = state.options.find((o) => o.id === optionId);
      if (!option) throw problems.notFound('Option');
      const actions = actionsOf(actor, state);
      const terminate = actions.options.get(option.id);
      if (!terminate) throw new Error('option actions missing');
      refuseBlocked(terminate);
      const computed = optionTerminationEnd(
        optionRule(state, option),
        option.startDate,
        state.today,
        state.booking.endDate,
      );
      const reason = input.reason?.trim() || null;
      const end = input.endDate ?? computed.end;
      const isOther = input.endDate != null && input.endDate !== computed.end;
      if (isOther && !reason) throw refusal.reasonRequired();
      if (end < option.startDate)
        throw refusal.field(
          'end_before_start',
          'The end lies before the option’s start',
          'endDate',
          `The option started on ${option.startDate}`,
        );
      if (state.booking.endDate !== null && end > state.booking.endDate)
        throw refusal.field(
          'option_outlives_booking',
          'An option cannot outlive its booking',
          'endDate',
          `The booking ends on ${state.booking.endDate}; choose that day or an earlier one`,
        );
      await repo.setOptionEnd(tx, tenantId, option.id, {
        endDate: end,
        endCause: 'termination',
        endDeclaredAt: ctx.now,
        endReason: isOther ? reason : null,
      });
      await repo.touchBooking(tx, tenantId, state.booking.id, state.booking.version);
      await recordAudit(tx, ctx, {
        action: 'booking.option_terminated',
        entityType: 'booking_option',
        entityId: option.id,
        accountId: state.booking.accountId,
        before: { endDate: option.endDate, endCause: option.endCause },
        after: {
          endDate: end,
          computedEnd: computed.end,
          lastDayToCancel: computed.lastDayToCancel,
          requestedOn: state.today,
        },
        reason: isOther ? reason : null,
      });
      const item = state.items.get(option.itemId);
      await confirm(tx, ctx, state, portal, 'option_terminated', {
        date: end,
        option: item?.title ?? {},
        quantity: option.quantity,
      });
      return lifecycleOf(tx, ctx, actor, bookingId, portal.currency);
    });
  }

  // --- Confirmations ----------------------------------------------------------------------------

  /** E-mail to the account owner and the contract partner's address, in the client's language. */
  async function confirm(
    tx: Tx,
    ctx: RequestContext,
    state: LifecycleState,
    portal: LifecyclePortal,
    kind: LifecycleDeclaration,
    facts: {
      date?: string;
      tariff?: LocalizedText;
      newTariff?: LocalizedText;
      option?: LocalizedText;
      quantity?: number;
      cancellationReason?: string | null;
      optionsEnding?: { item: ItemRow | undefined; endsOn: string }[];
      /** When the declaration was received (default: now). */
      receivedAt?: Date;
    },
  ) {
    const owner = await orderingRepository.accountOwner(tx, ctx.tenantId, state.account.id);
    const doc = state.account.documentLocale;
    const locale: Locale = isLocale(doc)
      ? doc
      : isLocale(owner?.locale)
        ? owner.locale
        : portal.defaultLocale;
    const recipients = new Map<string, string>();
    if (owner) recipients.set(owner.email.toLowerCase(), owner.name);
    const partner = state.account.contractPartner;
    if (partner?.email && !recipients.has(partner.email.toLowerCase()))
      recipients.set(partner.email.toLowerCase(), partner.name);
    const current = tariffOf(state, state.current.tariffId);
    for (const [to, name] of recipients) {
      const msg = mailTemplates.lifecycleConfirmation(locale, {
        name,
        portal: portal.name,
        module: localized(state.module.name, locale),
        kind,
        receivedAt: formatMailDateTime(locale, facts.receivedAt ?? ctx.now, portal.timeZone),
        tariff: localized(facts.tariff ?? current.title, locale),
        ...(facts.newTariff ? { newTariff: localized(facts.newTariff, locale) } : {}),
        ...(facts.option ? { option: localized(facts.option, locale) } : {}),
        ...(facts.quantity ? { quantity: facts.quantity } : {}),
        ...(facts.date ? { date: facts.date } : {}),
        cancellationReason: facts.cancellationReason ?? null,
        optionsEnding: (facts.optionsEnding ?? []).map((o) => ({
          title: o.item ? localized(o.item.title, locale) : '',
          endsOn: o.endsOn,
        })),
        link: `${portal.baseUrl}/bookings/${state.booking.id}`,
      });
      await enqueueEmail(tx, { tenantId: ctx.tenantId, to, ...msg, now: ctx.now });
    }
  }

  return {
    getLifecycle,
    previewCancellation,
    cancel,
    cancelDeclaredIn,
    withdrawCancellation,
    tariffChoices,
    previewTariffChange,
    changeTariff,
    withdrawTariffChange,
    bookOption,
    terminateOption,
  };
}

export type BookingLifecycleService = ReturnType<typeof createBookingLifecycleService>;

/** The actions the routes declare (for the route table). */
export const lifecycleActions = {
  view: 'contract.view',
  change: 'booking.changeAtComputedDate',
  withdraw: 'booking.withdrawCancellation',
  options: 'option.manage',
} as const satisfies Record<string, Action>;
