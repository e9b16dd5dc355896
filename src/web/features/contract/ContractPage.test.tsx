// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ContractPage, SectionAbility } from '../../../shared/schemas/contract-page';
import { allowed, contractPage, ownerSection } from '../../test/contract-page';
import {
  clientSession,
  englishAppPerTest,
  ids,
  jsonResponse,
  mockFetch,
  problemResponse,
  renderApp,
  staffSession,
} from '../../test/render-app';

englishAppPerTest();

const staffBase = `/api/v1/staff/accounts/${ids.account}`;
const managerOnly: SectionAbility = {
  canEdit: false,
  refusal: { code: 'staff_level', level: 'manager' },
  reasonRequired: false,
};

/** What an employee sees: billing sections and the customer number editable, manager sections refused. */
function employeePage(overrides: Partial<ContractPage> = {}): ContractPage {
  const base = contractPage();
  return {
    ...base,
    partner: { ...base.partner, ability: { ...managerOnly, reasonRequired: true } },
    paymentTerms: { ...base.paymentTerms, ability: { ...managerOnly, reasonRequired: true } },
    contractDuration: { ...base.contractDuration, ability: { ...managerOnly, reasonRequired: true } },
    customerNumber: { ...base.customerNumber, ability: allowed },
    vat: { ...base.vat, ability: managerOnly },
    testAccount: { ...base.testAccount, ability: managerOnly },
    abilities: { 'contract.view': true, 'account.viewAudit': true },
    ...overrides,
  };
}

function staffRoutes(
  page: ContractPage,
  more: (url: URL, init: RequestInit) => Response | undefined = () => undefined,
) {
  return mockFetch((url, init) => {
    if (url.pathname === '/api/v1/session') return jsonResponse(staffSession());
    const extra = more(url, init);
    if (extra) return extra;
    if (url.pathname === `${staffBase}/contract`) return jsonResponse(page);
    if (url.pathname === `${staffBase}/owner-section`) return jsonResponse(ownerSection());
    if (url.pathname === `${staffBase}/audit`)
      return jsonResponse({ items: [], total: 0, page: 1, pageSize: 10 });
  });
}

describe('contract page for staff', () => {
  it('shows the header marks, offers only what the abilities allow and words the refusals', async () => {
    const page = employeePage({
      account: { ...contractPage().account, isTestAccount: true, closedAt: null },
    });
    staffRoutes(page);
    renderApp(`/staff/accounts/${ids.account}`);
    await screen.findByRole('heading', { name: 'Bakkerij Jansen B.V.', level: 1 });
    expect(screen.getByTestId('test-badge').textContent).toBe('Test account');
    expect(screen.getByTestId('customer-number').textContent).toBe('K-1001');
    expect(screen.getByRole('tab', { name: 'Contract data', selected: true })).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'History' })).toBeTruthy();

    const partner = screen.getByTestId('section-partner');
    expect(within(partner).queryByRole('button', { name: 'Change' })).toBeNull();
    expect(within(partner).getByTestId('section-partner-refusal').textContent).toBe(
      'Only a manager can change the contract partner.',
    );
    expect(within(partner).getByTestId('section-partner-who').textContent).toBe(
      'Who can change this: staff of Demo Telefoonservice from manager level.',
    );
    expect(within(partner).getByTestId('partner-given').textContent).toMatch(
      /by Jan Jansen with the first order/,
    );
    expect(screen.getByTestId('section-vat-refusal').textContent).toBe(
      'Only a manager can change the VAT treatment.',
    );
    expect(
      within(screen.getByTestId('section-billing-address')).getByRole('button', { name: 'Change' }),
    ).toBeTruthy();
    expect(screen.getByTestId('section-customer-number-who').textContent).toBe(
      'Who can change this: staff of Demo Telefoonservice.',
    );
  });

  it('saves the customer number with the version read and shows the current value after a 409', async () => {
    const page = employeePage();
    const current = employeePage({
      account: { ...page.account, customerNumber: 'K-3000', version: 2 },
      customerNumber: { value: 'K-3000', ability: allowed },
    });
    const calls = staffRoutes(page, (url, init) => {
      if (url.pathname === `${staffBase}/contract/customer-number` && init.method === 'PUT')
        return problemResponse(409, { code: 'stale_version', current });
      return undefined;
    });
    renderApp(`/staff/accounts/${ids.account}`);
    const section = await screen.findByTestId('section-customer-number');
    fireEvent.click(within(section).getByRole('button', { name: 'Change' }));
    // The form is its own chunk, loaded on the click.
    fireEvent.change(await within(section).findByLabelText('Customer number'), {
      target: { value: 'K-2001' },
    });
    fireEvent.click(within(section).getByRole('button', { name: 'Save customer number' }));
    await within(section).findByText(/The current customer number is K-3000/);
    // The entry stays in the form; the value shown above it is the current one.
    expect((within(section).getByLabelText('Customer number') as HTMLInputElement).value).toBe('K-2001');
    expect(within(section).getByTestId('customer-number-value').textContent).toBe('K-3000');
    const puts = () => calls.filter((c) => c.method === 'PUT');
    expect(puts()[0]?.body).toEqual({ customerNumber: 'K-2001', version: 1 });

    fireEvent.click(within(section).getByRole('button', { name: 'Save customer number' }));
    await waitFor(() => expect(puts()).toHaveLength(2));
    expect(puts()[1]?.body).toEqual({ customerNumber: 'K-2001', version: 2 });
  });

  it('asks a manager for a reason before changing the contract partner', async () => {
    const base = employeePage();
    const page = employeePage({
      partner: { ...base.partner, ability: { canEdit: true, refusal: null, reasonRequired: true } },
    });
    const calls = staffRoutes(page, (url, init) =>
      url.pathname === `${staffBase}/contract/partner` && init.method === 'PUT'
        ? jsonResponse(page)
        : undefined,
    );
    renderApp(`/staff/accounts/${ids.account}`);
    const section = await screen.findByTestId('section-partner');
    fireEvent.click(within(section).getByRole('button', { name: 'Change' }));
    fireEvent.click(await within(section).findByTestId('section-partner-save'));
    await within(section).findByText('Please give a reason for this change.');
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);
    fireEvent.change(within(section).getByLabelText(/^Reason/), { target: { value: 'Moved office' } });
    fireEvent.click(within(section).getByTestId('section-partner-save'));
    await waitFor(() => expect(calls.filter((c) => c.method === 'PUT')).toHaveLength(1));
    expect(calls.find((c) => c.method === 'PUT')?.body).toMatchObject({
      contractPartner: { name: 'Jan Jansen', city: 'Amsterdam' },
      reason: 'Moved office',
      version: 1,
    });
  });

  it('opens the tab named in the URL, and a tab click puts it there', async () => {
    const calls = staffRoutes(employeePage());
    renderApp(`/staff/accounts/${ids.account}?tab=history`);
    await screen.findByRole('tab', { name: 'History', selected: true });
    await waitFor(() => expect(calls.some((c) => c.path === `${staffBase}/audit`)).toBe(true));
    // The Contract data tab still made its one request; its sections are not rendered.
    expect(calls.filter((c) => c.path === `${staffBase}/contract`)).toHaveLength(1);
    expect(screen.queryByTestId('contract-data')).toBeNull();
    fireEvent.click(screen.getByRole('tab', { name: 'Contract data' }));
    await screen.findByTestId('contract-data');
  });
});

