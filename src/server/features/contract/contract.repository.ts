import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import {
  accounts,
  auditLog,
  bookings,
  clientUsers,
  invoiceSettings,
  legalAcceptances,
  legalDocuments,
  staffUsers,
} from '../../db/schema';
import type { AccountRow } from '../accounts/accounts.repository';

/** Audit actions that set the contract partner: given at the first order, or changed by a manager. */
export const PARTNER_GIVEN = 'account.contract_concluded';
export const PARTNER_CHANGED = 'contract.partner_changed';

export type PartnerEvent = {
  action: string;
  at: Date;
  actorType: 'staff' | 'client' | 'system';
  actorName: string | null;
  reason: string | null;
};

export type LegalAcceptanceRow = {
  kind: 'terms' | 'privacy';
  documentId: string;
  title: string;
  version: number;
  acceptedAt: Date;
  acceptedBy: string | null;
};

export type ContractData = {
  account: AccountRow;
  owner: { id: string; name: string; email: string; locale: string | null } | null;
  derivedStart: string | null;
  partnerEvents: PartnerEvent[];
  acceptances: LegalAcceptanceRow[];
  general: {
    paymentTerms: (typeof invoiceSettings.$inferSelect)['paymentTerms'];
    issuerVatId: string | null;
  } | null;
};

export type AccountChanges = Partial<
  Pick<
    typeof accounts.$inferInsert,
    | 'contractPartner'
    | 'billingAddress'
    | 'paymentTerms'
    | 'paymentTermsSource'
    | 'contractStartOverride'
    | 'customerNumber'
    | 'vatTreatment'
    | 'vatId'
    | 'vatIdCheck'
    | 'invoiceRecipients'
    | 'invoiceDelivery'
    | 'purchaseOrderNumber'
    | 'isTestAccount'
  >
>;

/**
 * Everything the Contract data tab shows, in four statements whatever the account holds: the
 * account with its owner and derived contract start, the partner's provenance from the audit log,
 * the latest acceptance of each legal document, and the operator's general terms.
 */
export const contractRepository = {
  async load(
    tx: Queryable,
    tenantId: string,
    accountId: string,
    today: string,
  ): Promise<ContractData | undefined> {
    const [head] = await tx
      .select({
        account: accounts,
        ownerId: clientUsers.id,
        ownerName: clientUsers.name,
        ownerEmail: clientUsers.email,
        ownerLocale: clientUsers.locale,
        // (6) The start of the oldest booking still current on `today`: derived, never stored.
        derivedStart: sql<string | null>`(
          select min(${bookings.startDate})::text from ${bookings}
          where ${bookings.tenantId} = ${accounts.tenantId} and ${bookings.accountId} = ${accounts.id}
            and (${bookings.endDate} is null or ${bookings.endDate} >= ${today}::date))`,
      })
      .from(accounts)
      .leftJoin(
        clientUsers,
        and(
          eq(clientUsers.tenantId, accounts.tenantId),
          eq(clientUsers.accountId, accounts.id),
          eq(clientUsers.isAccountOwner, true),
        ),
      )
      .where(and(eq(accounts.tenantId, tenantId), eq(accounts.id, accountId)))
      .limit(1);
    if (!head) return undefined;

    const partnerRows = await tx
      .selectDistinctOn([auditLog.action], {
        action: auditLog.action,
        at: auditLog.at,
        actorType: auditLog.actorType,
        actorName: sql<string | null>`coalesce(${staffUsers.name}, ${clientUsers.name})`,
        reason: auditLog.reason,
      })
      .from(auditLog)
      .leftJoin(staffUsers, and(eq(auditLog.actorType, 'staff'), eq(staffUsers.id, auditLog.actorId)))
      .leftJoin(clientUsers, and(eq(auditLog.actorType, 'client'), eq(clientUsers.id, auditLog.actorId)))
      .where(
        and(
          eq(auditLog.tenantId, tenantId),
          eq(auditLog.accountId, accountId),
          inArray(auditLog.action, [PARTNER_GIVEN, PARTNER_CHANGED]),
        ),
      )
      .orderBy(auditLog.action, desc(auditLog.id));

    const acceptances = await tx
      .selectDistinctOn([legalAcceptances.kind], {
        kind: legalAcceptances.kind,
        documentId: legalAcceptances.documentId,
        title: legalDocuments.title,
        version: legalAcceptances.version,
        acceptedAt: legalAcceptances.acceptedAt,
        acceptedBy: clientUsers.name,
      })
      .from(legalAcceptances)
      .innerJoin(
        legalDocuments,
        and(
          eq(legalDocuments.tenantId, legalAcceptances.tenantId),
          eq(legalDocuments.id, legalAcceptances.documentId),
        ),
      )
      .leftJoin(
        clientUsers,
        and(
          eq(clientUsers.tenantId, legalAcceptances.tenantId),
          eq(clientUsers.id, legalAcceptances.clientUserId),
        ),
      )
      .where(and(eq(legalAcceptances.tenantId, tenantId), eq(legalAcceptances.accountId, accountId)))
      .orderBy(legalAcceptances.kind, desc(legalAcceptances.acceptedAt), desc(legalAcceptances.id));

    const [settings] = await tx
      .select({
        paymentTerms: invoiceSettings.paymentTerms,
        issuerVatId: sql<string | null>`${invoiceSettings.issuer}->>'vatId'`,
      })
      .from(invoiceSettings)
      .where(eq(invoiceSettings.tenantId, tenantId))
      .limit(1);

    return {
      account: head.account,
      owner:
        head.ownerId && head.ownerName !== null && head.ownerEmail !== null
          ? { id: head.ownerId, name: head.ownerName, email: head.ownerEmail, locale: head.ownerLocale }
          : null,
      derivedStart: head.derivedStart,
      partnerEvents: partnerRows,
      acceptances,
      general: settings ?? null,
    };
  },

  async lock(tx: Queryable, tenantId: string, accountId: string) {
    const [row] = await tx
      .select()
      .from(accounts)
      .where(and(eq(accounts.tenantId, tenantId), eq(accounts.id, accountId)))
      .limit(1)
      .for('update');
    return row;
  },

  /** Writes the changes if the version is still the one read; undefined when it is not. */
  async update(tx: Queryable, tenantId: string, accountId: string, version: number, changes: AccountChanges) {
    const [row] = await tx
      .update(accounts)
      .set({ ...changes, version: sql`${accounts.version} + 1` })
      .where(and(eq(accounts.tenantId, tenantId), eq(accounts.id, accountId), eq(accounts.version, version)))
      .returning();
    return row;
  },

  async generalPaymentTerms(tx: Queryable, tenantId: string) {
    const [row] = await tx
      .select({ paymentTerms: invoiceSettings.paymentTerms })
      .from(invoiceSettings)
      .where(eq(invoiceSettings.tenantId, tenantId))
      .limit(1);
    return row?.paymentTerms;
  },
};
