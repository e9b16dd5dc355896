import type { z } from 'zod';
import { validateIban, validateVatId } from '../../../shared/identifiers';
import type { Actor } from '../../../shared/permissions';
import type { InvoiceSettingsDto, IssuerData, invoiceSettingsBody } from '../../../shared/schemas';
import type { RequestContext } from '../../context';
import type { Database } from '../../db/client';
import { type FieldError, problems } from '../../problem';
import { recordAudit } from '../audit/audit.repository';
import { presentInvoiceSettings } from './invoice-settings.presenter';
import { invoiceSettingsRepository as repo } from './invoice-settings.repository';

type SettingsInput = z.output<typeof invoiceSettingsBody>;

/**
 * Checks the issuer's identifiers and returns the issuer as stored: IBAN and VAT ID upper case
 * without spaces, empty optional texts as null. Either a VAT ID or a tax number is required.
 */
export function normalizeIssuer(issuer: IssuerData): { issuer: IssuerData; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const iban = validateIban(issuer.iban);
  if (!iban.ok) errors.push({ field: 'issuer.iban', message: iban.message, code: iban.code });
  const vatIdText = issuer.vatId?.trim() || null;
  const taxNumber = issuer.taxNumber?.trim() || null;
  let vatId: string | null = null;
  if (vatIdText !== null) {
    const check = validateVatId(vatIdText);
    if (check.ok) vatId = check.value;
    else errors.push({ field: 'issuer.vatId', message: check.message, code: check.code });
  }
  if (vatIdText === null && taxNumber === null) {
    const message = 'Give a VAT ID or a tax number: invoices must show one of them';
    errors.push({ field: 'issuer.vatId', message, code: 'vat_id_or_tax_number' });
    errors.push({ field: 'issuer.taxNumber', message, code: 'vat_id_or_tax_number' });
  }
  return {
    issuer: {
      ...issuer,
      iban: iban.ok ? iban.value : issuer.iban,
      vatId,
      taxNumber,
      bankName: issuer.bankName?.trim() || null,
    },
    errors,
  };
}

function actorOf(ctx: RequestContext): Actor {
  if (!ctx.actor) throw problems.unauthorized();
  return ctx.actor;
}

export function createInvoiceSettingsService(db: Database) {
  async function getSettings(ctx: RequestContext): Promise<InvoiceSettingsDto> {
    const actor = actorOf(ctx);
    return db.tenant(ctx.tenantId, async (tx) =>
      presentInvoiceSettings(actor, await repo.find(tx, ctx.tenantId)),
    );
  }

  /** Saves the settings: version 0 creates them, otherwise the version read must still be current. */
  async function saveSettings(ctx: RequestContext, input: SettingsInput): Promise<InvoiceSettingsDto> {
    const actor = actorOf(ctx);
    const { issuer, errors } = normalizeIssuer(input.issuer);
    if (errors.length > 0)
      throw problems.badRequest('validation_failed', 'The invoice settings are invalid', errors);
    const values = { paymentTerms: input.paymentTerms, issuer, numberPatterns: input.numberPatterns };
    return db.tenant(ctx.tenantId, async (tx) => {
      const current = await repo.find(tx, ctx.tenantId, { forUpdate: true });
      const stale = async () =>
        problems.staleVersion(presentInvoiceSettings(actor, await repo.find(tx, ctx.tenantId)));
      if ((current?.version ?? 0) !== input.version) throw await stale();
      const saved = current
        ? await repo.update(tx, ctx.tenantId, input.version, values, ctx.now)
        : await repo.insert(tx, ctx.tenantId, values, ctx.now);
      if (!saved) throw await stale();
      await recordAudit(tx, ctx, {
        action: 'invoice_settings.updated',
        entityType: 'invoice_settings',
        entityId: ctx.tenantId,
        before: current
          ? {
              paymentTerms: current.paymentTerms,
              issuer: current.issuer,
              numberPatterns: current.numberPatterns,
              version: current.version,
            }
          : null,
        after: {
          paymentTerms: saved.paymentTerms,
          issuer: saved.issuer,
          numberPatterns: saved.numberPatterns,
          version: saved.version,
        },
      });
      return presentInvoiceSettings(actor, saved);
    });
  }

  return { getSettings, saveSettings };
}

export type InvoiceSettingsService = ReturnType<typeof createInvoiceSettingsService>;
