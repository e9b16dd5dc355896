import type { z } from 'zod';
import type {
  loginBody,
  passwordResetConfirmBody,
  passwordResetRequestBody,
  Realm,
} from '../../../shared/schemas';
import { apiRequest } from '../../app/api';

export type LoginBody = z.infer<typeof loginBody>;
export type PasswordResetRequest = z.infer<typeof passwordResetRequestBody>;
export type PasswordResetConfirm = z.infer<typeof passwordResetConfirmBody>;

export function login(realm: Realm, body: LoginBody) {
  return apiRequest(`/api/v1/${realm}/login`, { method: 'POST', body, response: 'sessionInfo' });
}

export function requestPasswordReset(body: PasswordResetRequest) {
  return apiRequest('/api/v1/password-reset/request', { method: 'POST', body });
}

export function confirmPasswordReset(body: PasswordResetConfirm) {
  return apiRequest('/api/v1/password-reset/confirm', { method: 'POST', body });
}
