import type { AccountOwnerSectionDto } from '../../shared/schemas';
import type { ContractPage, SectionAbility } from '../../shared/schemas/contract-page';
import { ids } from './render-app';

export const allowed: SectionAbility = { canEdit: true, refusal: null, reasonRequired: false };

/** The Contract data tab as an account admin sees it (billing sections editable, the rest staff-only). */
export function contractPage(overrides: Partial<ContractPage> = {}): ContractPage {
  const staffOnly = (level: 'employee' | 'manager'): SectionAbility => ({
    canEdit: false,
    refusal: { code: 'staff_only', level },
    reasonRequired: false,
  });
  return {
    account: {
      id: ids.account,
      name: 'Bakkerij Jansen B.V.',
      email: 'jan@bakkerij-jansen.example',
      customerNumber: 'K-1001',
      customerType: 'business',
      isTestAccount: false,
      closedAt: null,
      contractConcludedAt: '2026-11-20T09:00:00Z',
      version: 1,
    },
    owner: { id: ids.client, name: 'Jan Jansen', email: 'jan@bakkerij-jansen.example' },
    partner: {
      value: {
        company: 'Bakkerij Jansen B.V.',
        name: 'Jan Jansen',
        street: 'Dorpsstraat 1',
        postalCode: '1234 AB',
        city: 'Amsterdam',
        country: 'NL',
        email: 'jan@bakkerij-jansen.example',
        phone: null,
      },
      givenAt: '2026-11-20T09:00:00Z',
      givenBy: { type: 'client', name: 'Jan Jansen' },
      lastChange: null,
      ability: staffOnly('manager'),
    },
    billingAddress: { value: null, ability: allowed },
    paymentTerms: {
      source: 'general',
      terms: {
        dueDays: 14,
        discountPercent: null,
        discountDays: null,
        text: { en: 'Please pay by transfer.' },
      },
      generalTerms: {
        dueDays: 14,
        discountPercent: null,
        discountDays: null,
        text: { en: 'Please pay by transfer.' },
      },
      ability: staffOnly('manager'),
    },
    contractDuration: {
      derivedStart: '2026-11-20',
      override: null,
      start: '2026-11-20',
      ability: staffOnly('manager'),
    },
    customerNumber: { value: 'K-1001', ability: staffOnly('employee') },
    vat: {
      treatment: 'standard',
      vatId: null,
      check: null,
      documentLanguage: 'en',
      legend: null,
      issuerVatId: 'NL123456782B01',
      viesEnabled: false,
      ability: staffOnly('manager'),
    },
    invoiceReceipt: { recipients: ['jan@bakkerij-jansen.example'], delivery: 'attachment', ability: allowed },
    purchaseOrder: { value: null, ability: allowed },
    legal: { terms: null, privacy: null },
    testAccount: { value: false, ability: staffOnly('manager') },
    abilities: { 'contract.view': true },
    ...overrides,
  };
}

export function ownerSection(overrides: Partial<AccountOwnerSectionDto> = {}): AccountOwnerSectionDto {
  return {
    accountId: ids.account,
    accountName: 'Bakkerij Jansen B.V.',
    owner: { id: ids.client, name: 'Jan Jansen', email: 'jan@bakkerij-jansen.example' },
    closedAt: null,
    latestDocumentDate: null,
    running: [],
    retained: [],
    erased: [],
    abilities: {},
    closeRefusal: null,
    ...overrides,
  };
}
