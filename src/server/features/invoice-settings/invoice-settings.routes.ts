import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { invoiceSettingsBody, invoiceSettingsDto } from '../../../shared/schemas';
import type { InvoiceSettingsService } from './invoice-settings.service';

/** The operator's general payment terms and issuer data (DOMAIN.md §3 (5), §6). */
export function invoiceSettingsRoutes(
  app: FastifyInstance,
  deps: { invoiceSettings: InvoiceSettingsService },
) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/staff/invoice-settings',
    {
      config: { permission: 'invoice.manage' },
      schema: {
        tags: ['invoice settings'],
        summary: 'General payment terms and issuer data (nulls and version 0 while nothing is saved)',
        response: { 200: invoiceSettingsDto },
      },
    },
    async (request) => deps.invoiceSettings.getSettings(request.ctx()),
  );

  r.put(
    '/api/v1/staff/invoice-settings',
    {
      config: { permission: 'invoice.manage' },
      schema: {
        tags: ['invoice settings'],
        summary: 'Save the settings (version 0 creates them); IBAN and VAT ID are checked',
        body: invoiceSettingsBody,
        response: { 200: invoiceSettingsDto },
      },
    },
    async (request) => deps.invoiceSettings.saveSettings(request.ctx(), request.body),
  );
}
