import { isLocale, type Locale } from '../../../shared/locales';
import type { Actor } from '../../../shared/permissions';
import type {
  CancellationDeclarationBody,
  CancellationReceipt,
  IncomingCancellation,
} from '../../../shared/schemas';
import type { RequestContext } from '../../context';
import type { Database, Tx } from '../../db/client';
import { problems } from '../../problem';
import { recordAudit } from '../audit/audit.repository';
import { hashToken, newToken, safeEqual } from '../auth/tokens';
import type {
  BookingLifecycleService,
  LifecyclePortal,
} from '../booking-lifecycle/booking-lifecycle.service';
import { bookingsRepository } from '../bookings/bookings.repository';
import { enqueueEmail } from '../mail/mail.repository';
import { formatMailDateTime } from '../mail/mail.templates';
import { type DeclarationRow, cancellationButtonRepository as repo } from './cancellation-button.repository';
import { cancellationConfirmation, type DeclarationFacts } from './cancellation-button.texts';
import { renderCancellationReceiptPdf } from './cancellation-receipt-pdf';

/** A short, readable reference of a declaration (printed on the receipt and in the e-mails). */
export function declarationReference(id: string): string {
  return id.replace(/-/g, '').slice(0, 10).toUpperCase();
}

const normalize = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();

/** The words of the free contract text, for finding a customer number in it. */
export function contractWords(contract: string): string[] {
  return [
    ...new Set(
      contract
        .toLowerCase()
        .split(/[\s,;:()/]+/)
        .map((w) => w.replace(/^[.#"'„“]+|[.#"'„“]+$/g, ''))
        .filter((w) => w.length > 0),
    ),
  ];
}

export function createCancellationButtonService(
  db: Database,
  deps: { lifecycle: BookingLifecycleService; onMatchError?: (error: unknown) => void },
) {
  function factsOf(d: DeclarationRow, portal: LifecyclePortal, locale: Locale): DeclarationFacts {
    return {
      portal: portal.name,
      kind: d.kind,
      reason: d.extraordinaryReason,
      name: d.name,
      email: d.email,
      contract: d.contract,
      desiredEndDate: d.desiredEndDate,
      confirmationEmail: d.confirmationEmail,
      receivedAt: formatMailDateTime(locale, d.receivedAt, portal.timeZone),
      reference: declarationReference(d.id),
    };
  }

  /** The confirmation to the declarant's address, recorded beside the declaration. */
  async function sendConfirmation(
    tx: Tx,
    ctx: RequestContext,
    d: DeclarationRow,
    portal: LifecyclePortal,
    stage: 'receipt' | 'end_date',
    endDate: string | null,
  ) {
    const locale = isLocale(d.locale) ? d.locale : portal.defaultLocale;
    const msg = cancellationConfirmation(locale, {
      ...factsOf(d, portal, locale),
      endDate,
      stage,
      link: `${portal.baseUrl}/`,
    });
    await enqueueEmail(tx, { tenantId: ctx.tenantId, to: d.confirmationEmail, ...msg, now: ctx.now });
    await repo.insertConfirmation(tx, {
      tenantId: ctx.tenantId,
      declarationId: d.id,
      kind: endDate ? 'end_date' : 'receipt',
      toEmail: d.confirmationEmail,
      locale,
      endDate,
      subject: msg.subject,
      sentAt: ctx.now,
    });
  }

  /**
   * The booking a declaration identifies on its own: name, e-mail and a customer number in the
   * contract text point to exactly one account (the name and the e-mail each of a user of the
   * account, its contract partner or the account itself), and the account has exactly one current
   * booking or the text names the module of exactly one. Null otherwise.
   */
  async function identify(tx: Tx, ctx: RequestContext, d: DeclarationRow) {
    const candidates = await repo.accountsByCustomerNumbers(tx, ctx.tenantId, contractWords(d.contract));
    const name = normalize(d.name);
    const email = normalize(d.email);
    const matching = [];
    for (const account of candidates) {
      const people = [
        { name: account.name, email: account.email },
        ...(account.contractPartner
          ? [{ name: account.contractPartner.name, email: account.contractPartner.email ?? '' }]
          : []),
        ...(await repo.usersOf(tx, ctx.tenantId, account.id)),
      ];
      const names = new Set(people.flatMap((p) => [normalize(p.name)]));
      if (account.contractPartner?.company) names.add(normalize(account.contractPartner.company));
      const emails = new Set(people.map((p) => normalize(p.email)).filter(Boolean));
      if (names.has(name) && emails.has(email)) matching.push(account);
    }
    const [account] = matching;
    if (!account || matching.length !== 1) return null;
    const current = await repo.currentBookings(tx, ctx.tenantId, account.id, d.receivedOn);
    if (current.length === 1) return current[0]?.id ?? null;
    const text = normalize(d.contract);
    const named = current.filter((b) =>
      Object.values(b.moduleName).some(
        (n) => typeof n === 'string' && n.trim() && text.includes(normalize(n)),
      ),
    );
    return named.length === 1 ? (named[0]?.id ?? null) : null;
  }

  /** Cancels the booking for the declaration, records the match and confirms the end date. */
  async function matchIn(
    tx: Tx,
    ctx: RequestContext,
    d: DeclarationRow,
    bookingId: string,
    portal: LifecyclePortal,
  ) {
    const cancelled = await deps.lifecycle.cancelDeclaredIn(
      tx,
      ctx,
      bookingId,
      {
        id: d.id,
        receivedAt: d.receivedAt,
        receivedOn: d.receivedOn,
        desiredEndDate: d.desiredEndDate,
        reason: d.extraordinaryReason,
      },
      portal,
    );
    await repo.insertMatch(tx, {
      tenantId: ctx.tenantId,
      declarationId: d.id,
      accountId: cancelled.accountId,
      bookingId,
      bookingCancellationId: cancelled.cancellationId,
      endDate: cancelled.endDate,
      matchedByType: ctx.actor ? 'staff' : 'system',
      matchedById: ctx.actor?.userId ?? null,
      matchedAt: ctx.now,
    });
    await recordAudit(tx, ctx, {
      action: 'cancellation_declaration.matched',
      entityType: 'cancellation_declaration',
      entityId: d.id,
      accountId: cancelled.accountId,
      after: { bookingId, endDate: cancelled.endDate, cancellationId: cancelled.cancellationId },
    });
    await sendConfirmation(tx, ctx, d, portal, 'end_date', cancelled.endDate);
    return cancelled;
  }

  /**
   * Stores a declaration (always, first, on its own), then tries to match it automatically; the
   * declarant gets one confirmation at once: with the end date when matched, else saying that it
   * follows. What is returned is the same whether or not an account was found.
   */
  async function declare(
    ctx: RequestContext,
    input: CancellationDeclarationBody,
    portal: LifecyclePortal,
  ): Promise<CancellationReceipt> {
    const errors = [];
    const reason = input.reason?.trim() || null;
    if (input.kind === 'extraordinary' && !reason)
      errors.push({
        field: 'reason',
        code: 'required',
        message: 'Give the reason for an extraordinary cancellation',
      });
    if (input.kind === 'ordinary' && reason)
      errors.push({
        field: 'reason',
        code: 'not_allowed',
        message: 'A reason is asked for an extraordinary cancellation only',
      });
    if (input.desiredEndDate && input.desiredEndDate < ctx.today)
      errors.push({
        field: 'desiredEndDate',
        code: 'in_the_past',
        message: `The end cannot lie in the past (today is ${ctx.today}); leave it empty for the earliest possible end`,
      });
    if (errors.length)
      throw problems.badRequest('validation_failed', 'The cancellation is incomplete', errors);

    const token = newToken();
    const locale = input.locale ?? portal.defaultLocale;
    const declaration = await db.tenant(ctx.tenantId, (tx) =>
      repo.insertDeclaration(tx, {
        tenantId: ctx.tenantId,
        kind: input.kind,
        extraordinaryReason: input.kind === 'extraordinary' ? reason : null,
        name: input.name.trim(),
        email: input.email.trim(),
        contract: input.contract.trim(),
        desiredEndDate: input.desiredEndDate ?? null,
        confirmationEmail: input.confirmationEmail.trim(),
        locale,
        receivedAt: ctx.now,
        receivedOn: ctx.today,
        receiptTokenHash: hashToken(token),
      }),
    );

    // An extraordinary cancellation needs a person to judge its reason: it always goes to staff.
    let matched = false;
    if (declaration.kind === 'ordinary') {
      try {
        matched = await db.tenant(ctx.tenantId, async (tx) => {
          const bookingId = await identify(tx, ctx, declaration);
          if (!bookingId) return false;
          await matchIn(tx, { ...ctx, actor: null }, declaration, bookingId, portal);
          return true;
        });
      } catch (error) {
        // Refused by the booking's state (already cancelled, …) or failed: staff match it by hand.
        deps.onMatchError?.(error);
      }
    }
    if (!matched)
      await db.tenant(ctx.tenantId, (tx) => sendConfirmation(tx, ctx, declaration, portal, 'receipt', null));

    return {
      id: declaration.id,
      receivedAt: declaration.receivedAt.toISOString(),
      receiptToken: token,
      declaration: contentOf(declaration),
    };
  }

  function contentOf(d: DeclarationRow) {
    return {
      kind: d.kind,
      reason: d.extraordinaryReason,
      name: d.name,
      email: d.email,
      contract: d.contract,
      desiredEndDate: d.desiredEndDate,
      confirmationEmail: d.confirmationEmail,
    };
  }

  /** The receipt as PDF, for whoever holds the declaration's receipt token (else 404). */
  async function receiptPdf(ctx: RequestContext, id: string, token: string, portal: LifecyclePortal) {
    const d = await db.tenant(ctx.tenantId, (tx) => repo.findDeclaration(tx, ctx.tenantId, id));
    if (!d || !safeEqual(hashToken(token), d.receiptTokenHash)) throw problems.notFound('Receipt');
    const locale = isLocale(d.locale) ? d.locale : portal.defaultLocale;
    const pdf = await renderCancellationReceiptPdf(locale, factsOf(d, portal, locale), d.receivedAt);
    return { pdf, fileName: `cancellation-${declarationReference(d.id)}.pdf` };
  }

  /** Declarations, newest first (the latest 200), or the one with `id`. */
  async function list(
    ctx: RequestContext,
    status: 'incoming' | 'matched' | 'all',
    id?: string,
  ): Promise<IncomingCancellation[]> {
    return db.tenant(ctx.tenantId, async (tx) => {
      const rows = await repo.list(tx, ctx.tenantId, status, id ? { id } : {});
      const confirmations = await repo.confirmationsOf(
        tx,
        ctx.tenantId,
        rows.map((r) => r.declaration.id),
      );
      return rows.map(({ declaration: d, match, accountName }) => ({
        id: d.id,
        receivedAt: d.receivedAt.toISOString(),
        receivedOn: d.receivedOn,
        locale: isLocale(d.locale) ? d.locale : 'nl',
        declaration: contentOf(d),
        match: match
          ? {
              accountId: match.accountId,
              accountName: accountName ?? '',
              bookingId: match.bookingId,
              endDate: match.endDate,
              matchedBy: match.matchedByType,
              matchedAt: match.matchedAt.toISOString(),
            }
          : null,
        confirmations: confirmations
          .filter((c) => c.declarationId === d.id)
          .map((c) => ({ kind: c.kind, to: c.toEmail, endDate: c.endDate, sentAt: c.sentAt.toISOString() })),
      }));
    });
  }

  /** Staff match a declaration to a booking by hand: it is cancelled and the end date confirmed. */
  async function match(
    ctx: RequestContext,
    actor: Actor,
    id: string,
    bookingId: string,
    portal: LifecyclePortal,
  ): Promise<IncomingCancellation> {
    if (actor.realm !== 'staff') throw problems.forbidden();
    await db.tenant(ctx.tenantId, async (tx) => {
      const d = await repo.findDeclaration(tx, ctx.tenantId, id);
      if (!d) throw problems.notFound('Declaration');
      if (await repo.findMatch(tx, ctx.tenantId, id))
        throw problems.conflict('already_matched', 'This declaration has already been matched');
      if (!(await bookingsRepository.find(tx, ctx.tenantId, bookingId)))
        throw problems.badRequest('validation_failed', 'Unknown booking', [
          { field: 'bookingId', code: 'not_found', message: 'Choose a booking of the account' },
        ]);
      await matchIn(tx, { ...ctx, actor }, d, bookingId, portal);
    });
    const [out] = await list(ctx, 'all', id);
    if (!out) throw new Error('matched declaration not found');
    return out;
  }

  return { declare, receiptPdf, list, match };
}

export type CancellationButtonService = ReturnType<typeof createCancellationButtonService>;
