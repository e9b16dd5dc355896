import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  bookingLifecycle,
  bookOptionBody,
  cancellationBody,
  cancellationPreview,
  cancellationPreviewBody,
  optionParams,
  tariffChangeBody,
  tariffChangePreview,
  tariffChangePreviewBody,
  tariffChoices,
  tariffChoicesQuery,
  terminateOptionBody,
} from '../../../shared/schemas';
import type { EmailLinks } from '../mail/email-links';
import type { MailDispatcher } from '../mail/mail.dispatcher';
import type { BookingLifecycleService, LifecyclePortal } from './booking-lifecycle.service';

const idParams = z.object({ id: z.uuid() }).strict();
const emptyBody = z.object({}).strict().optional();

type Deps = {
  lifecycle: BookingLifecycleService;
  mail: Pick<MailDispatcher, 'kick'>;
  emailLinks: EmailLinks;
};

/**
 * The module block of a booking: the same endpoints for the client (own account, admin) and for
 * staff, under /api/v1/client/… and /api/v1/staff/…; options are booked and terminated by staff.
 */
export function bookingLifecycleRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  // Links in the confirmations come from configuration (the operator's domain or PUBLIC_URL).
  const portal = async (request: FastifyRequest): Promise<LifecyclePortal> => ({
    ...(await deps.emailLinks.emailPortal(request.tenant)),
    timeZone: request.tenant.timeZone,
    currency: request.tenant.currency,
  });

  for (const realm of ['client', 'staff'] as const) {
    const tags = [realm === 'client' ? 'client' : 'accounts'];
    const base = `/api/v1/${realm}/bookings/:id`;

    r.get(
      `${base}/lifecycle`,
      {
        config: { permission: 'contract.view' },
        schema: {
          tags,
          summary:
            "A booking's module block: current tariff, dates that matter, cancellation, tariff change, options",
          description:
            'Every date is computed from the server’s today. Actions say what the user may do and why not.',
          params: idParams,
          response: { 200: bookingLifecycle },
        },
      },
      async (request) =>
        deps.lifecycle.getLifecycle(
          request.ctx(),
          request.actor!,
          request.params.id,
          request.tenant.currency,
        ),
    );

    r.post(
      `${base}/cancellation/preview`,
      {
        config: { permission: 'booking.changeAtComputedDate' },
        schema: {
          tags,
          summary:
            'What a cancellation received now would give: earliest end, last day to cancel, options ending',
          description: 'endDate (another end) is for a manager only (403 otherwise).',
          params: idParams,
          body: cancellationPreviewBody,
          response: { 200: cancellationPreview },
        },
      },
      async (request) =>
        deps.lifecycle.previewCancellation(request.ctx(), request.actor!, request.params.id, request.body),
    );

    r.post(
      `${base}/cancellation`,
      {
        config: { permission: 'booking.changeAtComputedDate' },
        schema: {
          tags,
          summary: 'Cancel the booking at the computed end (or, as a manager, at another end with a reason)',
          description:
            'The end goes into the booking; its options end with it at the latest. A confirmation e-mail goes to ' +
            'the account owner and the contract partner. A second cancellation answers 409.',
          params: idParams,
          body: cancellationBody,
          response: { 200: bookingLifecycle },
        },
      },
      async (request) => {
        const result = await deps.lifecycle.cancel(
          request.ctx(),
          request.actor!,
          request.params.id,
          request.body,
          await portal(request),
        );
        deps.mail.kick();
        return result;
      },
    );

    r.post(
      `${base}/cancellation/withdraw`,
      {
        config: { permission: 'booking.withdrawCancellation' },
        schema: {
          tags,
          summary: 'Withdraw the cancellation while its end date has not passed',
          params: idParams,
          body: emptyBody,
          response: { 200: bookingLifecycle },
        },
      },
      async (request) => {
        const result = await deps.lifecycle.withdrawCancellation(
          request.ctx(),
          request.actor!,
          request.params.id,
          await portal(request),
        );
        deps.mail.kick();
        return result;
      },
    );

    r.get(
      `${base}/tariff-choices`,
      {
        config: { permission: 'booking.changeAtComputedDate' },
        schema: {
          tags,
          summary:
            'Tariffs the booking can switch to (public ones, one revealed by its offer number; a manager: any)',
          params: idParams,
          querystring: tariffChoicesQuery,
          response: { 200: tariffChoices },
        },
      },
      async (request) =>
        deps.lifecycle.tariffChoices(
          request.ctx(),
          request.actor!,
          request.params.id,
          request.query.offerNumber || undefined,
          request.tenant.currency,
        ),
    );

    r.post(
      `${base}/tariff-change/preview`,
      {
        config: { permission: 'booking.changeAtComputedDate' },
        schema: {
          tags,
          summary:
            'Preview of a change of tariff: old end, new start, new minimum term, options ending, amounts',
          params: idParams,
          body: tariffChangePreviewBody,
          response: { 200: tariffChangePreview },
        },
      },
      async (request) =>
        deps.lifecycle.previewTariffChange(
          request.ctx(),
          request.actor!,
          request.params.id,
          request.body,
          request.tenant.currency,
        ),
    );

    r.post(
      `${base}/tariff-change`,
      {
        config: { permission: 'booking.changeAtComputedDate' },
        schema: {
          tags,
          summary: 'Change the tariff at the computed date (or, as a manager, at another date with a reason)',
          params: idParams,
          body: tariffChangeBody,
          response: { 200: bookingLifecycle },
        },
      },
      async (request) => {
        const result = await deps.lifecycle.changeTariff(
          request.ctx(),
          request.actor!,
          request.params.id,
          request.body,
          await portal(request),
        );
        deps.mail.kick();
        return result;
      },
    );

    r.post(
      `${base}/tariff-change/withdraw`,
      {
        config: { permission: 'booking.withdrawCancellation' },
        schema: {
          tags,
          summary: 'Withdraw a scheduled change of tariff before it takes effect',
          params: idParams,
          body: emptyBody,
          response: { 200: bookingLifecycle },
        },
      },
      async (request) => {
        const result = await deps.lifecycle.withdrawTariffChange(
          request.ctx(),
          request.actor!,
          request.params.id,
          await portal(request),
        );
        deps.mail.kick();
        return result;
      },
    );
  }

  r.post(
    '/api/v1/staff/bookings/:id/options',
    {
      config: { permission: 'option.manage' },
      schema: {
        tags: ['accounts'],
        summary: 'Book an additional option of the current tariff (start date, quantity)',
        params: idParams,
        body: bookOptionBody,
        response: { 200: bookingLifecycle },
      },
    },
    async (request) => {
      const result = await deps.lifecycle.bookOption(
        request.ctx(),
        request.actor!,
        request.params.id,
        request.body,
        await portal(request),
      );
      deps.mail.kick();
      return result;
    },
  );

  r.post(
    '/api/v1/staff/bookings/:id/options/:optionId/termination',
    {
      config: { permission: 'option.manage' },
      schema: {
        tags: ['accounts'],
        summary:
          'Terminate an option with notice (its own rule, else the tariff’s), or at another end with a reason',
        params: optionParams,
        body: terminateOptionBody,
        response: { 200: bookingLifecycle },
      },
    },
    async (request) => {
      const result = await deps.lifecycle.terminateOption(
        request.ctx(),
        request.actor!,
        request.params.id,
        request.params.optionId,
        request.body,
        await portal(request),
      );
      deps.mail.kick();
      return result;
    },
  );
}
