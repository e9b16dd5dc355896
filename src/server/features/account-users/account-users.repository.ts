import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import {
  accounts,
  clientInvitations,
  clientUsers,
  emailVerificationTokens,
  passwordResetTokens,
} from '../../db/schema';

export type InvitationRow = typeof clientInvitations.$inferSelect;

/** Users and invitations of one client account; every query is scoped by tenant and account. */
export const accountUsersRepository = {
  /** The account row, locked: every change to an account's users holds it, so they serialise. */
  async lockAccount(tx: Queryable, tenantId: string, accountId: string) {
    const [row] = await tx
      .select()
      .from(accounts)
      .where(and(eq(accounts.tenantId, tenantId), eq(accounts.id, accountId)))
      .for('update')
      .limit(1);
    return row;
  },

  /** The account's users that can log in (removed users are kept only for the history). */
  async activeUsers(tx: Queryable, tenantId: string, accountId: string) {
    return tx
      .select()
      .from(clientUsers)
      .where(
        and(
          eq(clientUsers.tenantId, tenantId),
          eq(clientUsers.accountId, accountId),
          isNull(clientUsers.disabledAt),
        ),
      )
      .orderBy(desc(clientUsers.isAccountOwner), asc(sql`lower(${clientUsers.name})`), asc(clientUsers.id));
  },

  async openInvitations(tx: Queryable, tenantId: string, accountId: string) {
    return tx
      .select()
      .from(clientInvitations)
      .where(
        and(
          eq(clientInvitations.tenantId, tenantId),
          eq(clientInvitations.accountId, accountId),
          isNull(clientInvitations.acceptedAt),
          isNull(clientInvitations.revokedAt),
        ),
      )
      .orderBy(desc(clientInvitations.createdAt), asc(clientInvitations.id));
  },

  async findInvitation(tx: Queryable, tenantId: string, accountId: string, id: string) {
    const [row] = await tx
      .select()
      .from(clientInvitations)
      .where(
        and(
          eq(clientInvitations.tenantId, tenantId),
          eq(clientInvitations.accountId, accountId),
          eq(clientInvitations.id, id),
        ),
      )
      .limit(1);
    return row;
  },

  async findInvitationByToken(
    tx: Queryable,
    tenantId: string,
    tokenHash: string,
    opts: { forUpdate?: boolean } = {},
  ) {
    const q = tx
      .select()
      .from(clientInvitations)
      .where(and(eq(clientInvitations.tenantId, tenantId), eq(clientInvitations.tokenHash, tokenHash)))
      .limit(1);
    const [row] = opts.forUpdate ? await q.for('update') : await q;
    return row;
  },

  /** An open invitation to this address anywhere in the operator (addresses are unique logins). */
  async findOpenInvitationByEmail(tx: Queryable, tenantId: string, email: string) {
    const [row] = await tx
      .select()
      .from(clientInvitations)
      .where(
        and(
          eq(clientInvitations.tenantId, tenantId),
          eq(sql`lower(${clientInvitations.email})`, email.toLowerCase()),
          isNull(clientInvitations.acceptedAt),
          isNull(clientInvitations.revokedAt),
        ),
      )
      .limit(1);
    return row;
  },

  async insertInvitation(tx: Queryable, row: typeof clientInvitations.$inferInsert) {
    const [inserted] = await tx.insert(clientInvitations).values(row).returning();
    if (!inserted) throw new Error('invitation not inserted');
    return inserted;
  },

  async updateInvitation(
    tx: Queryable,
    tenantId: string,
    id: string,
    set: Partial<
      Pick<
        InvitationRow,
        'tokenHash' | 'sentAt' | 'expiresAt' | 'revokedAt' | 'acceptedAt' | 'acceptedUserId'
      >
    >,
  ) {
    const [row] = await tx
      .update(clientInvitations)
      .set(set)
      .where(and(eq(clientInvitations.tenantId, tenantId), eq(clientInvitations.id, id)))
      .returning();
    return row;
  },

  async updateUser(
    tx: Queryable,
    tenantId: string,
    accountId: string,
    userId: string,
    set: Partial<
      Pick<
        typeof clientUsers.$inferInsert,
        'role' | 'isAccountOwner' | 'disabledAt' | 'email' | 'passwordHash'
      >
    >,
  ) {
    const [row] = await tx
      .update(clientUsers)
      .set({ ...set, version: sql`${clientUsers.version} + 1` })
      .where(
        and(
          eq(clientUsers.tenantId, tenantId),
          eq(clientUsers.accountId, accountId),
          eq(clientUsers.id, userId),
        ),
      )
      .returning();
    return row;
  },

  /** Reset and confirmation links of one user stop working. */
  async deleteTokensOfUser(tx: Queryable, tenantId: string, userId: string) {
    await tx
      .delete(passwordResetTokens)
      .where(
        and(
          eq(passwordResetTokens.tenantId, tenantId),
          eq(passwordResetTokens.realm, 'client'),
          eq(passwordResetTokens.userId, userId),
        ),
      );
    await tx
      .delete(emailVerificationTokens)
      .where(
        and(eq(emailVerificationTokens.tenantId, tenantId), eq(emailVerificationTokens.clientUserId, userId)),
      );
  },
};
