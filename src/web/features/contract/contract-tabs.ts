/** The tabs of the contract management page; the tab is in the URL (`?tab=`), Contract data when absent. */
export const contractTabs = ['contract', 'modules', 'users', 'documents', 'history'] as const;
export type ContractTab = (typeof contractTabs)[number];

export function isContractTab(value: unknown): value is ContractTab {
  return typeof value === 'string' && (contractTabs as readonly string[]).includes(value);
}
