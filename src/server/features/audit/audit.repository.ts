import { sql } from 'drizzle-orm';
import { type AuditKind, historyActions } from '../../../shared/audit-actions';
import type { RequestContext } from '../../context';
import { type Queryable, rowsOf } from '../../db/client';
import { auditLog } from '../../db/schema';

export type AuditInput = {
  action: string;
  entityType: string;
  entityId: string;
  accountId?: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
};

/** Writes one audit entry in the caller's transaction: the change and its record commit together. */
export async function recordAudit(tx: Queryable, ctx: RequestContext, entry: AuditInput): Promise<void> {
  await tx.insert(auditLog).values({
    tenantId: ctx.tenantId,
    actorType: ctx.actor?.realm ?? 'system',
    actorId: ctx.actor?.userId ?? null,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    accountId: entry.accountId ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
    reason: entry.reason ?? null,
    requestId: ctx.requestId,
    at: ctx.now,
  });
}

/** What an id in an entry's values or its entity id must look like to be looked up. */
const UUID_RE = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
/** Every string anywhere in before/after that is a UUID (jsonpath; a constant, never user input). */
const IDS_PATH = `strict $.** ? (@.type() == "string" && @ like_regex "${UUID_RE}")`;

type Title = Partial<Record<'nl' | 'de' | 'en', string>>;

export type AuditHistoryRow = {
  id: string;
  at: Date | string;
  actor_type: 'staff' | 'client' | 'system';
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  before: unknown;
  after: unknown;
  reason: string | null;
  request_id: string | null;
  subject_name: string | null;
  subject_title: Title | null;
  subject_module: Title | null;
  subject_module_fields: unknown[] | null;
  subject_found: boolean;
  names: Record<string, { kind: string; name: string | null; title: Title | null }> | null;
};

/**
 * One page of an account's history, newest first, with what each entry is about and the names of
 * the ids inside its values resolved in the same statement: the subject by left joins on its
 * entity (booking → module, option → item and module, document → number, user → name, …), the
 * ids in before/after by a lateral aggregate over the referenced tables. Every join names the
 * tenant, and account-owned rows (bookings, options, users, documents) also the account: an id of
 * another operator or account is never named (row-level security is the second wall).
 * Only actions of the account history (src/shared/audit-actions.ts) are listed: preferences such
 * as the UI language never are, also where older entries carry the account.
 */
