import { auditKindOf, isAuditAction } from '../../../shared/audit-actions';
import {
  type AuditEntry,
  type AuditModuleField,
  type AuditName,
  type AuditSubject,
  auditRefKinds,
} from '../../../shared/schemas';
import type { AuditHistoryRow } from './audit.repository';

type RefKind = (typeof auditRefKinds)[number];

function isRefKind(value: string): value is RefKind {
  return (auditRefKinds as readonly string[]).includes(value);
}

/** Only what the field list needs to word module data: key, label, type and select options. */
function moduleFieldsOf(fields: unknown[] | null): AuditModuleField[] | null {
  if (!fields) return null;
  return fields.flatMap((f) => {
    if (typeof f !== 'object' || f === null) return [];
    const { key, label, type, options } = f as AuditModuleField;
    return [
      {
        key,
        label,
        type,
        ...(options ? { options: options.map((o) => ({ value: o.value, label: o.label })) } : {}),
      },
    ];
  });
}

function subjectOf(row: AuditHistoryRow): AuditSubject | null {
  if (!row.subject_found || !isRefKind(row.entity_type)) return null;
  return {
    kind: row.entity_type,
    name: row.subject_name,
    title: row.subject_title,
    module: row.subject_module,
    moduleFields: moduleFieldsOf(row.subject_module_fields),
  };
}

function namesOf(row: AuditHistoryRow): Record<string, AuditName> {
  const out: Record<string, AuditName> = {};
  for (const [id, n] of Object.entries(row.names ?? {}))
    if (isRefKind(n.kind)) out[id] = { kind: n.kind, name: n.name, title: n.title };
  return out;
}

/** One history entry as the API answers it (AuditEntry). */
export function presentAuditEntry(row: AuditHistoryRow): AuditEntry {
  return {
    id: row.id,
    at: new Date(row.at).toISOString(),
    actorType: row.actor_type,
    actorId: row.actor_id,
    actorName: row.actor_name,
    action: row.action,
    kind: isAuditAction(row.action) ? auditKindOf[row.action] : null,
    entityType: row.entity_type,
    entityId: row.entity_id,
    subject: subjectOf(row),
    before: row.before ?? null,
    after: row.after ?? null,
    names: namesOf(row),
    reason: row.reason,
    requestId: row.request_id,
  };
}
