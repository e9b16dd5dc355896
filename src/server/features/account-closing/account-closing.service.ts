import { Temporal } from 'temporal-polyfill';
import { retentionDates } from '../../../domain/retention';
import { isLocale } from '../../../shared/locales';
import { type Actor, can } from '../../../shared/permissions';
import type { AccountOwnerSectionDto, RunningItem } from '../../../shared/schemas';
import type { RequestContext } from '../../context';
import type { Database, Queryable } from '../../db/client';
import { problems } from '../../problem';
import { accountsRepository } from '../accounts/accounts.repository';
import { recordAudit } from '../audit/audit.repository';
import { enqueueEmail } from '../mail/mail.repository';
import { mailTemplates } from '../mail/mail.templates';
import type { Portal } from '../registration/registration.service';
import { accountClosingRepository as repo } from './account-closing.repository';

type AccountRow = NonNullable<Awaited<ReturnType<typeof accountsRepository.find>>>;

/** What closing erases or anonymises (ADR 0009); the page lists it before confirming. */
const erased: AccountOwnerSectionDto['erased'] = [
  'users',
  'sessions',
  'tokens',
  'account_contact',
  'module_data',
  'sent_emails',
  'login_attempts',
];

/** The placeholder name of a closed account: staff still find it by customer number. */
export function closedAccountName(row: { id: string; customerNumber: string | null }): string {
  return `Closed account ${row.customerNumber ?? row.id.slice(0, 8)}`;
}

function dateIn(instant: Date, timeZone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(instant.getTime())
    .toZonedDateTimeISO(timeZone)
    .toPlainDate()
    .toString();
}

function normaliseName(s: string): string {
  return s.normalize('NFC').trim().replace(/\s+/g, ' ');
}

