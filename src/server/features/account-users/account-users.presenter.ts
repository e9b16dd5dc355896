import { type Action, type Actor, can } from '../../../shared/permissions';
import type { AccountUserDto, AccountUsersView, InvitationDto, UserRefusal } from '../../../shared/schemas';
import type { ClientUserRow } from '../auth/auth.repository';
import type { InvitationRow } from './account-users.repository';

type AccountState = { id: string; closedAt: Date | null };

/**
 * Abilities with the reason when the account's state refuses what the matrix allows: the matrix
 * says who, the state rule says when; the UI shows both and never re-derives either.
 */
function decide(
  actor: Actor,
  account: AccountState,
  checks: [Action, UserRefusal | null][],
): { abilities: Record<string, boolean>; refusals: Record<string, UserRefusal> } {
  const abilities: Record<string, boolean> = {};
  const refusals: Record<string, UserRefusal> = {};
  for (const [action, stateRefusal] of checks) {
    const refusal = account.closedAt ? 'account_closed' : stateRefusal;
    const allowed = can(actor, action);
    abilities[action] = allowed && refusal === null;
    if (allowed && refusal) refusals[action] = refusal;
  }
  return { abilities, refusals };
}

export function presentAccountUser(
  actor: Actor,
  account: AccountState,
  user: ClientUserRow,
  adminCount: number,
): AccountUserDto {
  const isLastAdmin = user.role === 'admin' && adminCount <= 1;
  const { abilities, refusals } = decide(actor, account, [
    ['accountUser.changeRole', isLastAdmin ? 'last_admin' : user.isAccountOwner ? 'account_owner' : null],
    ['accountUser.remove', isLastAdmin ? 'last_admin' : user.isAccountOwner ? 'account_owner' : null],
    [
      'account.transferOwnership',
      user.isAccountOwner ? 'already_owner' : user.role !== 'admin' ? 'not_admin' : null,
    ],
  ]);
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    isAccountOwner: user.isAccountOwner,
    isYou: actor.realm === 'client' && actor.userId === user.id,
    createdAt: user.createdAt.toISOString(),
    version: user.version,
    abilities,
    refusals,
  };
}

export function presentInvitation(
  actor: Actor,
  account: AccountState,
  row: InvitationRow,
  now: Date,
): InvitationDto {
  const { abilities } = decide(actor, account, [
    ['accountUser.resendInvitation', null],
    ['accountUser.revokeInvitation', null],
  ]);
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    locale: row.locale,
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    isExpired: now >= row.expiresAt,
    abilities,
  };
}

export function presentAccountUsers(
  actor: Actor,
  account: AccountState,
  users: ClientUserRow[],
  invitations: InvitationRow[],
  now: Date,
): AccountUsersView {
  const adminCount = users.filter((u) => u.role === 'admin').length;
  const { abilities, refusals } = decide(actor, account, [['accountUser.invite', null]]);
  abilities['accountUser.view'] = can(actor, 'accountUser.view');
  return {
    accountId: account.id,
    isClosed: account.closedAt !== null,
    users: users.map((u) => presentAccountUser(actor, account, u, adminCount)),
    invitations: invitations.map((i) => presentInvitation(actor, account, i, now)),
    abilities,
    refusals,
  };
}

/** What the audit log records about a user (no password hash, no tokens). */
export function userAuditView(u: ClientUserRow) {
  return { name: u.name, email: u.email, role: u.role, isAccountOwner: u.isAccountOwner };
}
