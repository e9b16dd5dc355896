import type { TFunction } from 'i18next';
import {
  type AuditEnumField,
  type AuditFieldType,
  auditEnumValues,
  auditFieldTypes,
  isAuditField,
} from '../../../shared/audit-fields';
import { formattingLocale, type Locale } from '../../../shared/locales';
import { paymentTermsText } from '../../../shared/payment-terms-text';
import type { AuditModuleField, AuditName, LocalizedText } from '../../../shared/schemas';
import { formatDateTime, formatMoney, formatNumber, formatPlainDate } from '../../app/format';
import { localizedTextOf } from '../../components/localized-values';
import { formatPercent, formatUnitPrice } from '../../components/price-list';
import { countryName } from '../contract/Address';

/** What formatting an entry's values needs besides the values themselves. */
export type AuditFormatContext = {
  t: TFunction;
  locale: Locale;
  /** The operator's time zone: instants are shown as its wall-clock time. */
  timeZone: string;
  /** The operator's currency, for prices that carry none. */
  currency: string;
  /** Names of the ids inside the entry's values (the API's `names`). */
  names: Record<string, AuditName>;
  /** The module's own fields, for changes of module-specific data. */
  moduleFields: AuditModuleField[] | null;
};

type Values = Record<string, unknown>;

function isRecord(value: unknown): value is Values {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const str = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value : null);

/** The name of a referenced entity in the UI language, or null when it is not known. */
export function nameOf(ref: AuditName | undefined | null, locale: Locale): string | null {
  if (!ref) return null;
  return str(ref.name) ?? (localizedTextOf(ref.title as LocalizedText | null, locale) || null);
}

/** The message key of an enum value; existing texts of the contract page are used where they exist. */
export function enumKey(field: AuditEnumField, value: string): string {
  switch (field) {
    case 'paymentTermsSource':
      return `contract.paymentTerms.source.${value}`;
    case 'vatTreatment':
      return `contract.vat.treatments.${value}`;
    case 'invoiceDelivery':
      return `contract.invoiceReceipt.modes.${value}`;
    case 'role':
      return `accountUsers.roles.${value}`;
    default:
      return `audit.values.${field}.${value}`;
  }
}

/** A decimal string in the UI language, without trailing zeros ("2.500000" → "2,5"). */
function formatDecimal(value: string, locale: Locale): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!match) return value;
  const places = (match[3] ?? '').replace(/0+$/, '').length;
  return new Intl.NumberFormat(formattingLocale[locale], { maximumFractionDigits: places }).format(
    value.trim() as Intl.StringNumericLiteral,
  );
}

/** An address on one line: company, name, street, postal code and city, country (and contact details). */
export function formatAddress(value: Values, locale: Locale): string {
  const place = [str(value.postalCode), str(value.city)].filter(Boolean).join(' ');
  const country = str(value.country);
  return [
    str(value.company),
    str(value.name),
    str(value.street),
    place || null,
    country ? countryName(country, locale) : null,
    str(value.email),
    str(value.phone),
  ]
    .filter((part): part is string => part !== null)
    .join(', ');
}

function formatPaymentTerms(value: Values, ctx: AuditFormatContext): string {
  const { locale } = ctx;
  const parts: string[] = [];
  if (typeof value.dueDays === 'number') {
    // Worded as documents print them (src/shared/payment-terms-text.ts), in the UI language.
    const discount = str(value.discountPercent);
    const words = paymentTermsText(
      {
        dueDays: value.dueDays,
        discountPercent: discount ? formatDecimal(discount, locale) : null,
        discountDays: typeof value.discountDays === 'number' ? value.discountDays : null,
      },
      locale,
    );
    parts.push(words.due);
    if (words.discount) parts.push(words.discount);
  }
  const text = isRecord(value.text) ? localizedTextOf(value.text as LocalizedText, locale) : '';
  if (text) parts.push(`“${text}”`);
  return parts.join(' ');
}

function formatVatCheck(value: Values, ctx: AuditFormatContext): string {
  const { t, locale, timeZone } = ctx;
  const result = str(value.result);
  const checkedAt = str(value.checkedAt);
  const details = t('contract.vat.check.at', {
    vatId: str(value.vatId) ?? '',
    date: checkedAt ? formatDateTime(checkedAt, locale, timeZone) : '',
  });
  return t('audit.values.vatCheck', {
    result: result ? t(`contract.vat.check.${result}`, { defaultValue: result }) : '',
    details,
  });
}

