import { normalizeVatId, validateVatId } from '../../../shared/identifiers';
import { type Action, type Actor, can, isReasonRequired } from '../../../shared/permissions';
import type { ContractPartnerData, PaymentTermsData } from '../../../shared/schemas/catalog';
import type { BillingAddressData, VatIdCheckData } from '../../../shared/schemas/contract';
import type { ContractPage } from '../../../shared/schemas/contract-page';
import type { RequestContext } from '../../context';
import type { Database, Tx } from '../../db/client';
import { constraintRefusal, type FieldError, problems } from '../../problem';
import type { AccountRow } from '../accounts/accounts.repository';
import { accountsRepository } from '../accounts/accounts.repository';
import { recordAudit } from '../audit/audit.repository';
import { presentContractPage } from './contract.presenter';
import { type AccountChanges, contractRepository, PARTNER_CHANGED } from './contract.repository';
import type { ViesClient } from './vies.client';

/** Who asks, for which account, in which operator's language. */
export type ContractScope = { ctx: RequestContext; actor: Actor; accountId: string; tenantLocale: string };

type Change = {
  action: Action;
  /** The audit log's name of the change. */
  auditAction: string;
  version: number;
  reason?: string | undefined;
  /** Checks the change against the current row (400/409) and returns the columns to write. */
  build(current: AccountRow, tx: Tx): Promise<{ changes: AccountChanges; fields: (keyof AccountRow)[] }>;
};

const fieldsProblem = (errors: FieldError[]) =>
  problems.badRequest('validation_failed', 'The change is invalid', errors);

function pick(row: AccountRow, fields: (keyof AccountRow)[]) {
  return Object.fromEntries(fields.map((f) => [f, row[f]]));
}

