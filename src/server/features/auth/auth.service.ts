import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { isLocale, type Locale } from '../../../shared/locales';
import type { Actor } from '../../../shared/permissions';
import type { Realm } from '../../../shared/schemas';
import type { RequestContext } from '../../context';
import type { Database, Tx } from '../../db/client';
import { clientUsers, passwordResetTokens, staffUsers } from '../../db/schema';
import { problems } from '../../problem';
import { recordAudit } from '../audit/audit.repository';
import type { EmailPortal } from '../mail/email-links';
import { enqueueEmail } from '../mail/mail.repository';
import { mailTemplates } from '../mail/mail.templates';
import { authRepository } from './auth.repository';
import { hashPassword, verifyPassword } from './password';
import { hashToken, newToken } from './tokens';

/**
 * Login throttling. Per (account, client address): 5 attempts, then a delay that doubles with each
 * failure (1, 2, 4 … minutes, at most an hour), so a wrong guesser elsewhere never locks the real
 * user out of their own address. Per address over all accounts: 30, then the same growing delays.
 * Failures are forgotten a day after the last one; a successful login resets its account key.
 */
export const loginLimits = {
  perAccountAddress: { free: 5, baseDelayMs: 60_000, maxDelayMs: 3_600_000, forgetAfterMs: 86_400_000 },
  perAddress: { free: 30, baseDelayMs: 60_000, maxDelayMs: 3_600_000, forgetAfterMs: 86_400_000 },
};

/** The throttle key of an address over all accounts. */
const ANY_ACCOUNT = '*';

export const RESET_VALID_MINUTES = 60;

export type SessionPolicy = { idleMs: number; absoluteMs: number };

type SessionRowWithUser = NonNullable<Awaited<ReturnType<typeof authRepository.findSessionWithUser>>>;

/** The session's user as read with the session (what the session view shows). */
export type SessionUser =
  | ({ realm: 'staff' } & NonNullable<SessionRowWithUser['staff']>)
  | ({ realm: 'client' } & NonNullable<SessionRowWithUser['client']>);

export type LoadedSession = { idHash: string; actor: Actor; touch: boolean; user: SessionUser };

