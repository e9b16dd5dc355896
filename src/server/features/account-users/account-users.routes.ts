import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  accountUsersView,
  invitationAcceptBody,
  invitationBody,
  invitationLookupBody,
  invitationPreview,
  ownerBody,
  roleBody,
  sessionInfo,
} from '../../../shared/schemas';
import { setSessionCookies } from '../../plugins/auth';
import { problems } from '../../problem';
import type { AuthService } from '../auth/auth.service';
import type { EmailLinks } from '../mail/email-links';
import type { MailDispatcher } from '../mail/mail.dispatcher';
import { type RateLimiter, rateLimits } from '../rate-limit/rate-limit';
import type { AccountUsersService } from './account-users.service';

type Deps = {
  accountUsers: AccountUsersService;
  auth: AuthService;
  mail: MailDispatcher;
  rateLimiter: RateLimiter;
  emailLinks: EmailLinks;
  /** Answers the session after a login (shared with the login routes). */
  presentSession: (request: FastifyRequest) => Promise<z.infer<typeof sessionInfo>>;
};

const staffParams = z.object({ id: z.uuid() }).strict();
const staffInvitationParams = z.object({ id: z.uuid(), invitationId: z.uuid() }).strict();
const invitationParams = z.object({ invitationId: z.uuid() }).strict();
const userParams = z.object({ userId: z.uuid() }).strict();

/** The client account of the logged-in client user. */
function ownAccount(request: FastifyRequest) {
  const actor = request.actor;
  if (actor?.realm !== 'client') throw problems.unauthorized();
  return { actor, accountId: actor.accountId };
}

function staffActor(request: FastifyRequest) {
  const actor = request.actor;
  if (actor?.realm !== 'staff') throw problems.unauthorized();
  return actor;
}

