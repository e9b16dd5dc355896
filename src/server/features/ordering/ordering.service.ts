import { systemReasons } from '../../../shared/audit-actions';
import { normalizeVatId, validateVatId } from '../../../shared/identifiers';
import { isLocale } from '../../../shared/locales';
import { type Actor, can } from '../../../shared/permissions';
import type { ContractPartnerData, CustomerType, OrderableModule, OrderPage } from '../../../shared/schemas';
import type { BookingDto } from '../../../shared/schemas/catalog';
import type { RequestContext } from '../../context';
import type { Database, Tx } from '../../db/client';
import { type FieldError, HttpProblem, problems } from '../../problem';
import { accountsRepository } from '../accounts/accounts.repository';
import { recordAudit } from '../audit/audit.repository';
import { authRepository } from '../auth/auth.repository';
import { presentBooking } from '../bookings/bookings.presenter';
import { type BookingRow, bookingsRepository } from '../bookings/bookings.repository';
import { catalogRepository } from '../catalog/catalog.repository';
import { presentLegalDocument } from '../legal/legal.presenter';
import { legalRepository } from '../legal/legal.repository';
import { enqueueEmail } from '../mail/mail.repository';
import { mailTemplates } from '../mail/mail.templates';
import { isUniqueViolation, registrationRepository } from '../registration/registration.repository';
import { legalProblems, type Portal } from '../registration/registration.service';
import { ifOrderedToday, localized, presentOfferedTariff } from './ordering.presenter';
import { type AccountRow, orderingRepository as repo } from './ordering.repository';

export type OrderInput = {
  tariffId: string;
  offerNumber?: string | undefined;
  contractPartner?: ContractPartnerData | undefined;
  termsId?: string | undefined;
  acceptTerms?: true | undefined;
  idempotencyKey: string;
  customerType?: CustomerType | undefined;
  vatId?: string | undefined;
};

export type OrderOutcome = { booking: BookingDto; contractConcluded: boolean; created: boolean };

/** Offer numbers are compared without regard to case or surrounding spaces (people type them). */
export function sameOfferNumber(given: string | undefined, actual: string | null): boolean {
  if (!given || !actual) return false;
  return given.trim().toUpperCase() === actual.trim().toUpperCase();
}

const orderProblems = {
  moduleNotOrderable: () => new HttpProblem(404, 'module_not_orderable', 'This module cannot be ordered'),
  /** The same answer for an unknown number and one of another module: it reveals nothing. */
  offerNumberUnknown: () =>
    new HttpProblem(404, 'offer_number_unknown', 'This offer number is not valid for this module', {
      errors: [{ field: 'offerNumber', message: 'Check the offer number', code: 'unknown' }],
    }),
  tariffNotOrderable: (field: string, message: string) =>
    problems.badRequest('tariff_not_orderable', 'This tariff cannot be ordered here', [
      { field, message, code: 'not_orderable' },
    ]),
  fields: (errors: FieldError[]) =>
    problems.badRequest('validation_failed', 'The request body is invalid', errors),
  operatorNotReady: () =>
    problems.conflict(
      'operator_not_ready',
      'Orders cannot be taken yet: the operator has not set up its payment terms. Please try again later.',
    ),
  /** ADR 0007: one current booking per module and account; changes go through a tariff change. */
  alreadyBooked: (booking: { id: string; endDate: string | null }) =>
    new HttpProblem(409, 'module_already_booked', 'This module is already booked for this account', {
      detail: booking.endDate
        ? `Its booking runs until ${booking.endDate}; the module can be ordered again after that. Change the tariff of the booking instead.`
        : 'The module can be ordered again once its booking has ended. Change the tariff of the booking instead.',
      current: { bookingId: booking.id, endDate: booking.endDate },
    }),
  emailNotVerified: () =>
    new HttpProblem(403, 'email_not_verified', 'Please confirm your e-mail address before ordering', {
      detail: 'Open the link in the e-mail we sent you, or ask for a new one.',
    }),
};

