import { isLocale, type Locale } from '../../../shared/locales';
import type { Actor } from '../../../shared/permissions';
import type { AccountUsersView, InvitationPreview } from '../../../shared/schemas';
import type { RequestContext } from '../../context';
import type { Database, Queryable } from '../../db/client';
import { HttpProblem, problems } from '../../problem';
import { accountsRepository } from '../accounts/accounts.repository';
import { recordAudit } from '../audit/audit.repository';
import { authRepository } from '../auth/auth.repository';
import { hashPassword } from '../auth/password';
import { hashToken, newToken } from '../auth/tokens';
import { enqueueEmail } from '../mail/mail.repository';
import { mailTemplates } from '../mail/mail.templates';
import { isUniqueViolation, registrationRepository } from '../registration/registration.repository';
import type { Portal } from '../registration/registration.service';
import { presentAccountUsers, userAuditView } from './account-users.presenter';
import { type InvitationRow, accountUsersRepository as repo } from './account-users.repository';

export const INVITATION_VALID_DAYS = 7;

/** The one place that builds the link of an invitation e-mail. */
export function invitationLink(portal: Portal, token: string): string {
  return `${portal.baseUrl}/invitation?token=${encodeURIComponent(token)}`;
}

const refused = (code: string, title: string, field?: string) =>
  problems.conflict(code, title, field ? { errors: [{ field, message: title, code }] } : {});

export const userProblems = {
  accountOwner: () =>
    refused(
      'account_owner',
      'The account owner cannot be demoted or removed. Hand ownership to another admin first.',
    ),
  lastAdmin: () => refused('last_admin', 'The account needs at least one admin'),
  notAdmin: () => refused('not_admin', 'Only an admin can become the account owner', 'userId'),
  alreadyOwner: () => refused('already_owner', 'This user is the account owner already', 'userId'),
  emailInUse: () =>
    refused('email_in_use', 'This e-mail address already has a login in this portal', 'email'),
  invitationPending: () =>
    refused(
      'invitation_pending',
      'This address has an open invitation already; send it again instead',
      'email',
    ),
  invitationClosed: () => refused('invitation_closed', 'This invitation has been accepted or withdrawn'),
};

export const invitationProblems = {
  invalid: () => problems.badRequest('invitation_invalid', 'This invitation link is not valid'),
  used: () => problems.badRequest('invitation_used', 'This invitation has already been accepted'),
  revoked: () => problems.badRequest('invitation_revoked', 'This invitation has been withdrawn'),
  expired: () =>
    problems.badRequest(
      'invitation_expired',
      'This invitation has expired. Ask the account admin for a new one.',
    ),
};

type Tx = Queryable;

