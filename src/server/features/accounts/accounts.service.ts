import type { Actor } from '../../../shared/permissions';
import type { AccountDetail } from '../../../shared/schemas';
import type { RequestContext } from '../../context';
import type { Database } from '../../db/client';
import { problems } from '../../problem';
import { presentAccountDetail } from './accounts.presenter';
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

  return { getAccount };
}

export type AccountsService = ReturnType<typeof createAccountsService>;
