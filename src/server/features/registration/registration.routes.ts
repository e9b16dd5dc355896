import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isLocale } from '../../../shared/locales';
import { registrationBody, registrationResult, verifyEmailBody } from '../../../shared/schemas';
import { cookieOptions, SESSION_COOKIE } from '../../plugins/auth';
import { problems } from '../../problem';
import type { AuthService } from '../auth/auth.service';
import type { MailDispatcher } from '../mail/mail.dispatcher';
import { type RateLimiter, rateLimits } from '../rate-limit/rate-limit';
import type { Portal, RegistrationService } from './registration.service';

type Deps = {
  registration: RegistrationService;
  auth: AuthService;
  mail: MailDispatcher;
  rateLimiter: RateLimiter;
  publicUrl: string | undefined;
};

/** The tenant's portal as e-mails name and link it. */
export function portalOf(request: FastifyRequest, publicUrl: string | undefined): Portal {
  const t = request.tenant;
  return {
    name: t.name,
    baseUrl: publicUrl ? publicUrl.replace(/\/$/, '') : `${request.protocol}://${request.host}`,
    defaultLocale: isLocale(t.defaultLocale) ? t.defaultLocale : 'nl',
  };
}

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
          'Creates the account and its owner, records the acceptance of the current privacy policy, logs ' +
          'the new user in and sends a confirmation link. When the e-mail is already registered, nothing ' +
          'is created and nobody is logged in; that address is told by e-mail. 409 legal_version_outdated ' +
          'when privacyPolicyId is not the current version.',
        body: registrationBody,
        response: { 201: registrationResult },
      },
    },
    async (request, reply) => {
      const { name, email, password, privacyPolicyId, locale } = request.body;
      const ctx = request.ctx();
      await deps.rateLimiter.enforce(ctx, rateLimits.registrationPerIp, ctx.ip);
      const created = await deps.registration.register(
        ctx,
        { name, email, password, privacyPolicyId, locale },
        portalOf(request, deps.publicUrl),
      );
      deps.mail.kick();
      if (created) {
        const token = await deps.auth.startSession(
          ctx,
          'client',
          created.userId,
          request.headers['user-agent'],
          request.sessionToken,
        );
        reply.setCookie(SESSION_COOKIE, token, cookieOptions(request, true));
      }
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
        portalOf(request, deps.publicUrl),
      );
      if (sent) deps.mail.kick();
      return reply.code(202).send({ status: 'accepted' as const });
    },
  );
}