function refName(id: unknown, ctx: AuditFormatContext): string {
  if (typeof id !== 'string') return generic(id, ctx);
  return nameOf(ctx.names[id], ctx.locale) ?? ctx.t('audit.values.notFound');
}

function formatOptionEnd(value: unknown, ctx: AuditFormatContext): string {
  if (!isRecord(value)) return generic(value, ctx);
  const option = refName(value.id, ctx);
  const end = str(value.endDate);
  return end
    ? ctx.t('audit.values.optionUntil', { option, date: formatPlainDate(end, ctx.locale) })
    : ctx.t('audit.values.optionOpen', { option });
}

function formatLegalVersion(value: unknown, ctx: AuditFormatContext): string {
  if (!isRecord(value)) return generic(value, ctx);
  const title = typeof value.id === 'string' ? nameOf(ctx.names[value.id], ctx.locale) : null;
  const version = typeof value.version === 'number' ? value.version : '';
  return title
    ? ctx.t('audit.values.legalVersion', { title, version })
    : ctx.t('audit.values.legalVersionOnly', { version });
}

const list = (values: string[], locale: Locale) =>
  new Intl.ListFormat(formattingLocale[locale], { type: 'conjunction' }).format(values);

/** A value of no known type, in words: text as it is, numbers and yes/no in the UI language, lists joined. */
function generic(value: unknown, ctx: AuditFormatContext): string {
  if (value === null || value === undefined || value === '') return ctx.t('audit.values.empty');
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumber(value, ctx.locale);
  if (typeof value === 'boolean') return ctx.t(value ? 'audit.values.yes' : 'audit.values.no');
  if (Array.isArray(value))
    return value.length
      ? list(
          value.map((v) => generic(v, ctx)),
          ctx.locale,
        )
      : ctx.t('audit.values.empty');
  if (isRecord(value))
    return Object.values(value)
      .filter((v) => v !== null && v !== undefined && v !== '')
      .map((v) => generic(v, ctx))
      .join(', ');
  return String(value);
}

function isEmpty(value: unknown): boolean {
  return (
    value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)
  );
}

/** One value of a known type, formatted for reading; `siblings` are the other values of the same side. */
export function formatTyped(
  type: AuditFieldType,
  field: string,
  value: unknown,
  ctx: AuditFormatContext,
  siblings: Values = {},
): string {
  const { t, locale, timeZone } = ctx;
  if (isEmpty(value)) return t('audit.values.empty');
  switch (type) {
    case 'text':
      return typeof value === 'string' ? value : generic(value, ctx);
    case 'date':
      return typeof value === 'string' ? formatPlainDate(value, locale) : generic(value, ctx);
    case 'instant':
      return typeof value === 'string' ? formatDateTime(value, locale, timeZone) : generic(value, ctx);
    case 'address':
      return isRecord(value) ? formatAddress(value, locale) : generic(value, ctx);
    case 'paymentTerms':
      return isRecord(value) ? formatPaymentTerms(value, ctx) : generic(value, ctx);
    case 'vatIdCheck':
      return isRecord(value) ? formatVatCheck(value, ctx) : generic(value, ctx);
    case 'enum':
      return typeof value === 'string' && field in auditEnumValues
        ? t(enumKey(field as AuditEnumField, value), { defaultValue: value })
        : generic(value, ctx);
    case 'boolean':
      return typeof value === 'boolean'
        ? t(value ? 'audit.values.yes' : 'audit.values.no')
        : generic(value, ctx);
    case 'list':
      return Array.isArray(value)
        ? list(
            value.map((v) => generic(v, ctx)),
            locale,
          )
        : generic(value, ctx);
    case 'count':
      return typeof value === 'number' ? formatNumber(value, locale) : generic(value, ctx);
    case 'money': {
      const currency = str(siblings.currency) ?? ctx.currency;
      return typeof value === 'number' ? formatMoney(value, currency, locale) : generic(value, ctx);
    }
    case 'price':
      return typeof value === 'string' ? formatUnitPrice(value, ctx.currency, locale) : generic(value, ctx);
    case 'decimal':
      return typeof value === 'string' ? formatDecimal(value, locale) : generic(value, ctx);
    case 'percent':
      return typeof value === 'string' ? formatPercent(value, locale) : generic(value, ctx);
    case 'ref':
      return refName(value, ctx);
    case 'refs':
      return Array.isArray(value)
        ? list(
            value.map((v) => refName(v, ctx)),
            locale,
          )
        : refName(value, ctx);
    case 'optionEnds':
      return Array.isArray(value)
        ? list(
            value.map((v) => formatOptionEnd(v, ctx)),
            locale,
          )
        : formatOptionEnd(value, ctx);
    case 'legalVersion':
      return formatLegalVersion(value, ctx);
    case 'hidden':
      return '';
  }
}