export function accountUsersRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  // Invitation links are built from the portal's configured address; this is the only place that asks for it.
  // Links in invitations come from configuration (the operator's domain or PUBLIC_URL).
  const portal = (request: FastifyRequest) => deps.emailLinks.emailPortal(request.tenant);
  const limitInvitationMail = (request: FastifyRequest, accountId: string) =>
    deps.rateLimiter.enforce(request.ctx(), rateLimits.invitationsPerAccount, accountId);

  r.get(
    '/api/v1/client/account/users',
    {
      config: { permission: 'accountUser.view' },
      schema: {
        tags: ['account users'],
        summary: "The users and open invitations of the client's account, with abilities",
        response: { 200: accountUsersView },
      },
    },
    async (request) => {
      const { actor, accountId } = ownAccount(request);
      return deps.accountUsers.list(request.ctx(), actor, accountId);
    },
  );

  r.get(
    '/api/v1/staff/accounts/:id/users',
    {
      config: { permission: 'accountUser.view' },
      schema: {
        tags: ['account users'],
        summary: "A client account's users and open invitations",
        params: staffParams,
        response: { 200: accountUsersView },
      },
    },
    async (request) => deps.accountUsers.list(request.ctx(), staffActor(request), request.params.id),
  );

  r.post(
    '/api/v1/client/account/invitations',
    {
      config: { permission: 'accountUser.invite' },
      schema: {
        tags: ['account users'],
        summary: 'Invite a person by e-mail (single-use link, valid 7 days)',
        description:
          '409 email_in_use when the address already has a login in this portal, invitation_pending when ' +
          'it has an open invitation (send that one again), account_closed for a closed account; 429 beyond ' +
          'the invitation e-mails allowed per account and hour.',
        body: invitationBody,
        response: { 201: accountUsersView },
      },
    },
    async (request, reply) => {
      const { actor, accountId } = ownAccount(request);
      await limitInvitationMail(request, accountId);
      const result = await deps.accountUsers.invite(
        request.ctx(),
        actor,
        accountId,
        request.body,
        await portal(request),
      );
      deps.mail.kick();
      return reply.code(201).send(result);
    },
  );

  r.post(
    '/api/v1/client/account/invitations/:invitationId/resend',
    {
      config: { permission: 'accountUser.resendInvitation' },
      schema: {
        tags: ['account users'],
        summary: 'Send an open invitation again with a new link (the previous link stops working)',
        params: invitationParams,
        response: { 200: accountUsersView },
      },
    },
    async (request) => {
      const { actor, accountId } = ownAccount(request);
      await limitInvitationMail(request, accountId);
      const result = await deps.accountUsers.resend(
        request.ctx(),
        actor,
        accountId,
        request.params.invitationId,
        await portal(request),
      );
      deps.mail.kick();
      return result;
    },
  );

  r.post(
    '/api/v1/staff/accounts/:id/invitations/:invitationId/resend',
    {
      config: { permission: 'accountUser.resendInvitation' },
      schema: {
        tags: ['account users'],
        summary: "Send a client account's open invitation again with a new link",
        params: staffInvitationParams,
        response: { 200: accountUsersView },
      },
    },
    async (request) => {
      await limitInvitationMail(request, request.params.id);
      const result = await deps.accountUsers.resend(
        request.ctx(),
        staffActor(request),
        request.params.id,
        request.params.invitationId,
        await portal(request),
      );
      deps.mail.kick();
      return result;
    },
  );

  r.delete(
    '/api/v1/client/account/invitations/:invitationId',
    {
      config: { permission: 'accountUser.revokeInvitation' },
      schema: {
        tags: ['account users'],
        summary: 'Withdraw an open invitation (its link stops working)',
        params: invitationParams,
        response: { 200: accountUsersView },
      },
    },
    async (request) => {
      const { actor, accountId } = ownAccount(request);
      return deps.accountUsers.revoke(request.ctx(), actor, accountId, request.params.invitationId);
    },
  );

  r.patch(
    '/api/v1/client/account/users/:userId/role',
    {
      config: { permission: 'accountUser.changeRole' },
      schema: {
        tags: ['account users'],
        summary: "Set a user's role (member or admin)",
        description:
          '409 account_owner for the account owner, last_admin when the account would have no admin left, ' +
          'stale_version with the current list when the user changed meanwhile.',
        params: userParams,
        body: roleBody,
        response: { 200: accountUsersView },
      },
    },
    async (request) => {
      const { actor, accountId } = ownAccount(request);
      return deps.accountUsers.changeRole(
        request.ctx(),
        actor,
        accountId,
        request.params.userId,
        request.body,
      );
    },
  );

  r.delete(
    '/api/v1/client/account/users/:userId',
    {
      config: { permission: 'accountUser.remove' },
      schema: {
        tags: ['account users'],
        summary: 'Remove a user from the account (their login ends at once)',
        description: '409 account_owner for the account owner, last_admin for the last admin.',
        params: userParams,
        response: { 200: accountUsersView },
      },
    },
    async (request) => {
      const { actor, accountId } = ownAccount(request);
      return deps.accountUsers.remove(request.ctx(), actor, accountId, request.params.userId);
    },
  );

  r.put(
    '/api/v1/client/account/owner',
    {
      config: { permission: 'account.transferOwnership' },
      schema: {
        tags: ['account users'],
        summary: 'Hand account ownership to another admin of the account',
        body: ownerBody,
        response: { 200: accountUsersView },
      },
    },
    async (request) => {
      const { actor, accountId } = ownAccount(request);
      return deps.accountUsers.transferOwnership(request.ctx(), actor, accountId, request.body.userId);
    },
  );

  r.post(
    '/api/v1/invitations/preview',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['account users'],
        summary: 'What an invitation link is for (account, address, role), if it is still usable',
        description: '400 invitation_invalid, invitation_used, invitation_revoked or invitation_expired.',
        body: invitationLookupBody,
        response: { 200: invitationPreview },
      },
    },
    async (request) => deps.accountUsers.preview(request.ctx(), request.body.token),
  );

  r.post(
    '/api/v1/invitations/accept',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['account users'],
        summary: 'Accept an invitation: choose name and password, and be logged in',
        body: invitationAcceptBody,
        response: { 200: sessionInfo },
      },
    },
    async (request, reply) => {
      const ctx = request.ctx();
      const { userId } = await deps.accountUsers.accept(ctx, request.body);
      const token = await deps.auth.startSession(
        ctx,
        'client',
        userId,
        request.headers['user-agent'],
        request.sessionToken,
      );
      // The session's own CSRF token comes with it (bound to the session, renewed at every login).
      setSessionCookies(request, reply, token);
      const loaded = await deps.auth.loadSession(request.tenant.id, token, ctx.now);
      request.actor = loaded?.actor ?? null;
      return deps.presentSession(request);
    },
  );
}
