import type { Locale } from '../../../shared/locales';
import { isLocale } from '../../../shared/locales';
import type { Actor } from '../../../shared/permissions';
import type { RequestContext } from '../../context';
import type { Database } from '../../db/client';
import { HttpProblem, problems } from '../../problem';
import { recordAudit } from '../audit/audit.repository';
import { authRepository } from '../auth/auth.repository';
import { hashPassword } from '../auth/password';
import { hashToken, newToken } from '../auth/tokens';
import { legalRepository } from '../legal/legal.repository';
import type { EmailPortal } from '../mail/email-links';
import { enqueueEmail } from '../mail/mail.repository';
import { mailTemplates } from '../mail/mail.templates';
import { isUniqueViolation, registrationRepository as repo } from './registration.repository';

export const VERIFICATION_VALID_HOURS = 48;

export type Portal = EmailPortal;

export type RegistrationInput = {
  name: string;
  email: string;
  password: string;
  privacyPolicyId: string;
  locale?: Locale | undefined;
};

export const legalProblems = {
  missing: (kind: 'terms' | 'privacy') =>
    problems.conflict(
      'legal_document_missing',
      kind === 'privacy'
        ? 'The operator has not published a privacy policy yet'
        : 'The operator has not published terms and conditions yet',
    ),
  outdated: (kind: 'terms' | 'privacy') =>
    problems.conflict(
      'legal_version_outdated',
      kind === 'privacy'
        ? 'A newer version of the privacy policy has been published. Please reload and read it.'
        : 'A newer version of the terms and conditions has been published. Please reload and read it.',
    ),
};

