import { accountDetail } from '../../../shared/schemas';
import { apiRequest } from '../../app/api';

export const ownAccountKey = ['client', 'account'] as const;

export function fetchOwnAccount(signal?: AbortSignal) {
  return apiRequest('/api/v1/client/account', { schema: accountDetail, signal });
}
