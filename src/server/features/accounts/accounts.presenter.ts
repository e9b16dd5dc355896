import { type Action, type Actor, abilitiesFor } from '../../../shared/permissions';

import type { AccountDetail, AccountSummary } from '../../../shared/schemas';
import type { ClientUserRow } from '../auth/auth.repository';
import type { AccountRow } from './accounts.repository';

/** What stays possible on a closed account: it is read-only for everyone. */
const readOnlyActions = new Set<Action>(['contract.view', 'account.viewAudit']);

/** Actions the UI may offer on an account; the matrix decides, the presenter only lists them. */
const accountActions = [
  'contract.view',
  'contract.editCustomerNumber',
  'contract.editBilling',
  'account.viewAudit',
  'account.close',
] as const satisfies readonly Action[];

export function presentAccountSummary(actor: Actor, row: AccountRow): AccountSummary {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    customerNumber: row.customerNumber,
    isTestAccount: row.isTestAccount,
    closedAt: row.closedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    version: row.version,
    abilities: row.closedAt
      ? abilitiesFor(
          actor,
          accountActions.filter((a) => readOnlyActions.has(a)),
        )
      : abilitiesFor(actor, accountActions),
  };
}

export function presentAccountDetail(actor: Actor, row: AccountRow, users: ClientUserRow[]): AccountDetail {
  return {
    ...presentAccountSummary(actor, row),
    users: users.map((u) => ({
      id: u.id,
      name: u.name,
      email: u.email,
      role: u.role,
      isAccountOwner: u.isAccountOwner,
    })),
  };
}
