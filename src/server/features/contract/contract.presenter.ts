import { vatLegend } from '../../../domain/documents';
import { isLocale, type Locale } from '../../../shared/locales';
import {
  type Action,
  type Actor,
  abilitiesFor,
  can,
  isReasonRequired,
  refusalFor,
} from '../../../shared/permissions';
import type { ContractPage, LegalAcceptanceDto, SectionAbility } from '../../../shared/schemas/contract-page';
import type { AccountRow } from '../accounts/accounts.repository';
import { type ContractData, PARTNER_CHANGED, PARTNER_GIVEN, type PartnerEvent } from './contract.repository';

/** Actions the page offers beside its sections (tabs, ordering, closing). */
const pageActions = [
  'contract.view',
  'account.viewAudit',
  'account.close',
  'module.order',
] as const satisfies readonly Action[];

/** What the viewer may do with a section: the matrix decides; a closed account is read-only for all. */
export function sectionAbility(
  actor: Actor,
  action: Action,
  account: Pick<AccountRow, 'closedAt'>,
): SectionAbility {
  const reasonRequired = isReasonRequired(action) && actor.realm === 'staff';
  const refusal = refusalFor(actor, action);
  if (refusal) return { canEdit: false, refusal, reasonRequired };
  if (account.closedAt) return { canEdit: false, refusal: { code: 'account_closed' }, reasonRequired };
  return { canEdit: can(actor, action), refusal: null, reasonRequired };
}

/** The language of the client's documents: the account's choice, else the owner's, else the operator's. */
export function documentLanguage(data: ContractData, tenantLocale: string): Locale {
  if (data.account.documentLocale) return data.account.documentLocale;
  if (isLocale(data.owner?.locale)) return data.owner.locale;
  return isLocale(tenantLocale) ? tenantLocale : 'en';
}

function person(e: PartnerEvent) {
  return { type: e.actorType, name: e.actorName };
}

function acceptance(data: ContractData, kind: 'terms' | 'privacy'): LegalAcceptanceDto | null {
  const row = data.acceptances.find((a) => a.kind === kind);
  if (!row) return null;
  return {
    documentId: row.documentId,
    title: row.title,
    version: row.version,
    acceptedAt: row.acceptedAt.toISOString(),
    acceptedBy: row.acceptedBy,
  };
}

export function presentContractPage(
  actor: Actor,
  data: ContractData,
  opts: { tenantLocale: string; viesEnabled: boolean },
): ContractPage {
  const a = data.account;
  const ability = (action: Action) => sectionAbility(actor, action, a);
  const given = data.partnerEvents.find((e) => e.action === PARTNER_GIVEN);
  const changed = data.partnerEvents.find((e) => e.action === PARTNER_CHANGED);
  const language = documentLanguage(data, opts.tenantLocale);
  return {
    account: {
      id: a.id,
      name: a.name,
      email: a.email,
      customerNumber: a.customerNumber,
      customerType: a.customerType,
      isTestAccount: a.isTestAccount,
      closedAt: a.closedAt?.toISOString() ?? null,
      contractConcludedAt: a.contractConcludedAt?.toISOString() ?? null,
      version: a.version,
    },
    owner: data.owner ? { id: data.owner.id, name: data.owner.name, email: data.owner.email } : null,
    partner: {
      value: a.contractPartner,
      givenAt: given?.at.toISOString() ?? a.contractConcludedAt?.toISOString() ?? null,
      givenBy: given ? person(given) : null,
      lastChange: changed
        ? {
            at: changed.at.toISOString(),
            by: person(changed),
            // The reason is a staff note (the audit history is staff-only too).
            reason: actor.realm === 'staff' ? changed.reason : null,
          }
        : null,
      ability: ability('contract.editPartner'),
    },
    billingAddress: { value: a.billingAddress, ability: ability('contract.editBilling') },
    paymentTerms: {
      source: a.paymentTermsSource,
      terms: a.paymentTerms,
      generalTerms: data.general?.paymentTerms ?? null,
      ability: ability('contract.editPaymentTerms'),
    },
    contractDuration: {
      derivedStart: data.derivedStart,
      override: a.contractStartOverride,
      start: a.contractStartOverride ?? data.derivedStart,
      ability: ability('contract.changeStart'),
    },
    customerNumber: { value: a.customerNumber, ability: ability('contract.editCustomerNumber') },
    vat: {
      treatment: a.vatTreatment,
      vatId: a.vatId,
      check: a.vatIdCheck,
      documentLanguage: language,
      legend: vatLegend(a.vatTreatment, language),
      issuerVatId: data.general?.issuerVatId ?? null,
      viesEnabled: opts.viesEnabled,
      ability: ability('contract.editVat'),
    },
    invoiceReceipt: {
      recipients: a.invoiceRecipients,
      delivery: a.invoiceDelivery,
      ability: ability('contract.editBilling'),
    },
    purchaseOrder: { value: a.purchaseOrderNumber, ability: ability('contract.editBilling') },
    legal: { terms: acceptance(data, 'terms'), privacy: acceptance(data, 'privacy') },
    testAccount: { value: a.isTestAccount, ability: ability('contract.setTestAccount') },
    abilities: abilitiesFor(actor, pageActions),
  };
}
