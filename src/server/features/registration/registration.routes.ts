import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { registrationBody, registrationResult, verifyEmailBody } from '../../../shared/schemas';
import { problems } from '../../problem';
import type { EmailLinks } from '../mail/email-links';
import type { MailDispatcher } from '../mail/mail.dispatcher';
import { type RateLimiter, rateLimits } from '../rate-limit/rate-limit';
import type { RegistrationService } from './registration.service';

/**
 * A registration answers no sooner than this after it arrived, whether the address was new (more
 * inserts) or known (one e-mail): the duration must not tell which.
 */
export const REGISTRATION_ANSWER_MS = 300;

async function answerNotBefore(startedMs: number, minimumMs: number): Promise<void> {
  const wait = startedMs + minimumMs - performance.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}

type Deps = {
  registration: RegistrationService;
  registrationAnswerMs?: number;
  mail: MailDispatcher;
  rateLimiter: RateLimiter;
  emailLinks: EmailLinks;
};

export function registrationRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/client/register',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['client'],
        summary: 'Register a client account (free); answers the same whether or not the e-mail is known',
        description:
          'Creates the account and its owner, records the acceptance of the current privacy policy and ' +
          'sends a confirmation link; the new user logs in afterwards. When the e-mail is already ' +
          'registered, nothing is created and that address is told by e-mail. The answer, its cookies ' +
          'and its duration are the same in both cases. 409 legal_version_outdated ' +
          'when privacyPolicyId is not the current version.',
        body: registrationBody,
        response: { 201: registrationResult },
      },
    },
    async (request, reply) => {
      const started = performance.now();
      const { name, email, password, privacyPolicyId, locale } = request.body;
      const ctx = request.ctx();
      await deps.rateLimiter.enforce(ctx, rateLimits.registrationPerIp, ctx.ip);
      // New and known addresses get the same answer: no session for either (the new user logs in
      // after confirming), an e-mail to the address, and the same duration.
      await deps.registration.register(
        ctx,
        { name, email, password, privacyPolicyId, locale },
        await deps.emailLinks.emailPortal(request.tenant),
      );
      deps.mail.kick();
      await answerNotBefore(started, deps.registrationAnswerMs ?? REGISTRATION_ANSWER_MS);
      return reply.code(201).send({ status: 'verification_sent' as const });
    },
  );

  r.post(
    '/api/v1/client/verify-email',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['client'],
        summary: 'Confirm an e-mail address with the link token (single use, valid 48 hours)',
        body: verifyEmailBody,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await deps.registration.verifyEmail(request.ctx(), request.body.token);
      return reply.code(204).send(null);
    },
  );

  r.post(
    '/api/v1/client/verify-email/resend',
    {
      config: { permission: 'self.manage' },
      schema: {
        tags: ['client'],
        summary:
          'Send a new confirmation link to the logged-in user (nothing is sent when already confirmed)',
        response: { 202: z.object({ status: z.literal('accepted') }) },
      },
    },
    async (request, reply) => {
      if (!request.actor) throw problems.unauthorized();
      await deps.rateLimiter.enforce(
        request.ctx(),
        rateLimits.verificationResendPerUser,
        request.actor.userId,
      );
      const sent = await deps.registration.resendVerification(
        request.ctx(),
        request.actor,
        await deps.emailLinks.emailPortal(request.tenant),
      );
      if (sent) deps.mail.kick();
      return reply.code(202).send({ status: 'accepted' as const });
    },
  );
}
