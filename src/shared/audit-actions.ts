/**
 * Every action the audit log records (recordAudit), as data: the account history words each of
 * them in nl, de and en (audit.actions.*, and audit.sentences.* with the names of what it is
 * about). test/unit/audit-actions.test.ts fails when the server writes an action that is missing
 * here, and the web test when an action has no text.
 */
export const auditActions = [
  'account.closed',
  'account.contract_concluded',
  'account.customer_number_changed',
  'account.invitation_resent',
  'account.invitation_revoked',
  'account.ownership_transferred',
  'account.registered',
  'account.user_invited',
  'account.user_joined',
  'account.user_removed',
  'account.user_role_changed',
  'billing.manual_item_added',
  'billing.usage_imported',
  'billing_run.started',
  'booking.cancellation_withdrawn',
  'booking.cancelled',
  'booking.created',
  'booking.module_data_changed',
  'booking.option_booked',
  'booking.option_terminated',
  'booking.tariff_change_withdrawn',
  'booking.tariff_changed',
  'cancellation_declaration.matched',
  'catalog.price_change_announced',
  'contract.billing_address_changed',
  'contract.invoice_receipt_changed',
  'contract.partner_changed',
  'contract.payment_terms_changed',
  'contract.purchase_order_changed',
  'contract.start_changed',
  'contract.test_account_changed',
  'contract.vat_changed',
  'document.correction_issued',
  'document.invoice_issued',
  'invoice_settings.updated',
  'legal_document.published',
  'module.created',
  'module.updated',
  'staff_user.created',
  'tariff.copied',
  'tariff.created',
  'tariff.deleted',
  'tariff.published',
  'tariff.unpublished',
  'tariff.updated',
  'tariff_item.created',
  'tariff_item.deleted',
  'tariff_item.updated',
  'user.email_verified',
  'user.password_reset',
  'user.preferences_changed',
] as const;

export type AuditAction = (typeof auditActions)[number];

/**
 * The kinds the account history can be filtered by (`?kind=`). Each action that can belong to an
 * account has exactly one kind; `null` marks what is never an account's history: the operator's
 * catalog and settings, staff users, billing runs, and preferences of a user such as the UI
 * language (DOMAIN.md: preferences are not contract history).
 */
export const auditKinds = ['contract', 'modules', 'documents', 'users', 'lifecycle'] as const;
export type AuditKind = (typeof auditKinds)[number];

export const auditKindOf: Readonly<Record<AuditAction, AuditKind | null>> = {
  'account.closed': 'lifecycle',
  'account.contract_concluded': 'lifecycle',
  'account.customer_number_changed': 'contract',
  'account.invitation_resent': 'users',
  'account.invitation_revoked': 'users',
  'account.ownership_transferred': 'users',
  'account.registered': 'lifecycle',
  'account.user_invited': 'users',
  'account.user_joined': 'users',
  'account.user_removed': 'users',
  'account.user_role_changed': 'users',
  'billing.manual_item_added': 'documents',
  'billing.usage_imported': null,
  'billing_run.started': null,
  'booking.cancellation_withdrawn': 'modules',
  'booking.cancelled': 'modules',
  'booking.created': 'modules',
  'booking.module_data_changed': 'modules',
  'booking.option_booked': 'modules',
  'booking.option_terminated': 'modules',
  'booking.tariff_change_withdrawn': 'modules',
  'booking.tariff_changed': 'modules',
  'cancellation_declaration.matched': 'modules',
  'catalog.price_change_announced': null,
  'contract.billing_address_changed': 'contract',
  'contract.invoice_receipt_changed': 'contract',
  'contract.partner_changed': 'contract',
  'contract.payment_terms_changed': 'contract',
  'contract.purchase_order_changed': 'contract',
  'contract.start_changed': 'contract',
  'contract.test_account_changed': 'contract',
  'contract.vat_changed': 'contract',
  'document.correction_issued': 'documents',
  'document.invoice_issued': 'documents',
  'invoice_settings.updated': null,
  'legal_document.published': null,
  'module.created': null,
  'module.updated': null,
  'staff_user.created': null,
  'tariff.copied': null,
  'tariff.created': null,
  'tariff.deleted': null,
  'tariff.published': null,
  'tariff.unpublished': null,
  'tariff.updated': null,
  'tariff_item.created': null,
  'tariff_item.deleted': null,
  'tariff_item.updated': null,
  'user.email_verified': 'users',
  'user.password_reset': 'users',
  'user.preferences_changed': null,
};

/** The actions of an account's history: of one kind, or of every kind. */
export function historyActions(kind?: AuditKind): AuditAction[] {
  return auditActions.filter((a) => {
    const k = auditKindOf[a];
    return k !== null && (kind === undefined || k === kind);
  });
}

export function isAuditKind(value: unknown): value is AuditKind {
  return typeof value === 'string' && (auditKinds as readonly string[]).includes(value);
}

export function isAuditAction(value: string): value is AuditAction {
  return (auditActions as readonly string[]).includes(value);
}

/**
 * Reasons the server itself writes (not a person's words): the history shows them in the UI
 * language (audit.systemReasons.*) instead of the stored English text.
 */
export const systemReasons = {
  concludedOnBehalf:
    'Concluded by staff on behalf of the client; no acceptance of the terms by the client is recorded',
} as const;