export async function listAccountAudit(
  tx: Queryable,
  tenantId: string,
  accountId: string,
  query: { page: number; pageSize: number; kind?: AuditKind | undefined },
): Promise<{ rows: AuditHistoryRow[]; total: number }> {
  const actions = sql.join(
    historyActions(query.kind).map((a) => sql`${a}`),
    sql`, `,
  );
  const where = sql`a.tenant_id = ${tenantId} and a.account_id = ${accountId} and a.action in (${actions})`;
  const uuidRe = sql.raw(`'${UUID_RE}'`);
  const idsPath = sql.raw(`'${IDS_PATH.replaceAll("'", "''")}'`);
  const rows = rowsOf<AuditHistoryRow>(
    await tx.execute(sql`
      with page as (
        select a.*, case when a.entity_id ~ ${uuidRe} then a.entity_id::uuid end as entity_uuid,
          case when a.after->>'bookingId' ~ ${uuidRe} then (a.after->>'bookingId')::uuid end as after_booking
        from audit_log a
        where ${where}
        order by a.id desc
        limit ${query.pageSize} offset ${(query.page - 1) * query.pageSize}
      )
      select p.id::text as id, p.at, p.actor_type, p.actor_id, coalesce(su.name, cu.name) as actor_name,
        p.action, p.entity_type, p.entity_id, p.before, p.after, p.reason, p.request_id,
        coalesce(sd.number, scu.name, sci.email, smi.title) as subject_name,
        soi.title as subject_title,
        sm.name as subject_module,
        case when p.action = 'booking.module_data_changed' then sm.fields end as subject_module_fields,
        coalesce(sb.id, sob.id, sdb.id, sd.id, scu.id, sci.id, smi.id) is not null as subject_found,
        names.names
      from page p
      left join staff_users su on p.actor_type = 'staff' and su.tenant_id = p.tenant_id and su.id = p.actor_id
      left join client_users cu on p.actor_type = 'client' and cu.tenant_id = p.tenant_id and cu.id = p.actor_id
      left join bookings sb on p.entity_type = 'booking' and sb.tenant_id = p.tenant_id
        and sb.account_id = p.account_id and sb.id = p.entity_uuid
      left join booking_options so on p.entity_type = 'booking_option' and so.tenant_id = p.tenant_id
        and so.id = p.entity_uuid
      left join bookings sob on sob.tenant_id = so.tenant_id and sob.id = so.booking_id
        and sob.account_id = p.account_id
      left join tariff_items soi on soi.tenant_id = so.tenant_id and soi.id = so.item_id and sob.id is not null
      left join bookings sdb on p.entity_type = 'cancellation_declaration' and sdb.tenant_id = p.tenant_id
        and sdb.account_id = p.account_id and sdb.id = p.after_booking
      left join modules sm on sm.tenant_id = p.tenant_id and sm.id = coalesce(sb.module_id, sob.module_id, sdb.module_id)
      left join documents sd on p.entity_type = 'document' and sd.tenant_id = p.tenant_id
        and sd.account_id = p.account_id and sd.id = p.entity_uuid
      left join client_users scu on p.entity_type = 'client_user' and scu.tenant_id = p.tenant_id
        and scu.account_id = p.account_id and scu.id = p.entity_uuid
      left join client_invitations sci on p.entity_type = 'client_invitation' and sci.tenant_id = p.tenant_id
        and sci.account_id = p.account_id and sci.id = p.entity_uuid
      left join manual_items smi on p.entity_type = 'manual_item' and smi.tenant_id = p.tenant_id
        and smi.account_id = p.account_id and smi.id = p.entity_uuid
      left join lateral (
        select jsonb_object_agg(ids.id, jsonb_build_object('kind', r.kind, 'name', r.name, 'title', r.title)) as names
        from (
          select distinct v #>> '{}' as id
          from jsonb_path_query(jsonb_build_array(p.before, p.after), ${idsPath}) as v
        ) ids
        cross join lateral (
          select 'tariff' as kind, null::text as name, t.title from tariffs t
            where t.tenant_id = p.tenant_id and t.id = ids.id::uuid
          union all
          select 'tariff_item', null, i.title from tariff_items i
            where i.tenant_id = p.tenant_id and i.id = ids.id::uuid
          union all
          select 'module', null, m.name from modules m
            where m.tenant_id = p.tenant_id and m.id = ids.id::uuid
          union all
          select 'booking', null, m.name from bookings b
            join modules m on m.tenant_id = b.tenant_id and m.id = b.module_id
            where b.tenant_id = p.tenant_id and b.account_id = p.account_id and b.id = ids.id::uuid
          union all
          select 'booking_option', null, i.title from booking_options o
            join bookings b on b.tenant_id = o.tenant_id and b.id = o.booking_id and b.account_id = p.account_id
            join tariff_items i on i.tenant_id = o.tenant_id and i.id = o.item_id
            where o.tenant_id = p.tenant_id and o.id = ids.id::uuid
          union all
          select 'legal_document', l.title, null from legal_documents l
            where l.tenant_id = p.tenant_id and l.id = ids.id::uuid
          union all
          select 'client_user', u.name, null from client_users u
            where u.tenant_id = p.tenant_id and u.account_id = p.account_id and u.id = ids.id::uuid
          union all
          select 'document', d.number, null from documents d
            where d.tenant_id = p.tenant_id and d.account_id = p.account_id and d.id = ids.id::uuid
        ) r
      ) names on true
      order by p.id desc`),
  );
  const [count] = rowsOf<{ n: number | string }>(
    await tx.execute(sql`select count(*)::int as n from audit_log a where ${where}`),
  );
  return { rows, total: Number(count?.n ?? 0) };
}