/** A tariff can be ordered once it is published and has at least one item (ADR 0007). */
export function isOrderableTariff(tariff: { publishedAt: Date | null }, itemCount: number): boolean {
  return tariff.publishedAt !== null && itemCount > 0;
}

function isExclusionViolation(error: unknown, constraint: string): boolean {
  type DbError = { code?: string; constraint?: string; message?: string; cause?: unknown };
  for (let e = error as DbError | undefined; e; e = e.cause as DbError | undefined) {
    if (e.code === '23P01') return e.constraint === constraint || Boolean(e.message?.includes(constraint));
  }
  return false;
}

/** The first order's answer to "business or private person": a business names its company. */
function customerTypeErrors(input: OrderInput): FieldError[] {
  if (!input.customerType)
    return [
      {
        field: 'customerType',
        message: 'Say whether you order as a business or as a private person',
        code: 'required',
      },
    ];
  const errors: FieldError[] = [];
  if (input.customerType === 'business' && input.contractPartner && !input.contractPartner.company?.trim())
    errors.push({ field: 'contractPartner.company', message: 'Enter the company name', code: 'required' });
  if (input.customerType === 'consumer' && input.vatId)
    errors.push({ field: 'vatId', message: 'A private person has no VAT ID', code: 'not_allowed' });
  const vat = input.vatId ? validateVatId(input.vatId) : null;
  if (vat && !vat.ok) errors.push({ field: 'vatId', message: vat.message, code: vat.code });
  return errors;
}

