import type { TFunction } from 'i18next';
import { formattingLocale, type Locale } from '../../../shared/locales';
import { type Action, requiredLevel } from '../../../shared/permissions';
import type { RefusalDto } from '../../../shared/schemas/contract-page';

/** The sections of the Contract data tab that can be changed, and the matrix action of each. */
export const sectionActions = {
  partner: 'contract.editPartner',
  billingAddress: 'contract.editBilling',
  paymentTerms: 'contract.editPaymentTerms',
  contractDuration: 'contract.changeStart',
  customerNumber: 'contract.editCustomerNumber',
  vat: 'contract.editVat',
  invoiceReceipt: 'contract.editBilling',
  purchaseOrder: 'contract.editBilling',
  testAccount: 'contract.setTestAccount',
} as const satisfies Record<string, Action>;
export type SectionName = keyof typeof sectionActions;

/**
 * "Who can change this: admins of the account and staff of Demo Telefoonservice". Descriptive
 * text from the matrix (DOMAIN.md §2); whether the viewer may is the API's `ability`, never this.
 */
export function whoMayChange(section: SectionName, t: TFunction, locale: Locale, operator: string): string {
  const rule = requiredLevel(sectionActions[section]) as { client?: string; staff?: string };
  const who: string[] = [];
  if (rule.client) who.push(t(`contract.who.client.${rule.client}`));
  if (rule.staff) who.push(t(`contract.who.staff.${rule.staff}`, { operator }));
  const list = new Intl.ListFormat(formattingLocale[locale], { type: 'conjunction' }).format(who);
  return t('contract.who.label', { who: list });
}

/** Why the viewer may not change a section, in words ("Only a manager can change the contract partner."). */
export function refusalText(
  refusal: RefusalDto,
  section: SectionName,
  t: TFunction,
  operator: string,
): string {
  const what = t(`contract.what.${section}`);
  switch (refusal.code) {
    case 'staff_level':
      return t('contract.refusal.staffLevel', { who: t(`contract.levels.${refusal.level}`), what });
    case 'client_role':
      return t('contract.refusal.clientRole', { who: t(`contract.roles.${refusal.role}`), what });
    case 'staff_only':
      return t('contract.refusal.staffOnly', { operator, what });
    case 'client_only':
      return t('contract.refusal.clientOnly', { what });
    case 'account_closed':
      return t('contract.refusal.accountClosed');
  }
}
