import { and, asc, eq, gte, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../db/client';
import {
  accounts,
  auditLog,
  bookingOptions,
  bookings,
  bookingTariffPeriods,
  clientInvitations,
  clientUsers,
  emailVerificationTokens,
  legalAcceptances,
  loginAttempts,
  modules,
  outboxEmails,
  passwordResetTokens,
  sessions,
  tariffItems,
  tariffs,
} from '../../db/schema';

/** Reads and writes of the closing of an account; scoped by tenant and account throughout. */
export const accountClosingRepository = {
  /**
   * The issue date of the account's latest document (invoice or correction), or null while
   * there is none — also while the documents table does not exist yet.
   */
  async latestDocumentIssueDate(tx: Queryable, tenantId: string, accountId: string): Promise<string | null> {
    const probe = await tx.execute(sql`
      select count(*) = 2 as ready from information_schema.columns
       where table_schema = 'public' and table_name = 'documents' and column_name in ('account_id', 'issue_date')`);
    if (!rowsOf<{ ready: boolean }>(probe)[0]?.ready) return null;
    const res = await tx.execute(sql`
      select to_char(max(issue_date), 'YYYY-MM-DD') as latest from documents
       where tenant_id = ${tenantId} and account_id = ${accountId}`);
    return rowsOf<{ latest: string | null }>(res)[0]?.latest ?? null;
  },

  /** Bookings that are still current on `today` (no end, or an end not before today). */
  async runningBookings(tx: Queryable, tenantId: string, accountId: string, today: string) {
    return tx
      .select({
        id: bookings.id,
        startDate: bookings.startDate,
        endDate: bookings.endDate,
        moduleName: modules.name,
        tariffTitle: sql<Record<string, string>>`(
          select t.title from ${bookingTariffPeriods} p join ${tariffs} t on t.tenant_id = p.tenant_id and t.id = p.tariff_id
           where p.tenant_id = ${bookings.tenantId} and p.booking_id = ${bookings.id}
           order by p.start_date desc limit 1)`,
      })
      .from(bookings)
      .innerJoin(modules, and(eq(modules.tenantId, bookings.tenantId), eq(modules.id, bookings.moduleId)))
      .where(
        and(
          eq(bookings.tenantId, tenantId),
          eq(bookings.accountId, accountId),
          or(isNull(bookings.endDate), gte(bookings.endDate, today)),
        ),
      )
      .orderBy(asc(bookings.startDate), asc(bookings.id));
  },

  /** Additional options of the account's bookings that are still current on `today`. */
  async runningOptions(tx: Queryable, tenantId: string, accountId: string, today: string) {
    return tx
      .select({
        id: bookingOptions.id,
        bookingId: bookingOptions.bookingId,
        startDate: bookingOptions.startDate,
        endDate: bookingOptions.endDate,
        itemTitle: tariffItems.title,
        moduleName: modules.name,
      })
      .from(bookingOptions)
      .innerJoin(
        bookings,
        and(eq(bookings.tenantId, bookingOptions.tenantId), eq(bookings.id, bookingOptions.bookingId)),
      )
      .innerJoin(modules, and(eq(modules.tenantId, bookings.tenantId), eq(modules.id, bookings.moduleId)))
      .innerJoin(
        tariffItems,
        and(eq(tariffItems.tenantId, bookingOptions.tenantId), eq(tariffItems.id, bookingOptions.itemId)),
      )
      .where(
        and(
          eq(bookingOptions.tenantId, tenantId),
          eq(bookings.accountId, accountId),
          or(isNull(bookingOptions.endDate), gte(bookingOptions.endDate, today)),
        ),
      )
      .orderBy(asc(bookingOptions.startDate), asc(bookingOptions.id));
  },

  async allUsers(tx: Queryable, tenantId: string, accountId: string) {
    return tx
      .select()
      .from(clientUsers)
      .where(and(eq(clientUsers.tenantId, tenantId), eq(clientUsers.accountId, accountId)))
      .orderBy(asc(clientUsers.createdAt), asc(clientUsers.id));
  },

  async invitations(tx: Queryable, tenantId: string, accountId: string) {
    return tx
      .select()
      .from(clientInvitations)
      .where(and(eq(clientInvitations.tenantId, tenantId), eq(clientInvitations.accountId, accountId)))
      .orderBy(asc(clientInvitations.createdAt));
  },

  async bookings(tx: Queryable, tenantId: string, accountId: string) {
    return tx
      .select()
      .from(bookings)
      .where(and(eq(bookings.tenantId, tenantId), eq(bookings.accountId, accountId)))
      .orderBy(asc(bookings.startDate), asc(bookings.id));
  },

  async tariffPeriods(tx: Queryable, tenantId: string, bookingIds: string[]) {
    if (bookingIds.length === 0) return [];
    return tx
      .select()
      .from(bookingTariffPeriods)
      .where(
        and(eq(bookingTariffPeriods.tenantId, tenantId), inArray(bookingTariffPeriods.bookingId, bookingIds)),
      )
      .orderBy(asc(bookingTariffPeriods.startDate));
  },

  async options(tx: Queryable, tenantId: string, bookingIds: string[]) {
    if (bookingIds.length === 0) return [];
    return tx
      .select()
      .from(bookingOptions)
      .where(and(eq(bookingOptions.tenantId, tenantId), inArray(bookingOptions.bookingId, bookingIds)))
      .orderBy(asc(bookingOptions.startDate));
  },

  async legalAcceptances(tx: Queryable, tenantId: string, accountId: string) {
    return tx
      .select()
      .from(legalAcceptances)
      .where(and(eq(legalAcceptances.tenantId, tenantId), eq(legalAcceptances.accountId, accountId)))
      .orderBy(asc(legalAcceptances.acceptedAt));
  },

  async auditEntries(tx: Queryable, tenantId: string, accountId: string) {
    return tx
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenantId), eq(auditLog.accountId, accountId)))
      .orderBy(asc(auditLog.id));
  },

  /** Ends every login of the users: sessions, reset and confirmation links, invitations, login attempts. */
  async endLogins(
    tx: Queryable,
    tenantId: string,
    accountId: string,
    userIds: string[],
    addresses: string[],
  ) {
    if (userIds.length > 0) {
      await tx
        .delete(sessions)
        .where(
          and(
            eq(sessions.tenantId, tenantId),
            eq(sessions.realm, 'client'),
            inArray(sessions.userId, userIds),
          ),
        );
      await tx
        .delete(passwordResetTokens)
        .where(
          and(
            eq(passwordResetTokens.tenantId, tenantId),
            eq(passwordResetTokens.realm, 'client'),
            inArray(passwordResetTokens.userId, userIds),
          ),
        );
      await tx
        .delete(emailVerificationTokens)
        .where(
          and(
            eq(emailVerificationTokens.tenantId, tenantId),
            inArray(emailVerificationTokens.clientUserId, userIds),
          ),
        );
    }
    await tx
      .delete(clientInvitations)
      .where(and(eq(clientInvitations.tenantId, tenantId), eq(clientInvitations.accountId, accountId)));
    if (addresses.length > 0) {
      await tx
        .delete(loginAttempts)
        .where(
          and(
            eq(loginAttempts.tenantId, tenantId),
            eq(loginAttempts.realm, 'client'),
            inArray(sql`lower(${loginAttempts.email})`, addresses),
          ),
        );
    }
  },

  /** Copies of e-mails already delivered to these addresses (pending ones are still to be sent). */
  async deleteDeliveredEmails(tx: Queryable, tenantId: string, addresses: string[]) {
    if (addresses.length === 0) return;
    await tx
      .delete(outboxEmails)
      .where(
        and(
          eq(outboxEmails.tenantId, tenantId),
          ne(outboxEmails.status, 'pending'),
          inArray(sql`lower(${outboxEmails.to})`, addresses),
        ),
      );
  },

  async anonymiseUsers(tx: Queryable, tenantId: string, accountId: string, now: Date) {
    await tx
      .update(clientUsers)
      .set({
        name: 'Deleted user',
        email: sql`'deleted-' || ${clientUsers.id} || '@closed.invalid'`,
        passwordHash: null,
        locale: null,
        emailVerifiedAt: null,
        disabledAt: sql`coalesce(${clientUsers.disabledAt}, ${now.toISOString()}::timestamptz)`,
        version: sql`${clientUsers.version} + 1`,
      })
      .where(and(eq(clientUsers.tenantId, tenantId), eq(clientUsers.accountId, accountId)));
  },

  async eraseModuleData(tx: Queryable, tenantId: string, accountId: string) {
    await tx
      .update(bookings)
      .set({ moduleData: {}, idempotencyKey: null, version: sql`${bookings.version} + 1` })
      .where(and(eq(bookings.tenantId, tenantId), eq(bookings.accountId, accountId)));
  },

  /** Anonymises the account's own contact data and marks it closed; the last write the account takes. */
  async closeAccount(tx: Queryable, tenantId: string, accountId: string, placeholderName: string, now: Date) {
    const [row] = await tx
      .update(accounts)
      .set({
        name: placeholderName,
        email: sql`'closed-' || ${accounts.id} || '@closed.invalid'`,
        contractPartner: null,
        billingAddress: null,
        invoiceRecipients: [],
        purchaseOrderNumber: null,
        closedAt: now,
        version: sql`${accounts.version} + 1`,
      })
      .where(and(eq(accounts.tenantId, tenantId), eq(accounts.id, accountId), isNull(accounts.closedAt)))
      .returning();
    return row;
  },
};