export function createContractService(db: Database, deps: { vies: ViesClient }) {
  const present = (
    scope: ContractScope,
    data: NonNullable<Awaited<ReturnType<typeof contractRepository.load>>>,
  ) =>
    presentContractPage(scope.actor, data, {
      tenantLocale: scope.tenantLocale,
      viesEnabled: deps.vies.enabled,
    });

  /** A client sees only their own account; any other id is simply not found. */
  function assertScope(scope: ContractScope, row: AccountRow | undefined): asserts row is AccountRow {
    if (!row || (scope.actor.realm === 'client' && scope.actor.accountId !== row.id))
      throw problems.notFound('Account');
  }

  async function loadPage(tx: Tx, scope: ContractScope): Promise<ContractPage> {
    const data = await contractRepository.load(tx, scope.ctx.tenantId, scope.accountId, scope.ctx.today);
    assertScope(scope, data?.account);
    return present(scope, data!);
  }

  async function getContract(scope: ContractScope): Promise<ContractPage> {
    return db.tenant(scope.ctx.tenantId, (tx) => loadPage(tx, scope));
  }

  /**
   * One change of one section: reason (when the matrix requires it) → lock the account → scope →
   * authorize → closed? → version → the section's own checks → write → audit (same transaction).
   * The row lock makes concurrent edits wait; the second then finds a newer version and gets 409.
   */
  async function change(scope: ContractScope, c: Change): Promise<ContractPage> {
    const { ctx, actor } = scope;
    if (actor.realm === 'staff' && isReasonRequired(c.action) && !c.reason?.trim())
      throw fieldsProblem([
        { field: 'reason', message: 'Give a reason: it is kept in the account history', code: 'required' },
      ]);
    return db.tenant(ctx.tenantId, async (tx) => {
      const current = await contractRepository.lock(tx, ctx.tenantId, scope.accountId);
      assertScope(scope, current);
      if (!can(actor, c.action)) throw problems.forbidden(`Action ${c.action} is not allowed for your level`);
      if (current.closedAt)
        throw problems.conflict(
          'account_closed',
          'The account is closed; its contract data can no longer change',
        );
      if (current.version !== c.version) throw problems.staleVersion(await loadPage(tx, scope));
      const { changes, fields } = await c.build(current, tx);
      const updated = await contractRepository.update(tx, ctx.tenantId, scope.accountId, c.version, changes);
      if (!updated) throw problems.staleVersion(await loadPage(tx, scope));
      await recordAudit(tx, ctx, {
        action: c.auditAction,
        entityType: 'account',
        entityId: scope.accountId,
        accountId: scope.accountId,
        before: { ...pick(current, fields), version: current.version },
        after: { ...pick(updated, fields), version: updated.version },
        reason: c.reason?.trim() || null,
      });
      return loadPage(tx, scope);
    });
  }

  return {
    getContract,

    setPartner: (
      s: ContractScope,
      b: { contractPartner: ContractPartnerData; reason?: string; version: number },
    ) =>
      change(s, {
        action: 'contract.editPartner',
        auditAction: PARTNER_CHANGED,
        version: b.version,
        reason: b.reason,
        build: async () => ({ changes: { contractPartner: b.contractPartner }, fields: ['contractPartner'] }),
      }),

    setBillingAddress: (
      s: ContractScope,
      b: { billingAddress: BillingAddressData | null; version: number },
    ) =>
      change(s, {
        action: 'contract.editBilling',
        auditAction: 'contract.billing_address_changed',
        version: b.version,
        build: async () => ({ changes: { billingAddress: b.billingAddress }, fields: ['billingAddress'] }),
      }),

    setPaymentTerms: (
      s: ContractScope,
      b: {
        source: 'general' | 'custom';
        terms?: PaymentTermsData | undefined;
        reason?: string;
        version: number;
      },
    ) =>
      change(s, {
        action: 'contract.editPaymentTerms',
        auditAction: 'contract.payment_terms_changed',
        version: b.version,
        reason: b.reason,
        build: async (_current, tx) => {
          let terms = b.terms;
          if (b.source === 'general') {
            terms = await contractRepository.generalPaymentTerms(tx, s.ctx.tenantId);
            if (!terms)
              throw problems.conflict(
                'no_general_terms',
                'The operator has no general payment terms yet (invoice settings)',
              );
          }
          return {
            changes: { paymentTerms: terms ?? null, paymentTermsSource: b.source },
            fields: ['paymentTerms', 'paymentTermsSource'],
          };
        },
      }),

    setContractStart: (s: ContractScope, b: { override: string | null; reason?: string; version: number }) =>
      change(s, {
        action: 'contract.changeStart',
        auditAction: 'contract.start_changed',
        version: b.version,
        reason: b.reason,
        build: async () => {
          if (b.override !== null && b.override > s.ctx.today)
            throw fieldsProblem([
              { field: 'override', message: 'The contract start cannot lie in the future', code: 'future' },
            ]);
          return { changes: { contractStartOverride: b.override }, fields: ['contractStartOverride'] };
        },
      }),

    setCustomerNumber: (
      s: ContractScope,
      b: { customerNumber: string | null; reason?: string | undefined; version: number },
    ) =>
      change(s, {
        action: 'contract.editCustomerNumber',
        auditAction: 'account.customer_number_changed',
        version: b.version,
        reason: b.reason,
        build: async (_current, tx) => {
          if (b.customerNumber !== null) {
            const other = await accountsRepository.findByCustomerNumber(tx, s.ctx.tenantId, b.customerNumber);
            if (other && other.id !== s.accountId) throw constraintRefusal('accounts_customer_number');
          }
          return { changes: { customerNumber: b.customerNumber }, fields: ['customerNumber'] };
        },
      }),

    /**
     * (8) The VAT ID's format is checked per country; reverse charge needs one. When VIES is
     * configured the ID is checked there first (outside the transaction, it is a remote call):
     * "invalid" refuses reverse charge, "unavailable" saves with "not checked".
     */
    async setVat(
      s: ContractScope,
      b: { treatment: 'standard' | 'reverse_charge' | 'not_taxable'; vatId: string | null; version: number },
      now: () => Date,
    ) {
      const raw = b.vatId?.trim() ? b.vatId : null;
      let vatId: string | null = null;
      if (raw !== null) {
        const checked = validateVatId(raw);
        if (!checked.ok)
          throw fieldsProblem([{ field: 'vatId', message: checked.message, code: checked.code }]);
        vatId = checked.value;
      }
      if (b.treatment === 'reverse_charge' && vatId === null)
        throw fieldsProblem([
          { field: 'vatId', message: "Reverse charge needs the client's VAT ID", code: 'required' },
        ]);
      const fresh: VatIdCheckData | null =
        vatId && deps.vies.enabled ? await deps.vies.check(vatId, now) : null;
      if (fresh?.result === 'invalid' && b.treatment === 'reverse_charge')
        throw fieldsProblem([
          {
            field: 'vatId',
            message: 'VIES reports this VAT ID as not valid; reverse charge cannot apply',
            code: 'vies_invalid',
          },
        ]);
      return change(s, {
        action: 'contract.editVat',
        auditAction: 'contract.vat_changed',
        version: b.version,
        build: async (current) => {
          let check: VatIdCheckData | null = fresh;
          if (!check && vatId) {
            // Without VIES the last evidence stays while the ID is the same; a new ID is "not checked".
            check =
              current.vatIdCheck && normalizeVatId(current.vatIdCheck.vatId) === vatId
                ? current.vatIdCheck
                : await deps.vies.check(vatId, now);
          }
          return {
            changes: { vatTreatment: b.treatment, vatId, vatIdCheck: check },
            fields: ['vatTreatment', 'vatId', 'vatIdCheck'],
          };
        },
      });
    },

    setInvoiceReceipt: (
      s: ContractScope,
      b: { recipients: string[]; delivery: 'attachment' | 'link'; version: number },
    ) =>
      change(s, {
        action: 'contract.editBilling',
        auditAction: 'contract.invoice_receipt_changed',
        version: b.version,
        build: async () => ({
          changes: { invoiceRecipients: b.recipients.map((r) => r.trim()), invoiceDelivery: b.delivery },
          fields: ['invoiceRecipients', 'invoiceDelivery'],
        }),
      }),

    setPurchaseOrder: (s: ContractScope, b: { purchaseOrderNumber: string | null; version: number }) =>
      change(s, {
        action: 'contract.editBilling',
        auditAction: 'contract.purchase_order_changed',
        version: b.version,
        build: async () => ({
          changes: { purchaseOrderNumber: b.purchaseOrderNumber },
          fields: ['purchaseOrderNumber'],
        }),
      }),

    setTestAccount: (s: ContractScope, b: { isTestAccount: boolean; version: number }) =>
      change(s, {
        action: 'contract.setTestAccount',
        auditAction: 'contract.test_account_changed',
        version: b.version,
        build: async () => ({ changes: { isTestAccount: b.isTestAccount }, fields: ['isTestAccount'] }),
      }),
  };
}

export type ContractService = ReturnType<typeof createContractService>;
