import type { z } from 'zod';
import type { invoiceSettingsBody } from '../../../shared/schemas';
import { apiRequest } from '../../app/api';

export type InvoiceSettingsInput = z.input<typeof invoiceSettingsBody>;

export const invoiceSettingsKey = ['invoice-settings'] as const;

export function fetchInvoiceSettings(signal?: AbortSignal) {
  return apiRequest('/api/v1/staff/invoice-settings', { response: 'invoiceSettingsDto', signal });
}

export function saveInvoiceSettings(body: InvoiceSettingsInput) {
  return apiRequest('/api/v1/staff/invoice-settings', {
    method: 'PUT',
    body,
    response: 'invoiceSettingsDto',
  });
}
