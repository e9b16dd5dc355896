import { and, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { preparedStatement } from '../../db/prepared';
import { accounts, clientUsers, invoiceSettings } from '../../db/schema';
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

type PartnerEventJson = Omit<PartnerEvent, 'at'> & { at: string };
type AcceptanceJson = Omit<LegalAcceptanceRow, 'acceptedAt'> & { acceptedAt: string };

/**
 * Everything the Contract data tab shows in one statement whatever the account holds, built once
 * (ADR 0017): the account with its owner and derived contract start; the partner's provenance from
 * the audit log, the latest acceptance of each legal document and the operator's general terms as
 * JSON beside it.
 */
const contractPage = preparedStatement('kontor_contract_page', (db) =>
  db
    .select({
      account: accounts,
      ownerId: clientUsers.id,
      ownerName: clientUsers.name,
      ownerEmail: clientUsers.email,
      ownerLocale: clientUsers.locale,
      // (6) The start of the oldest booking still current on `today`: derived, never stored.
      derivedStart: sql<string | null>`(
        select min(b.start_date)::text from bookings b
        where b.tenant_id = ${accounts.tenantId} and b.account_id = ${accounts.id}
          and (b.end_date is null or b.end_date >= ${sql.placeholder('today')}::date))`,
      // (3) When and by whom the partner was given and last changed.
      partnerEvents: sql<PartnerEventJson[]>`(
        select coalesce(json_agg(e order by e.action), '[]'::json) from (
          select distinct on (al.action) al.action, al.at, al.actor_type as "actorType",
                 coalesce(su.name, cu.name) as "actorName", al.reason
            from audit_log al
            left join staff_users su on al.actor_type = 'staff' and su.tenant_id = al.tenant_id and su.id = al.actor_id
            left join client_users cu on al.actor_type = 'client' and cu.tenant_id = al.tenant_id and cu.id = al.actor_id
           where al.tenant_id = ${accounts.tenantId} and al.account_id = ${accounts.id}
             and al.action in (${sql.raw(`'${PARTNER_GIVEN}', '${PARTNER_CHANGED}'`)})
           order by al.action, al.id desc) e)`,
      // (11) The latest acceptance of each legal document.
      acceptances: sql<AcceptanceJson[]>`(
        select coalesce(json_agg(x order by x.kind), '[]'::json) from (
          select distinct on (la.kind) la.kind, la.document_id as "documentId", ld.title,
                 la.version, la.accepted_at as "acceptedAt", cu.name as "acceptedBy"
            from legal_acceptances la
            join legal_documents ld on ld.tenant_id = la.tenant_id and ld.id = la.document_id
            left join client_users cu on cu.tenant_id = la.tenant_id and cu.id = la.client_user_id
           where la.tenant_id = ${accounts.tenantId} and la.account_id = ${accounts.id}
           order by la.kind, la.accepted_at desc, la.id desc) x)`,
      // (5) (8) The operator's general payment terms and VAT ID, when invoice settings exist.
      general: sql<ContractData['general'] | null>`(
        select json_build_object('paymentTerms', s.payment_terms, 'issuerVatId', s.issuer->>'vatId')
          from invoice_settings s where s.tenant_id = ${accounts.tenantId})`,
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
    .where(
      and(eq(accounts.tenantId, sql.placeholder('tenantId')), eq(accounts.id, sql.placeholder('accountId'))),
    )
    .limit(1),
);

export const contractRepository = {
  async load(
    tx: Queryable,
    tenantId: string,
    accountId: string,
    today: string,
  ): Promise<ContractData | undefined> {
    const [head] = await contractPage.run(tx, { tenantId, accountId, today });
    if (!head) return undefined;
    return {
      account: head.account,
      owner:
        head.ownerId && head.ownerName !== null && head.ownerEmail !== null
          ? { id: head.ownerId, name: head.ownerName, email: head.ownerEmail, locale: head.ownerLocale }
          : null,
      derivedStart: head.derivedStart,
      partnerEvents: head.partnerEvents.map((e) => ({ ...e, at: new Date(e.at) })),
      acceptances: head.acceptances.map((a) => ({ ...a, acceptedAt: new Date(a.acceptedAt) })),
      general: head.general,
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