export function createAccountClosingService(db: Database) {
  async function load(tx: Queryable, ctx: RequestContext, actor: Actor, accountId: string, lock: boolean) {
    if (actor.realm === 'client' && actor.accountId !== accountId) throw problems.notFound('Account');
    const account = await accountsRepository.find(tx, ctx.tenantId, accountId, { forUpdate: lock });
    if (!account) throw problems.notFound('Account');
    return account;
  }

  async function running(tx: Queryable, ctx: RequestContext, accountId: string): Promise<RunningItem[]> {
    const bookings = await repo.runningBookings(tx, ctx.tenantId, accountId, ctx.today);
    const options = await repo.runningOptions(tx, ctx.tenantId, accountId, ctx.today);
    return [
      ...bookings.map((b) => ({
        kind: 'booking' as const,
        id: b.id,
        bookingId: b.id,
        moduleName: b.moduleName,
        title: b.tariffTitle ?? {},
        startDate: b.startDate,
        endDate: b.endDate,
      })),
      ...options.map((o) => ({
        kind: 'option' as const,
        id: o.id,
        bookingId: o.bookingId,
        moduleName: o.moduleName,
        title: o.itemTitle,
        startDate: o.startDate,
        endDate: o.endDate,
      })),
    ];
  }

  async function section(
    tx: Queryable,
    ctx: RequestContext,
    actor: Actor,
    account: AccountRow,
    timeZone: string,
  ): Promise<AccountOwnerSectionDto> {
    const users = await repo.allUsers(tx, ctx.tenantId, account.id);
    const owner = users.find((u) => u.isAccountOwner && u.disabledAt === null) ?? null;
    const latestDocumentDate = await repo.latestDocumentIssueDate(tx, ctx.tenantId, account.id);
    const items = account.closedAt ? [] : await running(tx, ctx, account.id);
    const closedOn = account.closedAt ? dateIn(account.closedAt, timeZone) : ctx.today;
    const dates = retentionDates({ latestDocumentDate, closedOn });
    const closeRefusal = account.closedAt ? 'account_closed' : items.length > 0 ? 'running_bookings' : null;
    return {
      accountId: account.id,
      accountName: account.name,
      owner: owner ? { id: owner.id, name: owner.name, email: owner.email } : null,
      closedAt: account.closedAt?.toISOString() ?? null,
      latestDocumentDate,
      running: items,
      retained: [
        { what: 'documents', until: dates.documentsUntil },
        { what: 'contract_records', until: dates.recordsUntil },
        { what: 'legal_acceptances', until: dates.recordsUntil },
        { what: 'audit_history', until: dates.recordsUntil },
      ],
      erased,
      abilities: {
        'account.close': can(actor, 'account.close') && closeRefusal === null,
        'account.export': can(actor, 'account.export') && !account.closedAt,
      },
      closeRefusal: can(actor, 'account.close') ? closeRefusal : null,
    };
  }

  /** The section (2) Account owner; timeZone is the operator's, for the date of a past closing. */
  async function getSection(ctx: RequestContext, actor: Actor, accountId: string, timeZone: string) {
    return db.tenant(ctx.tenantId, async (tx) =>
      section(tx, ctx, actor, await load(tx, ctx, actor, accountId, false), timeZone),
    );
  }

  /**
   * Closes the account in one transaction: every login ends, personal data without a retention
   * duty is erased or anonymised, the owner is told what is kept until when, and the account
   * becomes read-only (the database refuses every later write, see migration 0010).
   */
  async function close(
    ctx: RequestContext,
    actor: Actor,
    accountId: string,
    input: { confirmName: string },
    portal: Portal,
    timeZone: string,
  ): Promise<AccountOwnerSectionDto> {
    return db.tenant(ctx.tenantId, async (tx) => {
      const account = await load(tx, ctx, actor, accountId, true);
      if (account.closedAt) throw problems.accountClosed();
      if (normaliseName(input.confirmName) !== normaliseName(account.name)) {
        throw problems.badRequest('confirmation_mismatch', 'Type the account name exactly to confirm', [
          { field: 'confirmName', message: 'This is not the name of the account', code: 'mismatch' },
        ]);
      }
      const items = await running(tx, ctx, accountId);
      if (items.length > 0) {
        throw problems.conflict(
          'bookings_running',
          'The account still has bookings or options that have not ended',
          {
            current: items,
          },
        );
      }
      const users = await repo.allUsers(tx, ctx.tenantId, accountId);
      const invitations = await repo.invitations(tx, ctx.tenantId, accountId);
      const addresses = [
        ...new Set(
          [account.email, ...users.map((u) => u.email), ...invitations.map((i) => i.email)].map((e) =>
            e.toLowerCase(),
          ),
        ),
      ];
      const latestDocumentDate = await repo.latestDocumentIssueDate(tx, ctx.tenantId, accountId);
      const dates = retentionDates({ latestDocumentDate, closedOn: ctx.today });

      await repo.deleteDeliveredEmails(tx, ctx.tenantId, addresses);
      const owner = users.find((u) => u.isAccountOwner && u.disabledAt === null);
      if (owner) {
        const locale = isLocale(owner.locale)
          ? owner.locale
          : isLocale(account.documentLocale)
            ? account.documentLocale
            : portal.defaultLocale;
        const msg = mailTemplates.accountClosed(locale, {
          name: owner.name,
          account: account.name,
          portal: portal.name,
          closedOn: ctx.today,
          documentsUntil: dates.documentsUntil,
          recordsUntil: dates.recordsUntil,
        });
        await enqueueEmail(tx, { tenantId: ctx.tenantId, to: owner.email, ...msg, now: ctx.now });
      }
      await repo.endLogins(
        tx,
        ctx.tenantId,
        accountId,
        users.map((u) => u.id),
        addresses,
      );
      await repo.anonymiseUsers(tx, ctx.tenantId, accountId, ctx.now);
      await repo.eraseModuleData(tx, ctx.tenantId, accountId);
      const closed = await repo.closeAccount(
        tx,
        ctx.tenantId,
        accountId,
        closedAccountName(account),
        ctx.now,
      );
      if (!closed) throw problems.accountClosed();
      await recordAudit(tx, ctx, {
        action: 'account.closed',
        entityType: 'account',
        entityId: accountId,
        accountId,
        after: {
          closedAt: ctx.now.toISOString(),
          documentsUntil: dates.documentsUntil,
          recordsUntil: dates.recordsUntil,
          usersAnonymised: users.length,
        },
      });
      return section(tx, ctx, actor, closed, timeZone);
    });
  }

  /** Everything stored about the account, for its owner (GDPR Art. 15 and 20); no secrets. */
  async function exportData(ctx: RequestContext, actor: Actor, accountId: string) {
    return db.tenant(ctx.tenantId, async (tx) => {
      const account = await load(tx, ctx, actor, accountId, false);
      if (account.closedAt) throw problems.accountClosed();
      const users = await repo.allUsers(tx, ctx.tenantId, accountId);
      const bookings = await repo.bookings(tx, ctx.tenantId, accountId);
      const ids = bookings.map((b) => b.id);
      const invitations = await repo.invitations(tx, ctx.tenantId, accountId);
      return {
        exportedAt: ctx.now.toISOString(),
        account: {
          id: account.id,
          name: account.name,
          email: account.email,
          customerNumber: account.customerNumber,
          customerType: account.customerType,
          isTestAccount: account.isTestAccount,
          contractPartner: account.contractPartner,
          contractConcludedAt: account.contractConcludedAt?.toISOString() ?? null,
          paymentTerms: account.paymentTerms,
          paymentTermsSource: account.paymentTermsSource,
          billingAddress: account.billingAddress,
          vatTreatment: account.vatTreatment,
          vatId: account.vatId,
          vatIdCheck: account.vatIdCheck,
          invoiceRecipients: account.invoiceRecipients,
          invoiceDelivery: account.invoiceDelivery,
          purchaseOrderNumber: account.purchaseOrderNumber,
          contractStartOverride: account.contractStartOverride,
          documentLocale: account.documentLocale,
          createdAt: account.createdAt.toISOString(),
        },
        users: users.map((u) => ({
          id: u.id,
          name: u.name,
          email: u.email,
          role: u.role,
          isAccountOwner: u.isAccountOwner,
          locale: u.locale,
          emailVerifiedAt: u.emailVerifiedAt?.toISOString() ?? null,
          removedAt: u.disabledAt?.toISOString() ?? null,
          createdAt: u.createdAt.toISOString(),
        })),
        invitations: invitations.map((i) => ({
          id: i.id,
          email: i.email,
          role: i.role,
          createdAt: i.createdAt.toISOString(),
          expiresAt: i.expiresAt.toISOString(),
          acceptedAt: i.acceptedAt?.toISOString() ?? null,
          revokedAt: i.revokedAt?.toISOString() ?? null,
        })),
        bookings: bookings.map((b) => ({
          id: b.id,
          moduleId: b.moduleId,
          startDate: b.startDate,
          endDate: b.endDate,
          moduleData: b.moduleData,
          orderedByType: b.orderedByType,
          orderedById: b.orderedById,
          createdAt: b.createdAt.toISOString(),
        })),
        tariffPeriods: (await repo.tariffPeriods(tx, ctx.tenantId, ids)).map((p) => ({
          bookingId: p.bookingId,
          tariffId: p.tariffId,
          startDate: p.startDate,
          endDate: p.endDate,
        })),
        options: (await repo.options(tx, ctx.tenantId, ids)).map((o) => ({
          id: o.id,
          bookingId: o.bookingId,
          itemId: o.itemId,
          quantity: o.quantity,
          startDate: o.startDate,
          endDate: o.endDate,
        })),
        legalAcceptances: (await repo.legalAcceptances(tx, ctx.tenantId, accountId)).map((a) => ({
          kind: a.kind,
          documentId: a.documentId,
          version: a.version,
          acceptedAt: a.acceptedAt.toISOString(),
          acceptedBy: a.clientUserId,
          ip: a.ip,
        })),
        auditEntries: (await repo.auditEntries(tx, ctx.tenantId, accountId)).map((e) => ({
          at: e.at.toISOString(),
          actorType: e.actorType,
          actorId: e.actorId,
          action: e.action,
          entityType: e.entityType,
          entityId: e.entityId,
          before: e.before,
          after: e.after,
          reason: e.reason,
        })),
      };
    });
  }

  return { getSection, close, exportData };
}

export type AccountClosingService = ReturnType<typeof createAccountClosingService>;