export function createOrderingService(db: Database) {
  async function listOrderableModules(ctx: RequestContext): Promise<OrderableModule[]> {
    return db.tenant(ctx.tenantId, (tx) => orderableModules(tx, ctx.tenantId));
  }

  /** With an account: each module also names the account's current booking of it (not orderable then). */
  async function orderableModules(
    tx: Tx,
    tenantId: string,
    forAccount?: { accountId: string; today: string },
  ): Promise<OrderableModule[]> {
    const rows = await repo.orderableModules(tx, tenantId);
    const current = forAccount
      ? new Map(
          (await repo.currentBookings(tx, tenantId, forAccount.accountId, forAccount.today)).map((b) => [
            b.moduleId,
            b.id,
          ]),
        )
      : null;
    return rows.map((m) => ({
      id: m.id,
      name: m.name,
      description: m.description,
      publicTariffCount: Number(m.publicTariffCount),
      ...(current ? { currentBookingId: current.get(m.id) ?? null } : {}),
    }));
  }

  /**
   * The order page of a module for an account: its public tariffs, and the non-public one an offer
   * number reveals (only on its own module's page). Staff who may order any tariff see them all.
   */
  async function orderPage(
    ctx: RequestContext,
    actor: Actor,
    accountId: string,
    moduleId: string,
    offerNumber: string | undefined,
    currency: string,
  ): Promise<OrderPage> {
    return db.tenant(ctx.tenantId, async (tx) => {
      const account = await accountsRepository.find(tx, ctx.tenantId, accountId);
      if (!account || account.closedAt || (actor.realm === 'client' && actor.accountId !== account.id))
        throw problems.notFound('Account');
      const module = await catalogRepository.findModule(tx, ctx.tenantId, moduleId);
      if (!module) throw problems.notFound('Module');
      const listed = await catalogRepository.listTariffs(tx, ctx.tenantId, module.id);
      const items = await catalogRepository.itemsOf(
        tx,
        ctx.tenantId,
        listed.map((t) => t.id),
      );
      // Unpublished tariffs and tariffs without items are not offered to anyone.
      const all = listed.filter((t) => isOrderableTariff(t, items.get(t.id)?.length ?? 0));
      if (module.status !== 'active' || all.length === 0) throw orderProblems.moduleNotOrderable();
      const isFirst = account.contractConcludedAt === null;
      // A consumer is not offered business-only tariffs; before the first order the page asks.
      const forAccount = all.filter(
        (t) => !(t.businessOnly && !isFirst && account.customerType === 'consumer'),
      );
      const shown = can(actor, 'module.orderAnyTariff')
        ? [...forAccount]
        : forAccount.filter((t) => t.isPublic);
      if (offerNumber) {
        // A tariff made public later keeps its number: entering it is harmless.
        const offered = forAccount.find((t) => sameOfferNumber(offerNumber, t.offerNumber));
        if (!offered) throw orderProblems.offerNumberUnknown();
        if (!shown.includes(offered)) shown.push(offered);
      }
      const [current] = await repo.currentBookings(tx, ctx.tenantId, account.id, ctx.today, module.id);
      // The client's own address for a client; the account owner's for staff (who need none).
      const user =
        actor.realm === 'client'
          ? await authRepository.findClientUser(tx, ctx.tenantId, actor.userId)
          : await repo.accountOwner(tx, ctx.tenantId, account.id);
      if (actor.realm === 'client' && !user) throw problems.unauthorized();
      const terms = await legalRepository.current(tx, ctx.tenantId, 'terms');
      return {
        module: { id: module.id, name: module.name, description: module.description },
        accountName: account.name,
        tariffs: shown.map((t) => presentOfferedTariff(t, items.get(t.id) ?? [], ctx.today)),
        isFirstOrder: account.contractConcludedAt === null,
        contractPartnerDefaults: account.contractPartner ?? {
          company: null,
          name: account.name,
          email: account.email,
        },
        currentTerms: terms ? presentLegalDocument(terms) : null,
        emailVerified: Boolean(user?.emailVerifiedAt),
        currency,
        customerType: isFirst ? null : account.customerType,
        currentBooking: current
          ? { id: current.id, startDate: current.startDate, endDate: current.endDate }
          : null,
      };
    });
  }

  /**
   * Places an order for an account: by the client (admin) or by staff on the client's behalf. The
   * first order concludes the contract. A repeated request with the same idempotency key returns
   * the booking of the first one (created: false), also when both arrive at once.
   */
  async function placeOrder(
    ctx: RequestContext,
    actor: Actor,
    accountId: string,
    moduleId: string | null,
    input: OrderInput,
    portal: Portal,
  ): Promise<OrderOutcome> {
    const attempt = () =>
      db.tenant(ctx.tenantId, (tx) => order(tx, ctx, actor, accountId, moduleId, input, portal));
    try {
      return await attempt();
    } catch (error) {
      // A parallel request with the same key won the race: answer with its booking.
      if (!(error instanceof HttpProblem) && isUniqueViolation(error, 'bookings_idempotency'))
        return attempt();
      // A parallel order of the same module won: the next attempt answers module_already_booked.
      if (!(error instanceof HttpProblem) && isExclusionViolation(error, 'bookings_one_current_per_module'))
        return attempt();
      throw error;
    }
  }

  async function order(
    tx: Tx,
    ctx: RequestContext,
    actor: Actor,
    accountId: string,
    givenModuleId: string | null,
    input: OrderInput,
    portal: Portal,
  ): Promise<OrderOutcome> {
    const tenantId = ctx.tenantId;
    // Locking the account serialises orders of one account (contract conclusion happens once).
    const account = await accountsRepository.find(tx, tenantId, accountId, { forUpdate: true });
    if (!account || account.closedAt) throw problems.notFound('Account');

    const existing = await bookingsRepository.findByIdempotencyKey(
      tx,
      tenantId,
      accountId,
      input.idempotencyKey,
    );
    if (existing) {
      if (givenModuleId !== null && existing.moduleId !== givenModuleId)
        throw problems.conflict(
          'idempotency_key_reused',
          'This order key was already used for another order',
        );
      return { ...(await outcome(tx, ctx, actor, existing, account)), created: false };
    }

    const isClient = actor.realm === 'client';
    const orderingUser = isClient
      ? await authRepository.findClientUser(tx, tenantId, actor.userId)
      : undefined;
    if (isClient && !orderingUser?.emailVerifiedAt) throw orderProblems.emailNotVerified();

    const tariff = await catalogRepository.findTariff(tx, tenantId, input.tariffId);
    // Without a module in the path (an order on behalf), the tariff names the module.
    const moduleId = givenModuleId ?? tariff?.moduleId;
    const module = moduleId ? await catalogRepository.findModule(tx, tenantId, moduleId) : undefined;
    if (givenModuleId && !module) throw problems.notFound('Module');
    if (!tariff || !module || tariff.moduleId !== module.id)
      throw orderProblems.tariffNotOrderable('tariffId', 'Choose one of the tariffs on the order page');
    if (module.status !== 'active') throw orderProblems.moduleNotOrderable();
    const tariffItemCount =
      (await catalogRepository.itemsOf(tx, tenantId, [tariff.id])).get(tariff.id)?.length ?? 0;
    if (!isOrderableTariff(tariff, tariffItemCount))
      throw orderProblems.tariffNotOrderable('tariffId', 'This tariff is not published; choose another one');
    const [current] = await repo.currentBookings(tx, tenantId, account.id, ctx.today, module.id);
    if (current) throw orderProblems.alreadyBooked(current);
    const mayUseAnyTariff = can(actor, 'module.orderAnyTariff');
    if (!tariff.isPublic && !mayUseAnyTariff) {
      if (!input.offerNumber)
        throw orderProblems.tariffNotOrderable('offerNumber', 'This tariff needs its offer number');
      if (!sameOfferNumber(input.offerNumber, tariff.offerNumber)) throw orderProblems.offerNumberUnknown();
    }
    const isFirstOrder = account.contractConcludedAt === null;
    // The first order asks whether the client is a business or a private person; later orders use the stored answer.
    const customerType = isFirstOrder ? input.customerType : account.customerType;
    if (!isFirstOrder && (input.customerType !== undefined || input.vatId !== undefined)) {
      throw orderProblems.fields([
        {
          field: input.customerType !== undefined ? 'customerType' : 'vatId',
          message: 'Business or private person is set at the first order; later orders do not change it',
          code: 'already_set',
        },
      ]);
    }
    const refuseBusinessOnly = () => {
      if (tariff.businessOnly && customerType === 'consumer')
        throw problems.badRequest('tariff_business_only', 'This tariff is for business clients only', [
          { field: 'tariffId', message: 'Choose a tariff for private clients', code: 'business_only' },
        ]);
    };
    if (!isFirstOrder) refuseBusinessOnly();

    let concluded: AccountRow | undefined;
    let acceptedTerms: { id: string; version: number } | null = null;
    if (isFirstOrder) {
      const settings = await repo.invoiceSettings(tx, tenantId);
      if (!settings) throw orderProblems.operatorNotReady();
      const missing: FieldError[] = customerTypeErrors(input);
      if (!input.contractPartner)
        missing.push({
          field: 'contractPartner',
          message: 'Enter the contract partner: the first order concludes the contract',
          code: 'required',
        });
      if (isClient && !input.termsId)
        missing.push({
          field: 'termsId',
          message: 'The terms and conditions version is missing',
          code: 'required',
        });
      if (isClient && input.acceptTerms !== true)
        missing.push({
          field: 'acceptTerms',
          message: 'Please accept the terms and conditions',
          code: 'required',
        });
      if (missing.length) throw orderProblems.fields(missing);
      refuseBusinessOnly();
      if (isClient) {
        const terms = await legalRepository.current(tx, tenantId, 'terms');
        if (!terms) throw legalProblems.missing('terms');
        if (terms.id !== input.termsId) throw legalProblems.outdated('terms');
        acceptedTerms = { id: terms.id, version: terms.version };
      }
      concluded = await repo.concludeContract(tx, tenantId, account.id, {
        contractPartner: input.contractPartner ?? null,
        paymentTerms: settings.paymentTerms,
        contractConcludedAt: ctx.now,
        customerType: customerType ?? 'business',
        ...(input.vatId ? { vatId: normalizeVatId(input.vatId) } : {}),
      });
      if (acceptedTerms && orderingUser)
        await registrationRepository.recordAcceptance(tx, {
          tenantId,
          accountId: account.id,
          clientUserId: orderingUser.id,
          documentId: acceptedTerms.id,
          kind: 'terms',
          version: acceptedTerms.version,
          acceptedAt: ctx.now,
          ip: ctx.ip,
        });
      await recordAudit(tx, ctx, {
        action: 'account.contract_concluded',
        entityType: 'account',
        entityId: account.id,
        accountId: account.id,
        before: {
          contractPartner: null,
          paymentTerms: null,
          paymentTermsSource: null,
          contractConcludedAt: null,
        },
        after: {
          customerType: concluded.customerType,
          ...(concluded.vatId ? { vatId: concluded.vatId } : {}),
          contractPartner: concluded.contractPartner,
          paymentTerms: concluded.paymentTerms,
          paymentTermsSource: concluded.paymentTermsSource,
          contractConcludedAt: ctx.now.toISOString(),
          termsAccepted: acceptedTerms,
          concludedOnBehalfByStaff: !isClient,
        },
        reason: isClient ? null : systemReasons.concludedOnBehalf,
      });
    } else if (input.contractPartner) {
      throw orderProblems.fields([
        {
          field: 'contractPartner',
          message: 'The contract partner is already set; later orders do not change it',
          code: 'already_set',
        },
      ]);
    }

    const booking = await bookingsRepository.insert(tx, {
      tenantId,
      accountId: account.id,
      moduleId: module.id,
      startDate: ctx.today,
      endDate: null,
      moduleData: {},
      idempotencyKey: input.idempotencyKey,
      orderedByType: actor.realm,
      orderedById: actor.userId,
      createdAt: ctx.now,
    });
    await bookingsRepository.insertPeriod(tx, {
      tenantId,
      bookingId: booking.id,
      tariffId: tariff.id,
      startDate: ctx.today,
      endDate: null,
      createdAt: ctx.now,
    });
    const dates = ifOrderedToday(tariff, ctx.today);
    await recordAudit(tx, ctx, {
      action: 'booking.created',
      entityType: 'booking',
      entityId: booking.id,
      accountId: account.id,
      after: {
        moduleId: module.id,
        tariffId: tariff.id,
        startDate: booking.startDate,
        withOfferNumber: !tariff.isPublic && sameOfferNumber(input.offerNumber, tariff.offerNumber),
        orderedBy: isClient ? 'client' : 'staff_on_behalf',
      },
    });

    // The confirmation goes to the ordering client user; for an order on behalf, to the account owner.
    const recipient = orderingUser ?? (await repo.accountOwner(tx, tenantId, account.id));
    if (recipient) {
      const locale = isLocale(recipient.locale) ? recipient.locale : portal.defaultLocale;
      const msg = mailTemplates.orderConfirmation(locale, {
        name: recipient.name,
        portal: portal.name,
        module: localized(module.name, locale),
        tariff: localized(tariff.title, locale),
        start: dates.start,
        earliestEnd: dates.earliestEnd,
        lastDayToCancel: dates.lastDayToCancel,
        link: `${portal.baseUrl}/bookings/${booking.id}`,
        onBehalf: !isClient,
      });
      await enqueueEmail(tx, { tenantId, to: recipient.email, ...msg, now: ctx.now });
    }
    return { ...(await outcome(tx, ctx, actor, booking, concluded ?? account)), created: true };
  }

  async function outcome(
    tx: Tx,
    ctx: RequestContext,
    actor: Actor,
    booking: BookingRow,
    account: AccountRow,
  ) {
    const [view] = await bookingsRepository.views(tx, ctx.tenantId, [booking]);
    if (!view) throw new Error('booking view missing');
    return {
      booking: presentBooking(actor, view, ctx.today),
      // Both are set from the same instant in the transaction that concluded the contract.
      contractConcluded: account.contractConcludedAt?.getTime() === booking.createdAt.getTime(),
    };
  }

  return { listOrderableModules, orderableModules, orderPage, placeOrder };
}

export type OrderingService = ReturnType<typeof createOrderingService>;
