import { describe, expect, it } from 'vitest';
import { type Action, type Actor, actions, can, clientRoles, staffLevels } from './permissions';

const staff = (level: (typeof staffLevels)[number]): Actor => ({ realm: 'staff', userId: 's', level });
const client = (role: 'member' | 'admin', isAccountOwner = false): Actor => ({
  realm: 'client',
  userId: 'c',
  accountId: 'a',
  role,
  isAccountOwner,
});

/**
 * DOMAIN.md §2, row by row: the lowest client requirement and the lowest staff level
 * ('—' = never). Written out independently of the matrix, so a change to either shows here.
 */
const expected: Record<Action, [string, string]> = {
  'contract.view': ['member', 'employee'],
  'contract.editBilling': ['admin', 'employee'],
  'contract.editCustomerNumber': ['—', 'employee'],
  'contract.editVat': ['—', 'manager'],
  'contract.editPartner': ['—', 'manager'],
  'contract.editPaymentTerms': ['—', 'manager'],
  'contract.changeStart': ['—', 'manager'],
  'contract.setTestAccount': ['—', 'manager'],
  'module.order': ['admin', 'employee'],
  'module.orderAnyTariff': ['—', 'manager'],
  'booking.changeAtComputedDate': ['admin', 'employee'],
  'booking.changeAtOtherDate': ['—', 'manager'],
  'booking.withdrawCancellation': ['admin', 'employee'],
  'option.manage': ['—', 'manager'],
  'booking.editModuleData': ['admin', 'employee'],
  'account.close': ['account_owner', 'manager'],
  'account.export': ['account_owner', '—'],
  'accountUser.view': ['member', 'employee'],
  'accountUser.invite': ['admin', '—'],
  'accountUser.resendInvitation': ['admin', 'employee'],
  'accountUser.revokeInvitation': ['admin', '—'],
  'accountUser.changeRole': ['admin', '—'],
  'accountUser.remove': ['admin', '—'],
  'account.transferOwnership': ['account_owner', '—'],
  'account.list': ['—', 'employee'],
  'account.viewAudit': ['—', 'employee'],
  'cancellation.match': ['—', 'employee'],
  'catalog.manage': ['—', 'supermanager'],
  'invoice.manage': ['—', 'supermanager'],
  'billing.view': ['member', 'employee'],
  'billing.manage': ['—', 'supermanager'],
  'billing.export': ['—', 'supermanager'],
  'tenant.manageStaff': ['—', 'owner'],
  'tenant.manageBranding': ['—', 'owner'],
  'tenant.manageLegal': ['—', 'owner'],
  'tenant.readOutbox': ['—', 'owner'],
  'self.manage': ['member', 'employee'],
};

describe('permission matrix', () => {
  it('covers exactly the listed actions', () => {
    expect([...actions].sort()).toEqual(Object.keys(expected).sort());
  });

  for (const action of actions) {
    const [clientMin, staffMin] = expected[action];
    it(`${action}: client ${clientMin}, staff ${staffMin}`, () => {
      for (const level of staffLevels) {
        const allowed =
          staffMin !== '—' && staffLevels.indexOf(level) >= staffLevels.indexOf(staffMin as never);
        expect(can(staff(level), action), `${level}`).toBe(allowed);
      }
      for (const role of clientRoles) {
        const allowed = clientMin === 'member' || (clientMin === 'admin' && role === 'admin');
        expect(can(client(role), action), role).toBe(allowed);
      }
      const owner = client('admin', true);
      expect(can(owner, action), 'account owner').toBe(clientMin !== '—');
    });
  }
});
