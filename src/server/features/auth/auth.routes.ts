import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isLocale, localeFromAcceptLanguage } from '../../../shared/locales';
import { actions, can } from '../../../shared/permissions';
import {
  loginBody,
  passwordResetConfirmBody,
  passwordResetRequestBody,
  preferencesBody,
  type Realm,
  type SessionInfo,
  sessionInfo,
} from '../../../shared/schemas';
import type { Clock } from '../../clock';
import type { Database } from '../../db/client';
import { clearSessionCookies, setSessionCookies } from '../../plugins/auth';
import { problems } from '../../problem';
import type { EmailLinks } from '../mail/email-links';
import type { MailDispatcher } from '../mail/mail.dispatcher';
import { type RateLimiter, rateLimits } from '../rate-limit/rate-limit';
import { authRepository, type ClientUserRow, type StaffUserRow } from './auth.repository';
import type { AuthService, SessionUser } from './auth.service';

type Deps = {
  db: Database;
  auth: AuthService;
  clock: Clock;
  mail: MailDispatcher;
  rateLimiter: RateLimiter;
  emailLinks: EmailLinks;
};

/** The session as the web app sees it: tenant, today, the user of either realm and their abilities. */
export async function presentSession(
  request: FastifyRequest,
  deps: Pick<Deps, 'db' | 'clock'>,
): Promise<SessionInfo> {
  const t = request.tenant;
  const actor = request.actor;
  const base: SessionInfo = {
    tenant: {
      id: t.id,
      name: t.name,
      defaultLocale: isLocale(t.defaultLocale) ? t.defaultLocale : 'nl',
      timeZone: t.timeZone,
      currency: t.currency,
    },
    today: deps.clock.today(t.timeZone),
    realm: actor?.realm ?? null,
    staff: null,
    client: null,
    abilities: actor ? Object.fromEntries(actions.map((a) => [a, can(actor, a)])) : {},
  };
  if (!actor) return base;
  // The user as read with the session in this request (ADR 0016), else read now.
  const known = request.sessionUser;
  const u: Partial<SessionUser> | undefined =
    known && known.realm === actor.realm && known.id === actor.userId
      ? known
      : await deps.db.tenant(
          t.id,
          async (tx): Promise<Partial<SessionUser> | undefined> =>
            actor.realm === 'staff'
              ? authRepository.findStaffUser(tx, t.id, actor.userId)
              : authRepository.findClientUser(tx, t.id, actor.userId),
        );
  if (!u?.id) return base;
  if (actor.realm === 'staff') {
    const s = u as StaffView;
    return {
      ...base,
      staff: {
        id: s.id,
        name: s.name,
        email: s.email,
        level: s.level,
        locale: isLocale(s.locale) ? s.locale : null,
      },
    };
  }
  const c = u as ClientView;
  return {
    ...base,
    client: {
      id: c.id,
      name: c.name,
      email: c.email,
      role: c.role,
      isAccountOwner: c.isAccountOwner,
      accountId: c.accountId,
      locale: isLocale(c.locale) ? c.locale : null,
      emailVerified: c.emailVerifiedAt !== null,
    },
  };
}

type StaffView = Pick<StaffUserRow, 'id' | 'name' | 'email' | 'level' | 'locale'>;
type ClientView = Pick<
  ClientUserRow,
  'id' | 'name' | 'email' | 'role' | 'isAccountOwner' | 'accountId' | 'locale' | 'emailVerifiedAt'
>;

export function authRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/session',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['session'],
        summary: 'The current session, tenant and abilities',
        response: { 200: sessionInfo },
      },
    },
    async (request) => presentSession(request, deps),
  );

  const login =
    (realm: Realm) =>
    async (request: FastifyRequest<{ Body: z.infer<typeof loginBody> }>, reply: FastifyReply) => {
      const { email, password } = request.body;
      const { token } = await deps.auth.login(
        request.ctx(),
        realm,
        email,
        password,
        request.headers['user-agent'],
        request.sessionToken,
      );
      setSessionCookies(request, reply, token);
      const loaded = await deps.auth.loadSession(request.tenant.id, token, deps.clock.now());
      request.actor = loaded?.actor ?? null;
      request.sessionUser = loaded?.user;
      return presentSession(request, deps);
    };

  for (const realm of ['staff', 'client'] as const) {
    r.post(
      `/api/v1/${realm}/login`,
      {
        config: { permission: 'public' },
        schema: {
          tags: ['session'],
          summary: `Log in as ${realm === 'staff' ? 'a staff user' : 'a client user'}`,
          body: loginBody,
          response: { 200: sessionInfo },
        },
      },
      login(realm),
    );
  }

  r.post(
    '/api/v1/logout',
    {
      config: { permission: 'public' },
      schema: { tags: ['session'], summary: 'End the session', response: { 204: z.null() } },
    },
    async (request, reply) => {
      if (request.sessionToken) await deps.auth.logout(request.tenant.id, request.sessionToken);
      clearSessionCookies(request, reply);
      return reply.code(204).send(null);
    },
  );

  r.post(
    '/api/v1/password-reset/request',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['session'],
        summary: 'Send a password reset link (answers the same whether or not the e-mail is known)',
        body: passwordResetRequestBody,
        response: { 202: z.object({ status: z.literal('accepted') }) },
      },
    },
    async (request, reply) => {
      const t = request.tenant;
      const ctx = request.ctx();
      await deps.rateLimiter.enforce(ctx, rateLimits.passwordResetPerIp, ctx.ip);
      // Per address the answer stays the same (it must not tell whether the address is known);
      // beyond the limit nothing more is sent to that address.
      const email = request.body.email.toLowerCase();
      if (
        !(await deps.rateLimiter.allow(
          ctx,
          rateLimits.passwordResetPerEmail,
          `${request.body.realm}:${email}`,
        ))
      ) {
        request.log.warn(
          { realm: request.body.realm },
          'password reset requests for one address over the limit',
        );
        return reply.code(202).send({ status: 'accepted' as const });
      }
      const sent = await deps.auth.requestPasswordReset(
        ctx,
        request.body.realm,
        request.body.email,
        await deps.emailLinks.emailPortal(t),
        localeFromAcceptLanguage(request.headers['accept-language']),
      );
      if (sent) deps.mail.kick();
      return reply.code(202).send({ status: 'accepted' as const });
    },
  );

  r.post(
    '/api/v1/password-reset/confirm',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['session'],
        summary: 'Set a new password with a reset token (single use, expiring)',
        body: passwordResetConfirmBody,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await deps.auth.confirmPasswordReset(request.ctx(), request.body.token, request.body.password);
      return reply.code(204).send(null);
    },
  );

  r.put(
    '/api/v1/me/preferences',
    {
      config: { permission: 'self.manage' },
      schema: {
        tags: ['session'],
        summary: 'Remember the language of the logged-in user',
        body: preferencesBody,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      if (!request.actor) throw problems.unauthorized();
      await deps.auth.setLocale(request.ctx(), request.actor, request.body.locale);
      return reply.code(204).send(null);
    },
  );
}
