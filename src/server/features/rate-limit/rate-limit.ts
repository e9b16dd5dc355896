import { and, eq, gte, sql } from 'drizzle-orm';
import type { RequestContext } from '../../context';
import type { Database } from '../../db/client';
import { rateLimitEvents } from '../../db/schema';
import { problems } from '../../problem';

export type RateLimit = { bucket: string; limit: number; windowMs: number };

const HOUR = 3_600_000;

/** Limits on requests that send e-mail or create accounts (logins have their own, see auth.service). */
export const rateLimits = {
  passwordResetPerIp: { bucket: 'password_reset_ip', limit: 10, windowMs: HOUR },
  passwordResetPerEmail: { bucket: 'password_reset_email', limit: 3, windowMs: HOUR },
  registrationPerIp: { bucket: 'registration_ip', limit: 10, windowMs: HOUR },
  verificationResendPerUser: { bucket: 'verification_resend_user', limit: 3, windowMs: HOUR },
  /** Declarations of the public cancellation button (each sends an e-mail). */
  cancellationPerIp: { bucket: 'cancellation_ip', limit: 10, windowMs: HOUR },
  /** Invitation e-mails (new and resent) per client account. */
  invitationsPerAccount: { bucket: 'invitations_account', limit: 20, windowMs: HOUR },
} as const satisfies Record<string, RateLimit>;

/**
 * Counts requests per tenant, bucket and key in a sliding window. Each check commits its own event
 * (a request that fails later still counts).
 */
export function createRateLimiter(db: Database) {
  /** Records the request; false when the limit was already reached (the request is not counted). */
  async function allow(ctx: RequestContext, rule: RateLimit, key: string): Promise<boolean> {
    const since = new Date(ctx.now.getTime() - rule.windowMs);
    return db.tenant(ctx.tenantId, async (tx) => {
      const [row] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(rateLimitEvents)
        .where(
          and(
            eq(rateLimitEvents.tenantId, ctx.tenantId),
            eq(rateLimitEvents.bucket, rule.bucket),
            eq(rateLimitEvents.key, key),
            gte(rateLimitEvents.at, since),
          ),
        );
      if (Number(row?.n ?? 0) >= rule.limit) return false;
      await tx
        .insert(rateLimitEvents)
        .values({ tenantId: ctx.tenantId, bucket: rule.bucket, key, at: ctx.now });
      return true;
    });
  }

  /** Like allow, but refuses with 429 (Retry-After: the window) when the limit is reached. */
  async function enforce(ctx: RequestContext, rule: RateLimit, key: string): Promise<void> {
    if (!(await allow(ctx, rule, key))) throw problems.tooManyRequests(Math.ceil(rule.windowMs / 1000));
  }

  return { allow, enforce };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