/** A value of a module's own field: yes/no, the option's label, a number in the UI language, or the text. */
function formatModuleValue(field: AuditModuleField, value: unknown, ctx: AuditFormatContext): string {
  if (isEmpty(value)) return ctx.t('audit.values.empty');
  if (field.type === 'boolean' && typeof value === 'boolean')
    return ctx.t(value ? 'audit.values.yes' : 'audit.values.no');
  if (field.type === 'select' && typeof value === 'string') {
    const option = field.options?.find((o) => o.value === value);
    return (option && localizedTextOf(option.label as LocalizedText, ctx.locale)) || value;
  }
  return generic(value, ctx);
}

/** One line of the change column: a field's label and its value, or its old and new value. */
export type FieldLine = { field: string; label: string; before?: string; after?: string; value?: string };

/** A field's label: the module's own label for module data (entries of module data carry only those). */
function fieldLabel(
  field: string,
  ctx: AuditFormatContext,
  moduleField: AuditModuleField | undefined,
): string {
  if (ctx.moduleFields) {
    if (moduleField) return localizedTextOf(moduleField.label as LocalizedText, ctx.locale) || field;
    return ctx.t('audit.values.removedField', { key: field });
  }
  if (isAuditField(field)) return ctx.t(`audit.fields.${field}`);
  return field;
}

function formatField(
  field: string,
  value: unknown,
  ctx: AuditFormatContext,
  siblings: Values,
  moduleField: AuditModuleField | undefined,
): string {
  if (moduleField) return formatModuleValue(moduleField, value, ctx);
  if (ctx.moduleFields) return generic(value, ctx);
  if (isAuditField(field)) return formatTyped(auditFieldTypes[field], field, value, ctx, siblings);
  return generic(value, ctx);
}

const fieldOrder = Object.keys(auditFieldTypes);

const isHidden = (field: string, ctx: AuditFormatContext) =>
  !ctx.moduleFields && isAuditField(field) && auditFieldTypes[field] === 'hidden';
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The change column of an entry: each field by its label, old → new where both states hold it,
 * the value alone where only one does (a creation, a removal, a detail of the change). Bookkeeping
 * fields and links between records are left out, and so are the fields `omit` names (those the
 * entry's sentence already says). Module data is labelled and ordered by the module's fields.
 */
export function describeChanges(
  before: unknown,
  after: unknown,
  ctx: AuditFormatContext,
  omit: ReadonlySet<string> = new Set(),
): FieldLine[] {
  if (!isRecord(before) && !isRecord(after)) {
    if (isEmpty(before) && isEmpty(after)) return [];
    if (same(before, after)) return [];
    return [{ field: '', label: '', before: generic(before, ctx), after: generic(after, ctx) }];
  }
  const from = isRecord(before) ? before : null;
  const to = isRecord(after) ? after : null;
  const moduleFields = new Map((ctx.moduleFields ?? []).map((f) => [f.key, f]));
  const keys = [...new Set([...Object.keys(from ?? {}), ...Object.keys(to ?? {})])];
  // Stored values come back with their keys in the database's order (jsonb sorts them): show them
  // in the order of the module's fields, else of the known field list (grouped as the page is).
  const positions = ctx.moduleFields ? ctx.moduleFields.map((f) => f.key) : fieldOrder;
  const order = (key: string) => {
    const i = positions.indexOf(key);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  keys.sort((a, b) => order(a) - order(b));
  const lines: FieldLine[] = [];
  for (const field of keys) {
    if (isHidden(field, ctx) || omit.has(field)) continue;
    const moduleField = moduleFields.get(field);
    const label = fieldLabel(field, ctx, moduleField);
    const inBefore = from !== null && Object.hasOwn(from, field);
    const inAfter = to !== null && Object.hasOwn(to, field);
    if (inBefore && inAfter) {
      if (same(from[field], to[field])) continue;
      lines.push({
        field,
        label,
        before: formatField(field, from[field], ctx, from, moduleField),
        after: formatField(field, to[field], ctx, to, moduleField),
      });
      continue;
    }
    const side = inAfter ? to! : from!;
    if (isEmpty(side[field])) continue;
    lines.push({ field, label, value: formatField(field, side[field], ctx, side, moduleField) });
  }
  return lines;
}
