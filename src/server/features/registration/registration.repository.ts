import { and, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { accounts, clientUsers, emailVerificationTokens, legalAcceptances } from '../../db/schema';

/** Queries of registration and e-mail verification; every call names the tenant (and runs under RLS). */
export const registrationRepository = {
  async findClientUserByEmail(tx: Queryable, tenantId: string, email: string) {
    const [row] = await tx
      .select()
      .from(clientUsers)
      .where(
        and(eq(clientUsers.tenantId, tenantId), eq(sql`lower(${clientUsers.email})`, email.toLowerCase())),
      )
      .limit(1);
    return row;
  },

  async insertAccount(tx: Queryable, row: typeof accounts.$inferInsert) {
    const [created] = await tx.insert(accounts).values(row).returning();
    if (!created) throw new Error('account not created');
    return created;
  },

  async insertClientUser(tx: Queryable, row: typeof clientUsers.$inferInsert) {
    const [created] = await tx.insert(clientUsers).values(row).returning();
    if (!created) throw new Error('client user not created');
    return created;
  },

  async recordAcceptance(tx: Queryable, row: typeof legalAcceptances.$inferInsert) {
    await tx.insert(legalAcceptances).values(row);
  },

  async insertVerificationToken(tx: Queryable, row: typeof emailVerificationTokens.$inferInsert) {
    await tx.insert(emailVerificationTokens).values(row);
  },

  async findVerificationToken(tx: Queryable, tenantId: string, tokenHash: string) {
    const [row] = await tx
      .select()
      .from(emailVerificationTokens)
      .where(
        and(eq(emailVerificationTokens.tenantId, tenantId), eq(emailVerificationTokens.tokenHash, tokenHash)),
      )
      .for('update')
      .limit(1);
    return row;
  },

  async markTokenUsed(tx: Queryable, tenantId: string, tokenHash: string, at: Date) {
    await tx
      .update(emailVerificationTokens)
      .set({ usedAt: at })
      .where(
        and(eq(emailVerificationTokens.tenantId, tenantId), eq(emailVerificationTokens.tokenHash, tokenHash)),
      );
  },

  async markEmailVerified(tx: Queryable, tenantId: string, userId: string, at: Date) {
    await tx
      .update(clientUsers)
      .set({ emailVerifiedAt: at, version: sql`${clientUsers.version} + 1` })
      .where(and(eq(clientUsers.tenantId, tenantId), eq(clientUsers.id, userId)));
  },
};

/** Whether a database error is a unique violation (on either driver), optionally of one constraint. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  type DbError = { code?: string; constraint?: string; message?: string; cause?: unknown };
  for (let e = error as DbError | undefined; e; e = e.cause as DbError | undefined) {
    if (e.code === '23505')
      return !constraint || e.constraint === constraint || Boolean(e.message?.includes(constraint));
  }
  return false;
}