export function createAuthService(db: Database, policy: SessionPolicy) {
  /** Checks the credentials; on success creates a session and returns its token. */
  async function login(
    ctx: RequestContext,
    realm: Realm,
    email: string,
    password: string,
    userAgent: string | undefined,
    previousToken: string | undefined,
  ): Promise<{ token: string; userId: string }> {
    const key = { tenantId: ctx.tenantId, realm, email: email.toLowerCase(), ip: ctx.ip };
    const attemptId = randomUUID();
    // Counted and decided before the password is checked, committed before the (slow) check.
    const pre = await db.tenant(ctx.tenantId, async (tx) => {
      for (const [k, rule] of [
        [key, loginLimits.perAccountAddress],
        [{ ...key, email: ANY_ACCOUNT }, loginLimits.perAddress],
      ] as const) {
        const decided = await authRepository.countLoginAttempt(tx, k, rule, ctx.now, attemptId);
        if (!decided.counted)
          return { retryAfterMs: (decided.lockedUntil?.getTime() ?? 0) - ctx.now.getTime() };
      }
      return { user: await authRepository.findUserByEmail(tx, ctx.tenantId, realm, email) };
    });
    if (!('user' in pre)) throw problems.tooManyRequests(Math.max(1, Math.ceil(pre.retryAfterMs / 1000)));

    const ok =
      (await verifyPassword(pre.user?.passwordHash, password)) &&
      pre.user !== undefined &&
      !pre.user.disabledAt;
    const user = ok ? pre.user : undefined;
    const token = newToken();
    await db.tenant(ctx.tenantId, async (tx) => {
      await authRepository.recordAttempt(tx, {
        tenantId: ctx.tenantId,
        realm,
        email,
        ip: ctx.ip,
        succeeded: ok,
        at: ctx.now,
      });
      if (!user) return;
      await authRepository.forgiveLoginAttempt(tx, key, ANY_ACCOUNT);
      if (previousToken) await authRepository.deleteSession(tx, ctx.tenantId, hashToken(previousToken));
      await authRepository.insertSession(tx, {
        idHash: hashToken(token),
        tenantId: ctx.tenantId,
        realm,
        userId: user.id,
        createdAt: ctx.now,
        lastSeenAt: ctx.now,
        expiresAt: new Date(ctx.now.getTime() + policy.absoluteMs),
        ip: ctx.ip,
        userAgent: userAgent?.slice(0, 300) ?? null,
      });
    });
    if (!user) throw problems.unauthorized('E-mail address or password is wrong');
    return { token, userId: user.id };
  }

  /**
   * The actor of a session token, or null when the session is unknown, expired or its user disabled:
   * read on every request (no cache), the session and its user in one statement.
   */
  async function loadSessionIn(
    tx: Tx,
    tenantId: string,
    token: string,
    now: Date,
  ): Promise<LoadedSession | null> {
    const idHash = hashToken(token);
    const s = await authRepository.findSessionWithUser(tx, tenantId, idHash);
    if (!s) return null;
    const idleExpired = now.getTime() - s.lastSeenAt.getTime() > policy.idleMs;
    if (idleExpired || now >= s.expiresAt) {
      await authRepository.deleteSession(tx, tenantId, idHash);
      return null;
    }
    let loaded: LoadedSession | null = null;
    if (s.realm === 'staff') {
      const u = s.staff;
      if (u && !u.disabledAt)
        loaded = {
          idHash,
          touch: false,
          actor: { realm: 'staff', userId: u.id, level: u.level },
          user: { realm: 'staff', ...u },
        };
    } else {
      const u = s.client;
      if (u && !u.disabledAt)
        loaded = {
          idHash,
          touch: false,
          actor: {
            realm: 'client',
            userId: u.id,
            accountId: u.accountId,
            role: u.role,
            isAccountOwner: u.isAccountOwner,
          },
          user: { realm: 'client', ...u },
        };
    }
    if (!loaded) {
      await authRepository.deleteSession(tx, tenantId, idHash);
      return null;
    }
    // Record activity at most once a minute.
    if (now.getTime() - s.lastSeenAt.getTime() > 60_000)
      await authRepository.touchSession(tx, tenantId, idHash, now);
    return loaded;
  }

  /** loadSessionIn in a transaction of its own (or the request's, ADR 0016). */
  async function loadSession(tenantId: string, token: string, now: Date): Promise<LoadedSession | null> {
    return db.tenant(tenantId, (tx) => loadSessionIn(tx, tenantId, token, now));
  }

  /** A new session for a user who proved who they are another way (an accepted invitation). */
  async function startSession(
    ctx: RequestContext,
    realm: Realm,
    userId: string,
    userAgent: string | undefined,
    previousToken: string | undefined,
  ): Promise<string> {
    const token = newToken();
    await db.tenant(ctx.tenantId, async (tx) => {
      if (previousToken) await authRepository.deleteSession(tx, ctx.tenantId, hashToken(previousToken));
      await authRepository.insertSession(tx, {
        idHash: hashToken(token),
        tenantId: ctx.tenantId,
        realm,
        userId,
        createdAt: ctx.now,
        lastSeenAt: ctx.now,
        expiresAt: new Date(ctx.now.getTime() + policy.absoluteMs),
        ip: ctx.ip,
        userAgent: userAgent?.slice(0, 300) ?? null,
      });
    });
    return token;
  }

  async function logout(tenantId: string, token: string): Promise<void> {
    await db.tenant(tenantId, (tx) => authRepository.deleteSession(tx, tenantId, hashToken(token)));
  }

  /**
   * Sends a reset link when the e-mail belongs to an active user of the realm. The caller answers
   * the same whether or not it does.
   */
  async function requestPasswordReset(
    ctx: RequestContext,
    realm: Realm,
    email: string,
    portal: EmailPortal,
    requestLocale?: Locale,
  ): Promise<boolean> {
    return db.tenant(ctx.tenantId, async (tx) => {
      const user = await authRepository.findUserByEmail(tx, ctx.tenantId, realm, email);
      if (!user || user.disabledAt) return false;
      const token = newToken();
      await tx.insert(passwordResetTokens).values({
        tokenHash: hashToken(token),
        tenantId: ctx.tenantId,
        realm,
        userId: user.id,
        createdAt: ctx.now,
        expiresAt: new Date(ctx.now.getTime() + RESET_VALID_MINUTES * 60_000),
      });
      // The user's stored language, else the language of the page that asked, else the portal's.
      const locale = isLocale(user.locale) ? user.locale : (requestLocale ?? portal.defaultLocale);
      const link = `${portal.baseUrl}/reset-password?token=${encodeURIComponent(token)}&realm=${realm}`;
      const msg = mailTemplates.passwordReset(locale, {
        name: user.name,
        link,
        portal: portal.name,
        validMinutes: RESET_VALID_MINUTES,
      });
      await enqueueEmail(tx, { tenantId: ctx.tenantId, to: user.email, ...msg, now: ctx.now });
      return true;
    });
  }

  /** Sets a new password with a single-use, expiring token and ends all sessions of the user. */
  async function confirmPasswordReset(ctx: RequestContext, token: string, password: string): Promise<void> {
    const newHash = await hashPassword(password);
    await db.tenant(ctx.tenantId, async (tx) => {
      const [row] = await tx
        .select()
        .from(passwordResetTokens)
        .where(
          and(
            eq(passwordResetTokens.tenantId, ctx.tenantId),
            eq(passwordResetTokens.tokenHash, hashToken(token)),
          ),
        )
        .for('update')
        .limit(1);
      if (!row)
        throw problems.badRequest(
          'reset_token_invalid',
          'This reset link is not valid or incomplete: open the whole link from the e-mail, or ask for a new one',
        );
      if (row.usedAt) throw problems.badRequest('reset_token_used', 'This reset link has already been used');
      if (ctx.now >= row.expiresAt)
        throw problems.badRequest('reset_token_expired', 'This reset link has expired');
      await tx
        .update(passwordResetTokens)
        .set({ usedAt: ctx.now })
        .where(eq(passwordResetTokens.tokenHash, row.tokenHash));
      const table = row.realm === 'staff' ? staffUsers : clientUsers;
      const [updated] = await tx
        .update(table)
        .set({ passwordHash: newHash })
        .where(and(eq(table.tenantId, ctx.tenantId), eq(table.id, row.userId)))
        .returning({
          id: table.id,
          accountId: row.realm === 'client' ? clientUsers.accountId : staffUsers.id,
        });
      if (!updated) throw problems.badRequest('reset_token_invalid', 'This reset link is not valid');
      await authRepository.deleteSessionsOfUser(tx, ctx.tenantId, row.realm, row.userId);
      await recordAudit(
        tx,
        { ...ctx, actor: null },
        {
          action: 'user.password_reset',
          entityType: row.realm === 'staff' ? 'staff_user' : 'client_user',
          entityId: row.userId,
          accountId: row.realm === 'client' ? updated.accountId : null,
        },
      );
    });
  }

  async function setLocale(ctx: RequestContext, actor: Actor, locale: Locale): Promise<void> {
    await db.tenant(ctx.tenantId, async (tx) => {
      const table = actor.realm === 'staff' ? staffUsers : clientUsers;
      const [before] = await tx
        .select({ locale: table.locale })
        .from(table)
        .where(and(eq(table.tenantId, ctx.tenantId), eq(table.id, actor.userId)));
      if (before?.locale === locale) return;
      await tx
        .update(table)
        .set({ locale })
        .where(and(eq(table.tenantId, ctx.tenantId), eq(table.id, actor.userId)));
      await recordAudit(tx, ctx, {
        action: 'user.preferences_changed',
        entityType: actor.realm === 'staff' ? 'staff_user' : 'client_user',
        entityId: actor.userId,
        // A preference of the user, not contract history: it stays out of the account's history.
        accountId: null,
        before: { locale: before?.locale ?? null },
        after: { locale },
      });
    });
  }

  return {
    login,
    startSession,
    loadSession,
    loadSessionIn,
    logout,
    requestPasswordReset,
    confirmPasswordReset,
    setLocale,
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
