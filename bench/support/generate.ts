/** What the generator needs of a database: a pg pool's client or PGlite (one session each). */
export type SqlClient = {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
};

/**
 * Fills an operator with realistic volume for benchmarks, in set-based SQL (seconds for 100,000
 * accounts): accounts with a concluded contract (partner, general payment terms), an owner user
 * each (the demo password), one booking of the operator's first published module under its first
 * tariff with a tariff period, one or two additional options for every third account, and a few
 * audit entries each. Customer numbers are K0000001…; e-mails bench-N@<slug>.example.
 */
export type GenerateOptions = {
  tenantSlug: string;
  accounts: number;
  today: string;
  /**
   * Logged-in clients without going through the (slow, argon2) login: sessions for the owners of
   * the first `sessions` accounts, token `sessionToken(slug, n)`, last seen at `now`.
   */
  sessions?: number;
  now?: string;
};

/** The session token the generator gives the owner of account n (bench-only, never in production data). */
export function sessionToken(slug: string, n: number): string {
  return `bench-session-${slug}-${n}`;
}

export async function generateOperator(c: SqlClient, o: GenerateOptions): Promise<{ tenantId: string }> {
  try {
    const t = await c.query<{ id: string }>('select id from tenants where slug = $1', [o.tenantSlug]);
    const tenantId = t.rows[0]?.id;
    if (!tenantId) throw new Error(`no operator ${o.tenantSlug}`);
    const hash = await c.query<{ h: string }>(
      'select password_hash as h from client_users where tenant_id = $1 and password_hash is not null limit 1',
      [tenantId],
    );
    const staffHash = await c.query<{ h: string }>(
      'select password_hash as h from staff_users where tenant_id = $1 limit 1',
      [tenantId],
    );
    const passwordHash = hash.rows[0]?.h ?? staffHash.rows[0]?.h;
    const tariff = await c.query<{ tariff_id: string; module_id: string }>(
      `select t.id as tariff_id, t.module_id from tariffs t
        where t.tenant_id = $1 and exists (select 1 from tariff_items i where i.tariff_id = t.id)
        order by t.display_order, t.created_at limit 1`,
      [tenantId],
    );
    const tr = tariff.rows[0];
    if (!tr) throw new Error('the operator has no tariff with items');
    const option = await c.query<{ id: string }>(
      `select id from tariff_items where tenant_id = $1 and tariff_id = $2 and key = 'additional_option' order by position limit 1`,
      [tenantId, tr.tariff_id],
    );
    const terms = await c.query<{ p: unknown }>(
      'select payment_terms as p from invoice_settings where tenant_id = $1',
      [tenantId],
    );
    const paymentTerms = JSON.stringify(
      terms.rows[0]?.p ?? { dueDays: 14, discountPercent: null, discountDays: null, text: null },
    );
    await c.query('begin');
    await c.query(
      `create temp table gen on commit drop as
         select n, gen_random_uuid() as account_id, gen_random_uuid() as user_id, gen_random_uuid() as booking_id,
                ($2::date - ((n * 7919) % 900))::date as start_date
           from generate_series(1, $1::int) n`,
      [o.accounts, o.today],
    );
    await c.query(
      `insert into accounts (id, tenant_id, name, email, customer_number, customer_type, contract_partner,
                             payment_terms, payment_terms_source, contract_concluded_at, invoice_recipients, created_at)
       select account_id, $1, 'Bench ' || initcap(md5(n::text)::text) || ' ' || n, 'bench-' || n || '@' || $2 || '.example',
              'K' || lpad(n::text, 7, '0'), case when n % 5 = 0 then 'consumer' else 'business' end,
              jsonb_build_object('company', case when n % 5 = 0 then null else 'Bench ' || n || ' B.V.' end,
                                 'name', 'Contact ' || n, 'street', 'Straat ' || n, 'postalCode', '1000 AA',
                                 'city', 'Amsterdam', 'country', 'NL', 'email', 'bench-' || n || '@' || $2 || '.example', 'phone', null),
              $3::jsonb, 'general', start_date::timestamptz, jsonb_build_array('bench-' || n || '@' || $2 || '.example'), start_date::timestamptz
         from gen`,
      [tenantId, o.tenantSlug, paymentTerms],
    );
    await c.query(
      `insert into client_users (id, tenant_id, account_id, email, name, password_hash, role, is_account_owner, email_verified_at, created_at)
       select user_id, $1, account_id, 'bench-' || n || '@' || $2 || '.example', 'Contact ' || n, $3, 'admin', true, start_date::timestamptz, start_date::timestamptz
         from gen`,
      [tenantId, o.tenantSlug, passwordHash],
    );
    await c.query(
      `insert into bookings (id, tenant_id, account_id, module_id, start_date, module_data, ordered_by_type, ordered_by_id, created_at)
       select booking_id, $1, account_id, $2, start_date, '{}'::jsonb, 'client', user_id, start_date::timestamptz from gen`,
      [tenantId, tr.module_id],
    );
    await c.query(
      `insert into booking_tariff_periods (tenant_id, booking_id, tariff_id, start_date, created_at)
       select $1, booking_id, $2, start_date, start_date::timestamptz from gen`,
      [tenantId, tr.tariff_id],
    );
    if (option.rows[0])
      await c.query(
        `insert into booking_options (tenant_id, booking_id, item_id, quantity, start_date, created_at)
         select $1, booking_id, $2, 1 + (n % 2), start_date + 10, start_date::timestamptz from gen where n % 3 = 0`,
        [tenantId, option.rows[0].id],
      );
    await c.query(
      `insert into audit_log (tenant_id, actor_type, actor_id, action, entity_type, entity_id, account_id, before, after, at)
       select $1, 'client', user_id, a.action, a.entity, account_id::text, account_id, null, jsonb_build_object('n', n), start_date::timestamptz + a.k * interval '1 hour'
         from gen, (values (0, 'account.contract_concluded', 'account'), (1, 'booking.created', 'booking'), (2, 'account.customer_number_changed', 'account')) as a(k, action, entity)`,
      [tenantId],
    );
    if (o.sessions && o.now)
      await c.query(
        `insert into sessions (id_hash, tenant_id, realm, user_id, created_at, last_seen_at, expires_at)
         select encode(sha256(convert_to('bench-session-' || $2 || '-' || n, 'UTF8')), 'hex'), $1, 'client', user_id,
                $3::timestamptz, $3::timestamptz, $3::timestamptz + interval '1 day'
           from gen where n <= $4`,
        [tenantId, o.tenantSlug, o.now, o.sessions],
      );
    await c.query('commit');
    await c.query('analyze');
    return { tenantId };
  } catch (error) {
    await c.query('rollback').catch(() => {});
    throw error;
  }
}