describe('contract page for clients', () => {
  function memberPage(): ContractPage {
    const base = contractPage();
    const adminOnly: SectionAbility = {
      canEdit: false,
      refusal: { code: 'client_role', role: 'admin' },
      reasonRequired: false,
    };
    return {
      ...base,
      billingAddress: { ...base.billingAddress, ability: adminOnly },
      invoiceReceipt: { ...base.invoiceReceipt, ability: adminOnly },
      purchaseOrder: { ...base.purchaseOrder, ability: adminOnly },
    };
  }

  it('shows a member the page read-only with the reasons, and no History tab', async () => {
    mockFetch((url) => {
      if (url.pathname === '/api/v1/session')
        return jsonResponse(clientSession({ role: 'member', isAccountOwner: false }));
      if (url.pathname === '/api/v1/client/account/contract') return jsonResponse(memberPage());
      if (url.pathname === '/api/v1/client/account/owner-section') return jsonResponse(ownerSection());
    });
    renderApp('/?tab=history');
    await screen.findByRole('tab', { name: 'Contract data', selected: true });
    expect(screen.queryByRole('tab', { name: 'History' })).toBeNull();
    expect(screen.queryAllByRole('button', { name: 'Change' })).toHaveLength(0);
    expect(screen.getByTestId('section-billing-address-refusal').textContent).toBe(
      'Only an admin of the account can change the billing address.',
    );
    expect(screen.getByTestId('section-invoice-receipt-who').textContent).toBe(
      'Who can change this: admins of the account and staff of Demo Telefoonservice.',
    );
    expect(screen.getByTestId('section-vat-refusal').textContent).toBe(
      'Only Demo Telefoonservice can change the VAT treatment. Please contact them if it needs to change.',
    );
  });

  it('lets an admin edit the recipients and shows the server field message at the field', async () => {
    const calls = mockFetch((url, init) => {
      if (url.pathname === '/api/v1/session') return jsonResponse(clientSession());
      if (url.pathname === '/api/v1/client/account/contract/invoice-receipt' && init.method === 'PUT')
        return problemResponse(400, {
          code: 'validation_failed',
          errors: [
            { field: 'recipients.1', message: 'This address is already a recipient', code: 'duplicate' },
          ],
        });
      if (url.pathname === '/api/v1/client/account/contract') return jsonResponse(contractPage());
      if (url.pathname === '/api/v1/client/account/owner-section') return jsonResponse(ownerSection());
    });
    renderApp('/');
    const section = await screen.findByTestId('section-invoice-receipt');
    fireEvent.click(within(section).getByRole('button', { name: 'Change' }));
    fireEvent.click(await within(section).findByRole('button', { name: 'Add a recipient' }));
    fireEvent.click(within(section).getByTestId('section-invoice-receipt-save'));
    await within(section).findByText('Please fill in this field.');
    fireEvent.change(within(section).getByLabelText(/^Recipient 2/), {
      target: { value: 'boekhouding@bakkerij-jansen.example' },
    });
    fireEvent.click(within(section).getByLabelText('Download link in the e-mail'));
    fireEvent.click(within(section).getByTestId('section-invoice-receipt-save'));
    await within(section).findByText('This address is already a recipient.');
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({
      recipients: ['jan@bakkerij-jansen.example', 'boekhouding@bakkerij-jansen.example'],
      delivery: 'link',
      version: 1,
    });
  });
});
