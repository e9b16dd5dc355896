import { type Action, type Actor, abilitiesFor } from '../../../shared/permissions';
import { defaultNumberPatterns, type InvoiceSettingsDto } from '../../../shared/schemas';
import type { InvoiceSettingsRow } from './invoice-settings.repository';

const invoiceSettingsActions = ['invoice.manage'] as const satisfies readonly Action[];

/** The settings, or nulls with version 0 while nothing has been saved. */
export function presentInvoiceSettings(
  actor: Actor,
  row: InvoiceSettingsRow | undefined,
): InvoiceSettingsDto {
  return {
    paymentTerms: row?.paymentTerms ?? null,
    issuer: row?.issuer ?? null,
    numberPatterns: row?.numberPatterns ?? defaultNumberPatterns,
    version: row?.version ?? 0,
    abilities: abilitiesFor(actor, invoiceSettingsActions),
  };
}