export function createRegistrationService(db: Database) {
  /**
   * Registers a new client account with its owner, records the acceptance of the current privacy
   * policy and sends a verification e-mail. When the address is already registered, nothing is
   * created: that address gets an e-mail saying so, and the caller answers exactly as for a new
   * registration (no login). Returns the new user's id, or null when the address was known.
   */
  async function register(
    ctx: RequestContext,
    input: RegistrationInput,
    portal: Portal,
  ): Promise<{ userId: string } | null> {
    const passwordHash = await hashPassword(input.password);
    const attempt = () =>
      db.tenant(ctx.tenantId, async (tx) => {
        const privacy = await legalRepository.current(tx, ctx.tenantId, 'privacy');
        if (!privacy) throw legalProblems.missing('privacy');
        if (privacy.id !== input.privacyPolicyId) throw legalProblems.outdated('privacy');

        const existing = await repo.findClientUserByEmail(tx, ctx.tenantId, input.email);
        if (existing) {
          const locale = isLocale(existing.locale) ? existing.locale : portal.defaultLocale;
          const msg = mailTemplates.registrationAttempt(locale, {
            name: existing.name,
            portal: portal.name,
            loginLink: `${portal.baseUrl}/`,
            resetLink: `${portal.baseUrl}/forgot-password`,
          });
          await enqueueEmail(tx, { tenantId: ctx.tenantId, to: existing.email, ...msg, now: ctx.now });
          return null;
        }

        const account = await repo.insertAccount(tx, {
          tenantId: ctx.tenantId,
          name: input.name,
          email: input.email,
          createdAt: ctx.now,
        });
        const user = await repo.insertClientUser(tx, {
          tenantId: ctx.tenantId,
          accountId: account.id,
          email: input.email,
          name: input.name,
          passwordHash,
          role: 'admin',
          isAccountOwner: true,
          locale: input.locale ?? null,
          createdAt: ctx.now,
        });
        await repo.recordAcceptance(tx, {
          tenantId: ctx.tenantId,
          accountId: account.id,
          clientUserId: user.id,
          documentId: privacy.id,
          kind: 'privacy',
          version: privacy.version,
          acceptedAt: ctx.now,
          ip: ctx.ip,
        });
        const actorCtx: RequestContext = {
          ...ctx,
          actor: {
            realm: 'client',
            userId: user.id,
            accountId: account.id,
            role: 'admin',
            isAccountOwner: true,
          },
        };
        await recordAudit(tx, actorCtx, {
          action: 'account.registered',
          entityType: 'account',
          entityId: account.id,
          accountId: account.id,
          after: {
            name: account.name,
            email: account.email,
            privacyPolicy: { id: privacy.id, version: privacy.version },
          },
        });
        await sendVerification(tx, ctx, user, portal);
        return { userId: user.id };
      });
    try {
      return await attempt();
    } catch (error) {
      // Two registrations with the same address at once: the second finds the first.
      if (!(error instanceof HttpProblem) && isUniqueViolation(error, 'client_users_email')) return attempt();
      throw error;
    }
  }

  async function sendVerification(
    tx: Parameters<Parameters<Database['tenant']>[1]>[0],
    ctx: RequestContext,
    user: { id: string; name: string; email: string; locale: string | null },
    portal: Portal,
  ) {
    const token = newToken();
    await repo.insertVerificationToken(tx, {
      tokenHash: hashToken(token),
      tenantId: ctx.tenantId,
      clientUserId: user.id,
      createdAt: ctx.now,
      expiresAt: new Date(ctx.now.getTime() + VERIFICATION_VALID_HOURS * 3_600_000),
    });
    const locale = isLocale(user.locale) ? user.locale : portal.defaultLocale;
    const msg = mailTemplates.emailVerification(locale, {
      name: user.name,
      portal: portal.name,
      link: `${portal.baseUrl}/verify-email?token=${encodeURIComponent(token)}`,
      validHours: VERIFICATION_VALID_HOURS,
    });
    await enqueueEmail(tx, { tenantId: ctx.tenantId, to: user.email, ...msg, now: ctx.now });
  }

  /** Confirms the e-mail address of a client user with a single-use, expiring token. */
  async function verifyEmail(ctx: RequestContext, token: string): Promise<void> {
    await db.tenant(ctx.tenantId, async (tx) => {
      const row = await repo.findVerificationToken(tx, ctx.tenantId, hashToken(token));
      if (!row)
        throw problems.badRequest('verification_token_invalid', 'This confirmation link is not valid');
      if (row.usedAt)
        throw problems.badRequest('verification_token_used', 'This confirmation link has already been used');
      if (ctx.now >= row.expiresAt)
        throw problems.badRequest(
          'verification_token_expired',
          'This confirmation link has expired. Log in and ask for a new one.',
        );
      await repo.markTokenUsed(tx, ctx.tenantId, row.tokenHash, ctx.now);
      const user = await authRepository.findClientUser(tx, ctx.tenantId, row.clientUserId);
      if (!user)
        throw problems.badRequest('verification_token_invalid', 'This confirmation link is not valid');
      if (user.emailVerifiedAt) return;
      await repo.markEmailVerified(tx, ctx.tenantId, user.id, ctx.now);
      await recordAudit(
        tx,
        { ...ctx, actor: null },
        {
          action: 'user.email_verified',
          entityType: 'client_user',
          entityId: user.id,
          accountId: user.accountId,
          after: { email: user.email },
        },
      );
    });
  }

  /** Sends a new confirmation link to the logged-in client user; false when already confirmed. */
  async function resendVerification(ctx: RequestContext, actor: Actor, portal: Portal): Promise<boolean> {
    if (actor.realm !== 'client') throw problems.unauthorized();
    return db.tenant(ctx.tenantId, async (tx) => {
      const user = await authRepository.findClientUser(tx, ctx.tenantId, actor.userId);
      if (!user) throw problems.unauthorized();
      if (user.emailVerifiedAt) return false;
      await sendVerification(tx, ctx, user, portal);
      return true;
    });
  }

  return { register, verifyEmail, resendVerification };
}

export type RegistrationService = ReturnType<typeof createRegistrationService>;