export function createAccountUsersService(db: Database) {
  /** The account of the request: a client reaches only their own, staff any of the tenant. */
  async function loadAccount(tx: Tx, ctx: RequestContext, actor: Actor, accountId: string, lock: boolean) {
    if (actor.realm === 'client' && actor.accountId !== accountId) throw problems.notFound('Account');
    const account = lock
      ? await repo.lockAccount(tx, ctx.tenantId, accountId)
      : await accountsRepository.find(tx, ctx.tenantId, accountId);
    if (!account) throw problems.notFound('Account');
    return account;
  }

  async function view(
    tx: Tx,
    ctx: RequestContext,
    actor: Actor,
    account: { id: string; closedAt: Date | null },
  ) {
    const users = await repo.activeUsers(tx, ctx.tenantId, account.id);
    const invitations = await repo.openInvitations(tx, ctx.tenantId, account.id);
    return presentAccountUsers(actor, account, users, invitations, ctx.now);
  }

  function assertOpen(account: { closedAt: Date | null }) {
    if (account.closedAt) throw problems.accountClosed();
  }

  /** The e-mail's language: the invitation's, else the account's documents', else the owner's, else the operator's. */
  async function invitationLocale(
    tx: Tx,
    ctx: RequestContext,
    inv: InvitationRow,
    account: { documentLocale: string | null },
    portal: Portal,
  ): Promise<Locale> {
    if (isLocale(inv.locale)) return inv.locale;
    if (isLocale(account.documentLocale)) return account.documentLocale;
    const owner = (await repo.activeUsers(tx, ctx.tenantId, inv.accountId)).find((u) => u.isAccountOwner);
    return isLocale(owner?.locale) ? owner.locale : portal.defaultLocale;
  }

  async function inviterName(tx: Tx, ctx: RequestContext, actor: Actor): Promise<string> {
    if (actor.realm === 'staff')
      return (await authRepository.findStaffUser(tx, ctx.tenantId, actor.userId))?.name ?? '';
    return (await authRepository.findClientUser(tx, ctx.tenantId, actor.userId))?.name ?? '';
  }

  async function sendInvitation(
    tx: Tx,
    ctx: RequestContext,
    actor: Actor,
    inv: InvitationRow,
    account: { name: string; documentLocale: string | null },
    token: string,
    portal: Portal,
  ) {
    const locale = await invitationLocale(tx, ctx, inv, account, portal);
    const msg = mailTemplates.invitation(locale, {
      account: account.name,
      inviter: await inviterName(tx, ctx, actor),
      portal: portal.name,
      link: invitationLink(portal, token),
      validDays: INVITATION_VALID_DAYS,
      role: inv.role,
    });
    await enqueueEmail(tx, { tenantId: ctx.tenantId, to: inv.email, ...msg, now: ctx.now });
  }

  const expiry = (now: Date) => new Date(now.getTime() + INVITATION_VALID_DAYS * 86_400_000);

  async function list(ctx: RequestContext, actor: Actor, accountId: string): Promise<AccountUsersView> {
    return db.tenant(ctx.tenantId, async (tx) => {
      const account = await loadAccount(tx, ctx, actor, accountId, false);
      return view(tx, ctx, actor, account);
    });
  }

  async function invite(
    ctx: RequestContext,
    actor: Actor,
    accountId: string,
    input: { email: string; role: 'member' | 'admin'; locale?: Locale | undefined },
    portal: Portal,
  ): Promise<AccountUsersView> {
    const attempt = () =>
      db.tenant(ctx.tenantId, async (tx) => {
        const account = await loadAccount(tx, ctx, actor, accountId, true);
        assertOpen(account);
        if (await registrationRepository.findClientUserByEmail(tx, ctx.tenantId, input.email))
          throw userProblems.emailInUse();
        const open = await repo.findOpenInvitationByEmail(tx, ctx.tenantId, input.email);
        if (open) {
          // An expired invitation of this account makes way for the new one; anything else is refused.
          if (open.accountId !== accountId) throw userProblems.emailInUse();
          if (ctx.now < open.expiresAt) throw userProblems.invitationPending();
          await repo.updateInvitation(tx, ctx.tenantId, open.id, { revokedAt: ctx.now });
        }
        const token = newToken();
        const inv = await repo.insertInvitation(tx, {
          tenantId: ctx.tenantId,
          accountId,
          email: input.email,
          role: input.role,
          locale: input.locale ?? null,
          tokenHash: hashToken(token),
          invitedByType: actor.realm,
          invitedById: actor.userId,
          createdAt: ctx.now,
          sentAt: ctx.now,
          expiresAt: expiry(ctx.now),
        });
        await sendInvitation(tx, ctx, actor, inv, account, token, portal);
        await recordAudit(tx, ctx, {
          action: 'account.user_invited',
          entityType: 'client_invitation',
          entityId: inv.id,
          accountId,
          after: { email: inv.email, role: inv.role, expiresAt: inv.expiresAt.toISOString() },
        });
        return view(tx, ctx, actor, account);
      });
    try {
      return await attempt();
    } catch (error) {
      // Two invitations of one address at once: the second meets the first's open invitation.
      if (!(error instanceof HttpProblem) && isUniqueViolation(error, 'client_invitations_open_email'))
        throw userProblems.invitationPending();
      throw error;
    }
  }

  async function openInvitation(tx: Tx, ctx: RequestContext, accountId: string, invitationId: string) {
    const inv = await repo.findInvitation(tx, ctx.tenantId, accountId, invitationId);
    if (!inv) throw problems.notFound('Invitation');
    if (inv.acceptedAt || inv.revokedAt) throw userProblems.invitationClosed();
    return inv;
  }

  /** Sends a fresh link (valid another 7 days); the previous link stops working. */
  async function resend(
    ctx: RequestContext,
    actor: Actor,
    accountId: string,
    invitationId: string,
    portal: Portal,
  ): Promise<AccountUsersView> {
    return db.tenant(ctx.tenantId, async (tx) => {
      const account = await loadAccount(tx, ctx, actor, accountId, true);
      assertOpen(account);
      const inv = await openInvitation(tx, ctx, accountId, invitationId);
      const token = newToken();
      const updated = await repo.updateInvitation(tx, ctx.tenantId, inv.id, {
        tokenHash: hashToken(token),
        sentAt: ctx.now,
        expiresAt: expiry(ctx.now),
      });
      if (!updated) throw problems.notFound('Invitation');
      await sendInvitation(tx, ctx, actor, updated, account, token, portal);
      await recordAudit(tx, ctx, {
        action: 'account.invitation_resent',
        entityType: 'client_invitation',
        entityId: inv.id,
        accountId,
        before: { expiresAt: inv.expiresAt.toISOString() },
        after: { email: inv.email, expiresAt: updated.expiresAt.toISOString() },
      });
      return view(tx, ctx, actor, account);
    });
  }

  async function revoke(ctx: RequestContext, actor: Actor, accountId: string, invitationId: string) {
    return db.tenant(ctx.tenantId, async (tx) => {
      const account = await loadAccount(tx, ctx, actor, accountId, true);
      assertOpen(account);
      const inv = await openInvitation(tx, ctx, accountId, invitationId);
      await repo.updateInvitation(tx, ctx.tenantId, inv.id, { revokedAt: ctx.now });
      await recordAudit(tx, ctx, {
        action: 'account.invitation_revoked',
        entityType: 'client_invitation',
        entityId: inv.id,
        accountId,
        before: { email: inv.email, role: inv.role },
      });
      return view(tx, ctx, actor, account);
    });
  }

  async function activeUser(tx: Tx, ctx: RequestContext, accountId: string, userId: string) {
    const users = await repo.activeUsers(tx, ctx.tenantId, accountId);
    const user = users.find((u) => u.id === userId);
    if (!user) throw problems.notFound('User');
    return { user, adminCount: users.filter((u) => u.role === 'admin').length };
  }

  async function changeRole(
    ctx: RequestContext,
    actor: Actor,
    accountId: string,
    userId: string,
    input: { role: 'member' | 'admin'; version: number },
  ): Promise<AccountUsersView> {
    return db.tenant(ctx.tenantId, async (tx) => {
      const account = await loadAccount(tx, ctx, actor, accountId, true);
      assertOpen(account);
      const { user, adminCount } = await activeUser(tx, ctx, accountId, userId);
      if (user.version !== input.version) throw problems.staleVersion(await view(tx, ctx, actor, account));
      if (user.role === input.role) return view(tx, ctx, actor, account);
      if (input.role === 'member') {
        if (adminCount <= 1) throw userProblems.lastAdmin();
        if (user.isAccountOwner) throw userProblems.accountOwner();
      }
      const updated = await repo.updateUser(tx, ctx.tenantId, accountId, userId, { role: input.role });
      if (!updated) throw problems.notFound('User');
      await recordAudit(tx, ctx, {
        action: 'account.user_role_changed',
        entityType: 'client_user',
        entityId: userId,
        accountId,
        before: userAuditView(user),
        after: userAuditView(updated),
      });
      return view(tx, ctx, actor, account);
    });
  }

  /**
   * Removes a user from the account: their login ends at once (sessions, links), their e-mail
   * address and password are erased; the name stays for the account's history (ADR 0009).
   */
  async function remove(ctx: RequestContext, actor: Actor, accountId: string, userId: string) {
    return db.tenant(ctx.tenantId, async (tx) => {
      const account = await loadAccount(tx, ctx, actor, accountId, true);
      assertOpen(account);
      const { user, adminCount } = await activeUser(tx, ctx, accountId, userId);
      if (user.role === 'admin' && adminCount <= 1) throw userProblems.lastAdmin();
      if (user.isAccountOwner) throw userProblems.accountOwner();
      await repo.updateUser(tx, ctx.tenantId, accountId, userId, {
        disabledAt: ctx.now,
        email: `removed-${user.id}@removed.invalid`,
        passwordHash: null,
      });
      await authRepository.deleteSessionsOfUser(tx, ctx.tenantId, 'client', userId);
      await repo.deleteTokensOfUser(tx, ctx.tenantId, userId);
      await recordAudit(tx, ctx, {
        action: 'account.user_removed',
        entityType: 'client_user',
        entityId: userId,
        accountId,
        before: userAuditView(user),
      });
      return view(tx, ctx, actor, account);
    });
  }

  /** The account owner hands ownership to another admin of the account and stays an admin. */
  async function transferOwnership(ctx: RequestContext, actor: Actor, accountId: string, userId: string) {
    return db.tenant(ctx.tenantId, async (tx) => {
      const account = await loadAccount(tx, ctx, actor, accountId, true);
      assertOpen(account);
      const users = await repo.activeUsers(tx, ctx.tenantId, accountId);
      const owner = users.find((u) => u.isAccountOwner);
      // Read under the account lock: whoever handed ownership over a moment ago is no longer the owner.
      if (!owner || owner.id !== actor.userId)
        throw problems.forbidden('Only the account owner can hand over ownership');
      const target = users.find((u) => u.id === userId);
      if (!target) throw problems.notFound('User');
      if (target.isAccountOwner) throw userProblems.alreadyOwner();
      if (target.role !== 'admin') throw userProblems.notAdmin();
      await repo.updateUser(tx, ctx.tenantId, accountId, owner.id, { isAccountOwner: false });
      const updated = await repo.updateUser(tx, ctx.tenantId, accountId, target.id, { isAccountOwner: true });
      if (!updated) throw problems.notFound('User');
      await recordAudit(tx, ctx, {
        action: 'account.ownership_transferred',
        entityType: 'account',
        entityId: accountId,
        accountId,
        before: { ownerId: owner.id, ownerName: owner.name },
        after: { ownerId: target.id, ownerName: target.name },
      });
      // The actor is no longer the owner: present the list as they will see it from now on.
      const nextActor: Actor = actor.realm === 'client' ? { ...actor, isAccountOwner: false } : actor;
      return view(tx, ctx, nextActor, account);
    });
  }

  async function findUsableInvitation(tx: Tx, ctx: RequestContext, token: string, lock: boolean) {
    const inv = await repo.findInvitationByToken(tx, ctx.tenantId, hashToken(token), { forUpdate: lock });
    if (!inv) throw invitationProblems.invalid();
    if (inv.acceptedAt) throw invitationProblems.used();
    if (inv.revokedAt) throw invitationProblems.revoked();
    if (ctx.now >= inv.expiresAt) throw invitationProblems.expired();
    const account = await repo.lockAccount(tx, ctx.tenantId, inv.accountId);
    if (!account || account.closedAt) throw invitationProblems.invalid();
    return { inv, account };
  }

  /** What the acceptance page shows before the invitee chooses a name and password. */
  async function preview(ctx: RequestContext, token: string): Promise<InvitationPreview> {
    return db.tenant(ctx.tenantId, async (tx) => {
      const { inv, account } = await findUsableInvitation(tx, ctx, token, false);
      return {
        accountName: account.name,
        email: inv.email,
        role: inv.role,
        locale: isLocale(inv.locale) ? inv.locale : null,
        expiresAt: inv.expiresAt.toISOString(),
      };
    });
  }

  /** Accepts an invitation: creates the user (address confirmed by the link) and returns its id. */
  async function accept(
    ctx: RequestContext,
    input: { token: string; name: string; password: string },
  ): Promise<{ userId: string }> {
    const passwordHash = await hashPassword(input.password);
    try {
      return await db.tenant(ctx.tenantId, async (tx) => {
        const { inv } = await findUsableInvitation(tx, ctx, input.token, true);
        if (await registrationRepository.findClientUserByEmail(tx, ctx.tenantId, inv.email))
          throw userProblems.emailInUse();
        const user = await registrationRepository.insertClientUser(tx, {
          tenantId: ctx.tenantId,
          accountId: inv.accountId,
          email: inv.email,
          name: input.name,
          passwordHash,
          role: inv.role,
          isAccountOwner: false,
          locale: inv.locale,
          emailVerifiedAt: ctx.now,
          createdAt: ctx.now,
        });
        await repo.updateInvitation(tx, ctx.tenantId, inv.id, {
          acceptedAt: ctx.now,
          acceptedUserId: user.id,
        });
        const joined: RequestContext = {
          ...ctx,
          actor: {
            realm: 'client',
            userId: user.id,
            accountId: inv.accountId,
            role: inv.role,
            isAccountOwner: false,
          },
        };
        await recordAudit(tx, joined, {
          action: 'account.user_joined',
          entityType: 'client_user',
          entityId: user.id,
          accountId: inv.accountId,
          after: userAuditView(user),
        });
        return { userId: user.id };
      });
    } catch (error) {
      if (!(error instanceof HttpProblem) && isUniqueViolation(error, 'client_users_email'))
        throw userProblems.emailInUse();
      throw error;
    }
  }

  return { list, invite, resend, revoke, changeRole, remove, transferOwnership, preview, accept };
}

export type AccountUsersService = ReturnType<typeof createAccountUsersService>;
