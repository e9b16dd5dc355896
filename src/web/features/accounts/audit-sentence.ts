import type { TFunction } from 'i18next';
import type { AuditAction } from '../../../shared/audit-actions';
import type { Locale } from '../../../shared/locales';
import type { AuditEntry, LocalizedText } from '../../../shared/schemas';
import { localizedTextOf } from '../../components/localized-values';
import { nameOf } from './audit-values';

/** i18next reads dots as nesting, so an action such as "account.customerNumber.change" becomes one key. */
export function auditActionKey(action: string): string {
  return `audit.actions.${action.replace(/[.:/]/g, '_')}`;
}

export function auditSentenceKey(action: string): string {
  return `audit.sentences.${action.replace(/[.:/]/g, '_')}`;
}

type Values = Record<string, unknown>;
const record = (value: unknown): Values =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Values) : {};
const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() ? value : undefined;

/** What a sentence names, and the fields of the change column it thereby says already. */
type SentenceSpec = {
  vars: (entry: AuditEntry, locale: Locale) => Record<string, string | undefined>;
  says: string[];
};

const title = (value: unknown, locale: Locale) =>
  localizedTextOf(value as LocalizedText | null | undefined, locale) || undefined;
const moduleOf = (e: AuditEntry, locale: Locale) => title(e.subject?.module, locale);
const refOf = (e: AuditEntry, id: unknown, locale: Locale) =>
  typeof id === 'string' ? (nameOf(e.names[id], locale) ?? undefined) : undefined;
const subjectName = (e: AuditEntry) => text(e.subject?.name);

/**
 * Sentences with the names of what an entry is about (audit.sentences.*). An action without one
 * is worded by its plain text (audit.actions.*), and so is an entry whose names are not all known
 * any more (a deleted entity).
 */
const sentences: Partial<Record<AuditAction, SentenceSpec>> = {
  'booking.created': {
    vars: (e, l) => ({ module: moduleOf(e, l), tariff: refOf(e, record(e.after).tariffId, l) }),
    says: ['moduleId', 'tariffId'],
  },
  'booking.cancelled': { vars: (e, l) => ({ module: moduleOf(e, l) }), says: [] },
  'booking.cancellation_withdrawn': { vars: (e, l) => ({ module: moduleOf(e, l) }), says: [] },
  'booking.tariff_changed': {
    vars: (e, l) => ({
      module: moduleOf(e, l),
      from: refOf(e, record(e.before).tariffId, l),
      to: refOf(e, record(e.after).tariffId, l),
    }),
    says: ['tariffId'],
  },
  'booking.tariff_change_withdrawn': {
    vars: (e, l) => ({ module: moduleOf(e, l), tariff: refOf(e, record(e.before).tariffId, l) }),
    says: ['tariffId'],
  },
  'booking.module_data_changed': { vars: (e, l) => ({ module: moduleOf(e, l) }), says: [] },
  'booking.option_booked': {
    vars: (e, l) => ({ option: title(e.subject?.title, l), module: moduleOf(e, l) }),
    says: ['itemId', 'bookingId'],
  },
  'booking.option_terminated': {
    vars: (e, l) => ({ option: title(e.subject?.title, l), module: moduleOf(e, l) }),
    says: [],
  },
  'cancellation_declaration.matched': { vars: (e, l) => ({ module: moduleOf(e, l) }), says: ['bookingId'] },
  'document.invoice_issued': {
    vars: (e) => ({ number: subjectName(e) ?? text(record(e.after).number) }),
    says: ['number'],
  },
  'document.correction_issued': {
    vars: (e) => ({ number: subjectName(e) ?? text(record(e.after).number) }),
    says: ['number'],
  },
  'billing.manual_item_added': {
    vars: (e) => ({ title: subjectName(e) ?? text(record(e.after).title) }),
    says: ['title'],
  },
  'account.user_invited': {
    vars: (e) => ({ email: subjectName(e) ?? text(record(e.after).email) }),
    says: ['email'],
  },
  'account.invitation_resent': {
    vars: (e) => ({ email: subjectName(e) ?? text(record(e.after).email) }),
    says: ['email'],
  },
  'account.invitation_revoked': {
    vars: (e) => ({ email: subjectName(e) ?? text(record(e.before).email) }),
    says: ['email'],
  },
  'account.user_joined': {
    vars: (e) => ({ name: subjectName(e) ?? text(record(e.after).name) }),
    says: ['name'],
  },
  'account.user_removed': {
    vars: (e) => ({ name: subjectName(e) ?? text(record(e.before).name) }),
    says: ['name'],
  },
  'account.user_role_changed': {
    vars: (e) => ({ name: subjectName(e) ?? text(record(e.after).name) }),
    says: [],
  },
  'account.ownership_transferred': {
    vars: (e, l) => {
      const after = record(e.after);
      return { name: refOf(e, after.ownerId, l) ?? text(after.ownerName) };
    },
    says: [],
  },
  'user.email_verified': { vars: (e) => ({ name: subjectName(e) }), says: [] },
  'user.password_reset': { vars: (e) => ({ name: subjectName(e) }), says: [] },
};

/**
 * An entry in words in the UI language, e.g. "Module Telefoonservice besteld onder tarief Basis",
 * and the fields the words already say (left out of the change column).
 */
export function describeEntry(
  entry: AuditEntry,
  t: TFunction,
  locale: Locale,
): { text: string; says: string[] } {
  const plain = { text: t(auditActionKey(entry.action), { defaultValue: entry.action }), says: [] };
  if (entry.action === 'account.contract_concluded' && record(entry.after).concludedOnBehalfByStaff === true)
    return {
      text: t('audit.sentences.account_contract_concluded_on_behalf'),
      says: ['concludedOnBehalfByStaff'],
    };
  const spec = sentences[entry.action as AuditAction];
  if (!spec) return plain;
  const vars = spec.vars(entry, locale);
  if (Object.values(vars).some((v) => v === undefined)) return plain;
  return { text: t(auditSentenceKey(entry.action), vars), says: spec.says };
}

/** The actions that have a sentence with names (the web test checks that each has words). */
export const actionsWithSentences = [...Object.keys(sentences), 'account.contract_concluded_on_behalf'];
