import { and, eq, gte, sql } from 'drizzle-orm';
import type { Realm } from '../../../shared/schemas';
import type { Queryable } from '../../db/client';
import { clientUsers, loginAttempts, sessions, staffUsers } from '../../db/schema';

export type StaffUserRow = typeof staffUsers.$inferSelect;
export type ClientUserRow = typeof clientUsers.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;

/** Queries of the auth feature. Every call runs inside a tenant transaction (RLS) and names the tenant too. */
export const authRepository = {
  async findUserByEmail(tx: Queryable, tenantId: string, realm: Realm, email: string) {
    const table = realm === 'staff' ? staffUsers : clientUsers;
    const [row] = await tx
      .select({
        id: table.id,
        passwordHash: table.passwordHash,
        disabledAt: table.disabledAt,
        email: table.email,
        name: table.name,
        locale: table.locale,
      })
      .from(table)
      .where(and(eq(table.tenantId, tenantId), eq(sql`lower(${table.email})`, email.toLowerCase())))
      .limit(1);
    return row;
  },

  async findStaffUser(tx: Queryable, tenantId: string, id: string) {
    const [row] = await tx
      .select()
      .from(staffUsers)
      .where(and(eq(staffUsers.tenantId, tenantId), eq(staffUsers.id, id)))
      .limit(1);
    return row;
  },

  async findClientUser(tx: Queryable, tenantId: string, id: string) {
    const [row] = await tx
      .select()
      .from(clientUsers)
      .where(and(eq(clientUsers.tenantId, tenantId), eq(clientUsers.id, id)))
      .limit(1);
    return row;
  },

  async countFailures(
    tx: Queryable,
    tenantId: string,
    realm: Realm,
    by: { email: string } | { ip: string },
    since: Date,
  ) {
    const which =
      'email' in by ? eq(loginAttempts.email, by.email.toLowerCase()) : eq(loginAttempts.ip, by.ip);
    const [row] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(loginAttempts)
      .where(
        and(
          eq(loginAttempts.tenantId, tenantId),
          eq(loginAttempts.realm, realm),
          which,
          eq(loginAttempts.succeeded, false),
          gte(loginAttempts.at, since),
        ),
      );
    return Number(row?.n ?? 0);
  },

  async recordAttempt(tx: Queryable, row: typeof loginAttempts.$inferInsert) {
    await tx.insert(loginAttempts).values({ ...row, email: row.email.toLowerCase() });
  },

  /** A successful login clears the account's failure count. */
  async clearFailures(tx: Queryable, tenantId: string, realm: Realm, email: string) {
    await tx
      .delete(loginAttempts)
      .where(
        and(
          eq(loginAttempts.tenantId, tenantId),
          eq(loginAttempts.realm, realm),
          eq(loginAttempts.email, email.toLowerCase()),
          eq(loginAttempts.succeeded, false),
        ),
      );
  },

  async insertSession(tx: Queryable, row: typeof sessions.$inferInsert) {
    await tx.insert(sessions).values(row);
  },

  async findSession(tx: Queryable, tenantId: string, idHash: string) {
    const [row] = await tx
      .select()
      .from(sessions)
      .where(and(eq(sessions.tenantId, tenantId), eq(sessions.idHash, idHash)))
      .limit(1);
    return row;
  },

  async touchSession(tx: Queryable, tenantId: string, idHash: string, at: Date) {
    await tx
      .update(sessions)
      .set({ lastSeenAt: at })
      .where(and(eq(sessions.tenantId, tenantId), eq(sessions.idHash, idHash)));
  },

  async deleteSession(tx: Queryable, tenantId: string, idHash: string) {
    await tx.delete(sessions).where(and(eq(sessions.tenantId, tenantId), eq(sessions.idHash, idHash)));
  },

  async deleteSessionsOfUser(tx: Queryable, tenantId: string, realm: Realm, userId: string) {
    await tx
      .delete(sessions)
      .where(and(eq(sessions.tenantId, tenantId), eq(sessions.realm, realm), eq(sessions.userId, userId)));
  },
};
