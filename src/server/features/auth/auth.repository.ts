import { and, eq, sql } from 'drizzle-orm';
import type { Realm } from '../../../shared/schemas';
import type { Queryable } from '../../db/client';
import { preparedStatement } from '../../db/prepared';
import { clientUsers, loginAttempts, loginThrottles, sessions, staffUsers } from '../../db/schema';

export type StaffUserRow = typeof staffUsers.$inferSelect;
export type ClientUserRow = typeof clientUsers.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;

const sessionWithUser = preparedStatement('kontor_auth_session_with_user', (db) =>
  db
    .select({
      realm: sessions.realm,
      userId: sessions.userId,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      staff: {
        id: staffUsers.id,
        name: staffUsers.name,
        email: staffUsers.email,
        level: staffUsers.level,
        locale: staffUsers.locale,
        disabledAt: staffUsers.disabledAt,
      },
      client: {
        id: clientUsers.id,
        name: clientUsers.name,
        email: clientUsers.email,
        accountId: clientUsers.accountId,
        role: clientUsers.role,
        isAccountOwner: clientUsers.isAccountOwner,
        locale: clientUsers.locale,
        emailVerifiedAt: clientUsers.emailVerifiedAt,
        disabledAt: clientUsers.disabledAt,
      },
    })
    .from(sessions)
    .leftJoin(
      staffUsers,
      and(
        eq(sessions.realm, 'staff'),
        eq(staffUsers.tenantId, sessions.tenantId),
        eq(staffUsers.id, sessions.userId),
      ),
    )
    .leftJoin(
      clientUsers,
      and(
        eq(sessions.realm, 'client'),
        eq(clientUsers.tenantId, sessions.tenantId),
        eq(clientUsers.id, sessions.userId),
      ),
    )
    .where(
      and(eq(sessions.tenantId, sql.placeholder('tenantId')), eq(sessions.idHash, sql.placeholder('idHash'))),
    )
    .limit(1),
);

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

  async recordAttempt(tx: Queryable, row: typeof loginAttempts.$inferInsert) {
    await tx.insert(loginAttempts).values({ ...row, email: row.email.toLowerCase() });
  },

  /**
   * Counts a login attempt against one throttle key and decides in the same statement: the upsert
   * locks the key's row, so parallel attempts are counted one after another. An attempt is counted
   * (and may be checked) only while the key is not locked; from the `free`-th failure on, the key
   * locks for a delay that doubles with every further failure, up to `maxDelayMs`.
   */
  async countLoginAttempt(
    tx: Queryable,
    key: { tenantId: string; realm: Realm; email: string; ip: string },
    rule: { free: number; baseDelayMs: number; maxDelayMs: number; forgetAfterMs: number },
    now: Date,
    attemptId: string,
  ): Promise<{ counted: boolean; lockedUntil: Date | null }> {
    const t = loginThrottles;
    const locked = sql`(${t.lockedUntil} is not null and ${t.lockedUntil} > ${now})`;
    const failures = sql`(case when ${t.lastAttemptAt} < ${new Date(now.getTime() - rule.forgetAfterMs)} then 1 else ${t.failures} + 1 end)`;
    const lockFor = sql`(case when ${failures} >= ${rule.free} then ${now}::timestamptz + make_interval(secs => least(${rule.maxDelayMs / 1000}::float8, ${rule.baseDelayMs / 1000}::float8 * power(2, ${failures} - ${rule.free}))) end)`;
    const [row] = await tx
      .insert(t)
      .values({
        ...key,
        failures: 1,
        lastAttemptId: attemptId,
        lastAttemptAt: now,
        lockedUntil: rule.free <= 1 ? new Date(now.getTime() + rule.baseDelayMs) : null,
      })
      .onConflictDoUpdate({
        target: [t.tenantId, t.realm, t.email, t.ip],
        set: {
          failures: sql`case when ${locked} then ${t.failures} else ${failures} end`,
          lastAttemptId: sql`case when ${locked} then ${t.lastAttemptId} else ${attemptId}::uuid end`,
          lastAttemptAt: sql`case when ${locked} then ${t.lastAttemptAt} else ${now}::timestamptz end`,
          lockedUntil: sql`case when ${locked} then ${t.lockedUntil} else ${lockFor} end`,
        },
      })
      .returning({ lastAttemptId: t.lastAttemptId, lockedUntil: t.lockedUntil });
    return { counted: row?.lastAttemptId === attemptId, lockedUntil: row?.lockedUntil ?? null };
  },

  /** A successful login: the (account, address) key is forgotten; the address key takes one back. */
  async forgiveLoginAttempt(
    tx: Queryable,
    key: { tenantId: string; realm: Realm; email: string; ip: string },
    addressKeyEmail: string,
  ) {
    const t = loginThrottles;
    const of = (email: string) =>
      and(eq(t.tenantId, key.tenantId), eq(t.realm, key.realm), eq(t.email, email), eq(t.ip, key.ip));
    await tx.delete(t).where(of(key.email));
    await tx
      .update(t)
      .set({ failures: sql`greatest(${t.failures} - 1, 0)` })
      .where(of(addressKeyEmail));
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

  /**
   * A session with its user in one statement (the request path, ADR 0016): the user of the
   * session's realm, or nulls when there is none. Only what the actor and the session view need.
   * Built once (ADR 0017): it runs on every authenticated request.
   */
  async findSessionWithUser(tx: Queryable, tenantId: string, idHash: string) {
    const [row] = await sessionWithUser.run(tx, { tenantId, idHash });
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
