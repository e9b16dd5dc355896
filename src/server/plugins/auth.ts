import { createHash } from 'node:crypto';
import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Action, Actor } from '../../shared/permissions';
import { can } from '../../shared/permissions';
import type { Clock } from '../clock';
import type { RequestContext } from '../context';
import type { Database } from '../db/client';
import type { AuthService, SessionUser } from '../features/auth/auth.service';
import { newToken, safeEqual } from '../features/auth/tokens';
import { HttpProblem, problems } from '../problem';

export const SESSION_COOKIE = 'kontor_session';
export const CSRF_COOKIE = 'kontor_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export type Permission = Action | 'public';
export type RouteAction = { method: string; url: string; permission: Permission };

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The action of the permission matrix this route performs, or 'public'. Required on every API route. */
    permission?: Permission;
  }
  interface FastifyRequest {
    actor: Actor | null;
    sessionToken: string | undefined;
    /** The session's user as read with the session (the session view uses it; no extra query). */
    sessionUser: SessionUser | undefined;
    ctx(): RequestContext;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Routes served by plugins (API docs) that need no declaration. */
const UNDECLARED_OK = [/^\/api\/docs(\/|$)/, /^\/api\/openapi\.json$/];

/** Realm a route belongs to, from its path. */
function realmOf(url: string): 'staff' | 'client' | null {
  if (url.startsWith('/api/v1/staff/')) return 'staff';
  if (url.startsWith('/api/v1/client/')) return 'client';
  return null;
}

function isApi(url: string) {
  return url.startsWith('/api/') || url === '/health' || url === '/ready';
}

export function cookieOptions(request: FastifyRequest, httpOnly: boolean) {
  return { path: '/', httpOnly, sameSite: 'lax' as const, secure: request.protocol === 'https' };
}

/**
 * The CSRF token of a session: derived from the session token (which only the HttpOnly cookie
 * holds), so it is bound to the session, changes with every login and cannot be chosen by
 * another site that plants cookies.
 */
export function csrfTokenOf(sessionToken: string): string {
  return createHash('sha256').update(`kontor-csrf:${sessionToken}`).digest('base64url');
}

/** Starts the browser's new session: the session cookie and its CSRF token (rotated at login). */
export function setSessionCookies(request: FastifyRequest, reply: FastifyReply, sessionToken: string) {
  reply.setCookie(SESSION_COOKIE, sessionToken, cookieOptions(request, true));
  reply.setCookie(CSRF_COOKIE, csrfTokenOf(sessionToken), cookieOptions(request, false));
  request.sessionToken = sessionToken;
}

/** Ends the browser's session: no session cookie, a fresh anonymous CSRF token. */
export function clearSessionCookies(request: FastifyRequest, reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
  reply.setCookie(CSRF_COOKIE, newToken(), cookieOptions(request, false));
  request.sessionToken = undefined;
}

/**
 * Deny by default: every API route declares its permission (the app refuses to build otherwise);
 * sessions are loaded from the cookie; state-changing requests need the CSRF token; the policy is
 * checked before the body is validated and before any handler runs. The session is read in the
 * request's one transaction (ADR 0016), after the body has arrived, so a slow sender never holds a
 * database connection.
 */
export function registerAuth(
  app: FastifyInstance,
  deps: { auth: AuthService; clock: Clock; db: Database },
  routeTable: RouteAction[],
) {
  app.addHook('onRoute', (route) => {
    if (!isApi(route.url) || UNDECLARED_OK.some((r) => r.test(route.url))) return;
    const permission = route.config?.permission;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!permission) {
      throw new Error(`Route ${methods.join(',')} ${route.url} declares no permission (config.permission)`);
    }
    for (const m of methods) if (m !== 'HEAD') routeTable.push({ method: m, url: route.url, permission });
  });

  app.decorateRequest('actor', null);
  app.decorateRequest('sessionToken', undefined);
  app.decorateRequest('sessionUser', undefined);
  app.decorateRequest('ctx', function (this: FastifyRequest): RequestContext {
    const now = deps.clock.now();
    return {
      tenantId: this.tenant.id,
      actor: this.actor,
      requestId: this.id,
      ip: this.ip,
      now,
      today: deps.clock.today(this.tenant.timeZone),
    };
  });

  app.addHook('preValidation', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.url.startsWith('/api/v1/')) return;

    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      // No cache: every request reads its session and user, so a logout or a disabled user is
      // refused at once.
      const rt = await deps.db.openRequest(request.tenant.id);
      request.requestTransaction = rt;
      // However the exchange ends (answered, aborted by the client, timed out), the connection is
      // given back: a request that never reaches onSend must not keep it.
      const release = () => {
        if (rt.state === 'open') rt.finish(true).catch(() => {});
      };
      if (request.raw.destroyed || reply.raw.destroyed) release();
      else reply.raw.once('close', release);
      let loaded: Awaited<ReturnType<AuthService['loadSessionIn']>>;
      try {
        loaded = await deps.auth.loadSessionIn(rt.tx, request.tenant.id, token, deps.clock.now());
      } catch (error) {
        await rt.finish(false).catch(() => {});
        throw error;
      }
      if (loaded) {
        request.sessionToken = token;
        request.actor = loaded.actor;
        request.sessionUser = loaded.user;
      } else {
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        // Nothing of this request runs as anyone: do not keep the connection for it.
        await rt.finish(true);
      }
    }

    // CSRF: the token is readable by the page (not HttpOnly) and must be echoed in a header, which
    // another site cannot do. With a session it must be the session's own token; without one, a
    // random double-submit token (there is no session to ride on).
    const csrfCookie = request.cookies[CSRF_COOKIE];
    const expected = request.sessionToken ? csrfTokenOf(request.sessionToken) : csrfCookie;
    if (!expected || csrfCookie !== expected)
      reply.setCookie(CSRF_COOKIE, expected ?? newToken(), cookieOptions(request, false));
    if (!SAFE_METHODS.has(request.method)) {
      const header = request.headers[CSRF_HEADER];
      if (!expected || typeof header !== 'string' || !safeEqual(header, expected)) {
        throw new HttpProblem(403, 'csrf_failed', 'The request lacks a valid CSRF token', {
          detail: `Send the value of the ${CSRF_COOKIE} cookie in the ${CSRF_HEADER} header.`,
        });
      }
    }

    const permission = request.routeOptions.config.permission;
    if (!permission || permission === 'public') return;
    const realm = realmOf(request.routeOptions.url ?? request.url);
    const actor = request.actor;
    if (!actor || (realm && actor.realm !== realm)) throw problems.unauthorized();
    if (!can(actor, permission))
      throw problems.forbidden(`Action ${permission} is not allowed for your level`);
  });
}
