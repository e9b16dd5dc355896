import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  cancellationDeclarationBody,
  cancellationReceipt,
  cancellationReceiptQuery,
  incomingCancellation,
  incomingCancellationList,
  incomingCancellationsQuery,
  matchCancellationBody,
} from '../../../shared/schemas';
import type { LifecyclePortal } from '../booking-lifecycle/booking-lifecycle.service';
import type { EmailLinks } from '../mail/email-links';
import type { MailDispatcher } from '../mail/mail.dispatcher';
import { type RateLimiter, rateLimits } from '../rate-limit/rate-limit';
import type { CancellationButtonService } from './cancellation-button.service';

/**
 * A declaration answers no sooner than this after it arrived, whether it was matched to a booking
 * (a cancellation, two e-mails) or not (one e-mail): the duration must not tell which.
 */
export const DECLARATION_ANSWER_MS = 600;

async function answerNotBefore(startedMs: number, minimumMs: number): Promise<void> {
  const wait = startedMs + minimumMs - performance.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}

const idParams = z.object({ id: z.uuid() }).strict();

type Deps = {
  cancellations: CancellationButtonService;
  mail: Pick<MailDispatcher, 'kick'>;
  rateLimiter: RateLimiter;
  emailLinks: EmailLinks;
  answerMs?: number;
};

/** The §312k BGB cancellation button (public, no login) and the staff's incoming cancellations. */
export function cancellationButtonRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const portal = async (request: FastifyRequest): Promise<LifecyclePortal> => ({
    ...(await deps.emailLinks.emailPortal(request.tenant)),
    timeZone: request.tenant.timeZone,
    currency: request.tenant.currency,
  });

  r.post(
    '/api/v1/public/cancellations',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['public'],
        summary: 'Declare a cancellation with the cancellation button (§312k BGB); no login',
        description:
          'Stores the declaration as received (immutable) and sends the confirmation to confirmationEmail at once. ' +
          'When name, e-mail and a customer number in `contract` identify one account and one current booking, ' +
          'an ordinary cancellation cancels it at the earliest end (or the desired end when later) and the ' +
          'confirmation states the end; otherwise staff match it and the end follows. The answer, and its ' +
          'duration, are the same either way. Rate limited per IP; needs the CSRF token like every form.',
        body: cancellationDeclarationBody,
        response: { 201: cancellationReceipt },
      },
    },
    async (request, reply) => {
      const started = performance.now();
      const ctx = request.ctx();
      await deps.rateLimiter.enforce(ctx, rateLimits.cancellationPerIp, ctx.ip);
      const receipt = await deps.cancellations
        .declare(ctx, request.body, await portal(request))
        .finally(() => answerNotBefore(started, deps.answerMs ?? DECLARATION_ANSWER_MS));
      deps.mail.kick();
      return reply.code(201).header('cache-control', 'no-store').send(receipt);
    },
  );

  r.get(
    '/api/v1/public/cancellations/:id/receipt.pdf',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['public'],
        summary: 'The receipt of a declaration as PDF (with the receipt token of its answer)',
        description: 'An unknown declaration or a wrong token answers 404.',
        params: idParams,
        querystring: cancellationReceiptQuery,
      },
    },
    async (request, reply) => {
      const file = await deps.cancellations.receiptPdf(
        request.ctx(),
        request.params.id,
        request.query.token,
        await portal(request),
      );
      return reply
        .type('application/pdf')
        .header('cache-control', 'private, no-store')
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .send(file.pdf);
    },
  );

  r.get(
    '/api/v1/staff/cancellation-declarations',
    {
      config: { permission: 'cancellation.match' },
      schema: {
        tags: ['accounts'],
        summary: 'Declarations of the cancellation button: incoming (not matched yet), matched or all',
        querystring: incomingCancellationsQuery,
        response: { 200: incomingCancellationList },
      },
    },
    async (request) => ({ items: await deps.cancellations.list(request.ctx(), request.query.status) }),
  );

  r.post(
    '/api/v1/staff/cancellation-declarations/:id/match',
    {
      config: { permission: 'cancellation.match' },
      schema: {
        tags: ['accounts'],
        summary: 'Match a declaration to a booking: cancels it and sends the confirmation with the end',
        description:
          'The end is the earliest for a cancellation received on the declaration’s day, or its desired end when ' +
          'later. 409 already_matched, or the booking’s refusal (already cancelled, ended, change scheduled).',
        params: idParams,
        body: matchCancellationBody,
        response: { 200: incomingCancellation },
      },
    },
    async (request) => {
      const result = await deps.cancellations.match(
        request.ctx(),
        request.actor!,
        request.params.id,
        request.body.bookingId,
        await portal(request),
      );
      deps.mail.kick();
      return result;
    },
  );
}
