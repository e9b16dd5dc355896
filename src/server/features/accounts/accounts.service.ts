import type { Actor } from '../../../shared/permissions';
import type { AccountDetail } from '../../../shared/schemas';
import type { RequestContext } from '../../context';
import type { Database } from '../../db/client';
import { constraintRefusal, problems } from '../../problem';
import { recordAudit } from '../audit/audit.repository';
import { auditView, presentAccountDetail } from './accounts.presenter';
import { accountsRepository } from './accounts.repository';

export function createAccountsService(db: Database) {
  async function getAccount(ctx: RequestContext, actor: Actor, accountId: string): Promise<AccountDetail> {
    return db.tenant(ctx.tenantId, async (tx) => {
      const row = await accountsRepository.find(tx, ctx.tenantId, accountId);
      // A client sees only their own account; anything else is simply not found.
      if (!row || (actor.realm === 'client' && actor.accountId !== row.id))
        throw problems.notFound('Account');
      return presentAccountDetail(actor, row, await accountsRepository.users(tx, ctx.tenantId, row.id));
    });
  }

  /** Sets or clears the customer number (unique within the operator), guarded by the version read. */
  async function setCustomerNumber(
    ctx: RequestContext,
    actor: Actor,
    accountId: string,
    input: { customerNumber: string | null; version: number; reason?: string | undefined },
  ): Promise<AccountDetail> {
    return db.tenant(ctx.tenantId, async (tx) => {
      const current = await accountsRepository.find(tx, ctx.tenantId, accountId, { forUpdate: true });
      if (!current) throw problems.notFound('Account');
      const users = () => accountsRepository.users(tx, ctx.tenantId, accountId);
      if (current.version !== input.version) {
        throw problems.staleVersion(presentAccountDetail(actor, current, await users()));
      }
      if (input.customerNumber !== null) {
        const other = await accountsRepository.findByCustomerNumber(tx, ctx.tenantId, input.customerNumber);
        if (other && other.id !== accountId) {
          throw constraintRefusal('accounts_customer_number');
        }
      }
      const updated = await accountsRepository.updateCustomerNumber(
        tx,
        ctx.tenantId,
        accountId,
        input.customerNumber,
        input.version,
      );
      if (!updated) throw problems.staleVersion(presentAccountDetail(actor, current, await users()));
      await recordAudit(tx, ctx, {
        action: 'account.customer_number_changed',
        entityType: 'account',
        entityId: accountId,
        accountId,
        before: auditView(current),
        after: auditView(updated),
        reason: input.reason ?? null,
      });
      return presentAccountDetail(actor, updated, await users());
    });
  }

  return { getAccount, setCustomerNumber };
}

export type AccountsService = ReturnType<typeof createAccountsService>;
