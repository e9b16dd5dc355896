/**
 * A property-based fuzzer over the app's own OpenAPI document (test/fuzz.test.ts, bench/fuzz.ts).
 *
 * For every operation and every role it sends requests whose path parameters, query strings,
 * headers and bodies start from values the schema allows and are then broken: wrong types,
 * missing and extra fields, huge strings, NUL, lone surrogates, numbers out of range, bad UUIDs and
 * dates, arrays for objects, invalid JSON, wrong content types, over-long and badly encoded path
 * parameters. The property: no answer is 5xx, and every 4xx is application/problem+json with
 * type, title and status. Logged-in roles send their session's CSRF token, so mutations reach the
 * handlers. Everything is drawn from a seeded PRNG (fuzz-values.ts); each request is derived from
 * (seed, index), and the report prints offending requests whole so they can be replayed.
 *
 * No test framework in here: the bench runs it outside vitest.
 */
import { eq } from 'drizzle-orm';
import type { App } from '../../src/server/app';
import type { Database } from '../../src/server/db/client';
import { clientInvitations, documents } from '../../src/server/db/schema';
import type { StaffLevel } from '../../src/shared/permissions';
import { buildBilledAccount, buildBillingShop } from './billing-factories';
import { buildAccount, buildStaff, buildTenant, TEST_PASSWORD, type TestTenant } from './factories';
import {
  ANY_UNICODE,
  HEADER_SAFE,
  hostileContentTypes,
  hostileJsonTexts,
  hostileNumbers,
  hostileSegments,
  hostileStrings,
  percentEncode,
  Rng,
} from './fuzz-values';
import { buildBooking, buildShop, partner } from './order-factories';

// ---------------------------------------------------------------------------------------------
// The OpenAPI document

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  $ref?: string;
};

type Parameter = { name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema: JsonSchema };

export type Operation = {
  /** "METHOD /path/{param}" as in the document. */
  id: string;
  method: string;
  path: string;
  params: Parameter[];
  query: Parameter[];
  headers: Parameter[];
  body: JsonSchema | undefined;
};

type OpenApiDoc = {
  paths: Record<
    string,
    Record<
      string,
      { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema: JsonSchema }> } }
    >
  >;
  components?: { schemas?: Record<string, JsonSchema> };
};

/** Every operation of the document, with `$ref`s resolved. */
export function operationsOf(doc: OpenApiDoc): Operation[] {
  const schemas = doc.components?.schemas ?? {};
  const resolve = (s: JsonSchema, depth = 0): JsonSchema => {
    if (depth > 20) return {};
    if (s.$ref) {
      const name = s.$ref.replace('#/components/schemas/', '');
      return resolve(schemas[name] ?? {}, depth + 1);
    }
    const out: JsonSchema = { ...s };
    if (s.properties)
      out.properties = Object.fromEntries(
        Object.entries(s.properties).map(([k, v]) => [k, resolve(v, depth + 1)]),
      );
    if (s.items) out.items = resolve(s.items, depth + 1);
    if (typeof s.additionalProperties === 'object')
      out.additionalProperties = resolve(s.additionalProperties, depth + 1);
    for (const k of ['anyOf', 'oneOf', 'allOf'] as const)
      if (s[k]) out[k] = s[k]?.map((x) => resolve(x, depth + 1));
    return out;
  };
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = (op.parameters ?? []).map((p) => ({ ...p, schema: resolve(p.schema ?? {}) }));
      const json = op.requestBody?.content?.['application/json']?.schema;
      ops.push({
        id: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        params: params.filter((p) => p.in === 'path'),
        query: params.filter((p) => p.in === 'query'),
        headers: params.filter((p) => p.in === 'header'),
        body: json ? resolve(json) : undefined,
      });
    }
  }
  return ops;
}

// ---------------------------------------------------------------------------------------------
// The world: two operators, every role logged in, real ids of every kind

export const FUZZ_ROLES = [
  'anonymous',
  'client-member',
  'client-admin',
  'employee',
  'manager',
  'supermanager',
  'owner',
] as const;
export type FuzzRole = (typeof FUZZ_ROLES)[number];

type IdKind =
  | 'account'
  | 'module'
  | 'tariff'
  | 'tariffItem'
  | 'booking'
  | 'document'
  | 'legal'
  | 'invitation'
  | 'clientUser';

type Session = { cookie: string; csrf: string };

export type FuzzWorld = {
  tenant: TestTenant;
  other: TestTenant;
  /** Ids of the fuzzed operator, by kind. */
  ids: Record<IdKind, string[]>;
  /** Ids of the other operator: must never be reachable. */
  foreignIds: string[];
  sessions: Map<FuzzRole, Session>;
  /** Checks every session; logs in again (with new users if need be) where one was ended. */
  renewSessions(): Promise<number>;
};

/** Role logins come from their own address, so the fuzzer's wrong logins do not throttle them. */
const LOGIN_ADDRESS = '192.0.2.250';
/** The fuzzer's own addresses (a few, so that per-address limits are reached too). */
const FUZZ_ADDRESSES = ['203.0.113.1', '203.0.113.2', '203.0.113.3', '2001:db8::7'];

function cookiesOf(setCookie: unknown, jar: Map<string, string>) {
  const list = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  for (const c of list as string[]) {
    const [pair] = c.split(';');
    const i = pair?.indexOf('=') ?? -1;
    if (!pair || i < 0) continue;
    jar.set(pair.slice(0, i).trim(), pair.slice(i + 1));
  }
}

async function logIn(
  app: App,
  host: string,
  realm: 'staff' | 'client',
  email: string,
): Promise<Session | null> {
  const jar = new Map<string, string>();
  const first = await app.inject({
    method: 'GET',
    url: '/api/v1/session',
    headers: { host },
    remoteAddress: LOGIN_ADDRESS,
  });
  cookiesOf(first.headers['set-cookie'], jar);
  const res = await app.inject({
    method: 'POST',
    url: `/api/v1/${realm}/login`,
    remoteAddress: LOGIN_ADDRESS,
    headers: {
      host,
      'content-type': 'application/json',
      cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
      'x-csrf-token': jar.get('kontor_csrf') ?? '',
    },
    payload: JSON.stringify({ email, password: TEST_PASSWORD }),
  });
  if (res.statusCode !== 200) return null;
  cookiesOf(res.headers['set-cookie'], jar);
  const csrf = jar.get('kontor_csrf') ?? '';
  return { cookie: `kontor_session=${jar.get('kontor_session')}; kontor_csrf=${csrf}`, csrf };
}

async function isLoggedIn(app: App, host: string, s: Session): Promise<boolean> {
  const res = await app.inject({
    method: 'GET',
    url: '/api/v1/session',
    headers: { host, cookie: s.cookie },
  });
  return res.statusCode === 200 && JSON.parse(res.body).realm !== null;
}

const STAFF_ROLES: Partial<Record<FuzzRole, StaffLevel>> = {
  employee: 'employee',
  manager: 'manager',
  supermanager: 'supermanager',
  owner: 'owner',
};

/** Builds both operators with data of every kind and logs every role in. */
export async function buildFuzzWorld(app: App, db: Database): Promise<FuzzWorld> {
  const tenant = await buildTenant(db);
  const other = await buildTenant(db);
  const shop = await buildShop(db, tenant);
  const billing = await buildBillingShop(db, tenant, { withSettings: false });
  const { account, owner, member } = await buildAccount(db, tenant, {
    contractPartner: partner,
    customerNumber: 'K-FUZZ-1',
  });
  const second = await buildAccount(db, tenant);
  const booking = await buildBooking(db, tenant, account, shop.module, [
    { tariffId: shop.publicTariff.id, startDate: '2026-10-01' },
  ]);
  const billed = await buildBilledAccount(db, tenant, billing, { start: '2026-09-01' });
  const otherShop = await buildShop(db, other);
  const otherAccount = await buildAccount(db, other, { contractPartner: partner });

  const users: Partial<Record<FuzzRole, { realm: 'staff' | 'client'; email: string }>> = {
    'client-member': { realm: 'client', email: member.email },
    'client-admin': { realm: 'client', email: owner.email },
  };
  for (const [role, level] of Object.entries(STAFF_ROLES) as [FuzzRole, StaffLevel][])
    users[role] = { realm: 'staff', email: (await buildStaff(db, tenant, level)).email };

  const sessions = new Map<FuzzRole, Session>();
  const login = async (role: FuzzRole) => {
    const u = users[role];
    if (!u) return;
    let s = await logIn(app, tenant.host, u.realm, u.email);
    if (!s) {
      // The user was removed, demoted or the account closed by a fuzzed request: a new one.
      if (u.realm === 'staff')
        u.email = (await buildStaff(db, tenant, STAFF_ROLES[role] as StaffLevel)).email;
      else {
        const fresh = await buildAccount(db, tenant, { contractPartner: partner });
        u.email = role === 'client-admin' ? fresh.owner.email : fresh.member.email;
      }
      s = await logIn(app, tenant.host, u.realm, u.email);
    }
    if (!s) throw new Error(`fuzz world: ${role} cannot log in`);
    sessions.set(role, s);
  };
  for (const role of FUZZ_ROLES) await login(role);

  // A document and an invitation through the API, as the portal makes them.
  const staffOwner = sessions.get('owner') as Session;
  await app.inject({
    method: 'POST',
    url: `/api/v1/staff/accounts/${billed.account.id}/invoices`,
    headers: {
      host: tenant.host,
      cookie: staffOwner.cookie,
      'x-csrf-token': staffOwner.csrf,
      'content-type': 'application/json',
    },
    payload: JSON.stringify({ until: '2026-11-30' }),
  });
  const admin = sessions.get('client-admin') as Session;
  await app.inject({
    method: 'POST',
    url: '/api/v1/client/account/invitations',
    headers: {
      host: tenant.host,
      cookie: admin.cookie,
      'x-csrf-token': admin.csrf,
      'content-type': 'application/json',
    },
    payload: JSON.stringify({ email: 'invited@fuzz.example', role: 'member' }),
  });
  const docs = await db.system
    .select({ id: documents.id })
    .from(documents)
    .where(eq(documents.tenantId, tenant.id));
  const invitations = await db.system
    .select({ id: clientInvitations.id })
    .from(clientInvitations)
    .where(eq(clientInvitations.tenantId, tenant.id));

  const ids: Record<IdKind, string[]> = {
    account: [account.id, second.account.id, billed.account.id],
    module: [shop.module.id, billing.module.id],
    tariff: [shop.publicTariff.id, shop.secretTariff.id, billing.tariff.id],
    tariffItem: [billing.base.id, billing.calls.id, ...(billing.setup ? [billing.setup.id] : [])],
    booking: [booking.id, billed.booking.id],
    document: docs.map((d) => d.id),
    legal: [shop.terms.id, shop.privacy.id],
    invitation: invitations.map((i) => i.id),
    clientUser: [owner.id, member.id, second.owner.id],
  };
  return {
    tenant,
    other,
    ids,
    foreignIds: [otherAccount.account.id, otherShop.module.id, otherShop.publicTariff.id, otherShop.terms.id],
    sessions,
    async renewSessions() {
      let renewed = 0;
      for (const role of FUZZ_ROLES) {
        const s = sessions.get(role);
        if (!s || (await isLoggedIn(app, tenant.host, s))) continue;
        await login(role);
        renewed++;
      }
      return renewed;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Values

const today = '2026-11-26';
const PATTERN_CANDIDATES = [
  today,
  '2026-12-01',
  '2027-01-31',
  '2024-02-29',
  'K-1001',
  'OFF-ABC123',
  '21',
  '9',
  '29.90',
  '0.50',
  '1',
  '100',
  '-5.25',
  'NL',
  'DE',
  'greeting_name',
  'base_fee',
  'ABNANL2A',
  '+31 30 123 4567',
  'agb.pdf',
  'fuzz@client.example',
];

function idKindOfField(name: string): IdKind | undefined {
  const n = name.toLowerCase();
  if (n.includes('tariffid')) return 'tariff';
  if (n.includes('moduleid')) return 'module';
  if (n.includes('itemid')) return 'tariffItem';
  if (n.includes('termsid') || n.includes('privacypolicyid') || n.includes('documentid')) return 'legal';
  if (n.includes('userid')) return 'clientUser';
  if (n.includes('accountid')) return 'account';
  if (n.includes('bookingid')) return 'booking';
  if (n.includes('invitationid')) return 'invitation';
  return undefined;
}

function idKindOfParam(path: string, name: string): IdKind | undefined {
  if (name !== 'id') return idKindOfField(name);
  const before = path.split('/{id}')[0]?.split('/').at(-1);
  if (path.startsWith('/api/v1/legal/documents')) return 'legal';
  return (
    {
      accounts: 'account',
      modules: 'module',
      tariffs: 'tariff',
      'tariff-items': 'tariffItem',
      bookings: 'booking',
      documents: 'document',
    } as Record<string, IdKind>
  )[before ?? ''];
}

class Values {
  constructor(
    private readonly rng: Rng,
    private readonly world: FuzzWorld,
  ) {}

  id(kind: IdKind | undefined): string {
    const r = this.rng;
    const own = kind ? this.world.ids[kind] : Object.values(this.world.ids).flat();
    if (own.length > 0 && r.chance(0.8)) return r.pick(own);
    if (r.chance(0.5)) return r.pick(Object.values(this.world.ids).flat());
    if (r.chance(0.5)) return r.pick(this.world.foreignIds);
    return r.uuid();
  }

  string(s: JsonSchema, name: string): string {
    const r = this.rng;
    if (s.format === 'uuid') return this.id(idKindOfField(name));
    if (s.format === 'email')
      return r.chance(0.7) ? `fuzz-${r.hex(6)}@client.example` : 'fuzz@client.example';
    if (s.pattern) {
      let re: RegExp;
      try {
        re = new RegExp(s.pattern);
      } catch {
        re = /.*/;
      }
      const fits = PATTERN_CANDIDATES.filter((c) => re.test(c));
      if (fits.length > 0) return r.pick(fits);
    }
    const min = s.minLength ?? 0;
    const max = Math.min(s.maxLength ?? 40, Math.max(min, 40));
    return r
      .text(r.int(Math.max(min, 1), Math.max(min, Math.min(max, 24))))
      .slice(0, s.maxLength ?? 1e9)
      .padEnd(min, 'x');
  }

  number(s: JsonSchema, integer: boolean): number {
    const r = this.rng;
    const lo = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 0);
    const hi = Math.min(
      s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : 1000),
      lo + 1000,
    );
    const n = lo + r.float() * (hi - lo);
    return integer ? Math.max(lo, Math.min(hi, Math.round(n))) : Math.round(n * 100) / 100;
  }

  /** A value the schema allows (as far as this generator knows how). */
  valid(s: JsonSchema, name = '', depth = 0): unknown {
    const r = this.rng;
    if (depth > 8) return null;
    if (s.const !== undefined) return s.const;
    if (s.enum) return r.pick(s.enum);
    const alt = s.anyOf ?? s.oneOf;
    if (alt && alt.length > 0) {
      const nonNull = alt.filter((a) => a.type !== 'null');
      return this.valid(
        r.chance(0.85) && nonNull.length > 0 ? r.pick(nonNull) : r.pick(alt),
        name,
        depth + 1,
      );
    }
    if (s.allOf?.[0]) return this.valid(s.allOf[0], name, depth + 1);
    const type = Array.isArray(s.type) ? r.pick(s.type) : s.type;
    switch (type) {
      case 'string':
        return this.string(s, name);
      case 'integer':
        return this.number(s, true);
      case 'number':
        return this.number(s, false);
      case 'boolean':
        return r.chance(0.5);
      case 'null':
        return null;
      case 'array': {
        const n = r.int(s.minItems ?? 0, Math.min(s.maxItems ?? 3, (s.minItems ?? 0) + 3));
        return Array.from({ length: n }, () => this.valid(s.items ?? {}, name, depth + 1));
      }
      case 'object':
      case undefined: {
        if (!s.properties && type === undefined) return r.pick(['x', 1, true, null]);
        const out: Record<string, unknown> = {};
        const required = new Set(s.required ?? []);
        for (const [k, v] of Object.entries(s.properties ?? {}))
          if (required.has(k) || r.chance(0.6)) out[k] = this.valid(v, k, depth + 1);
        if (!s.properties && typeof s.additionalProperties === 'object') {
          const keys = ['nl', 'de', 'en', 'greeting_name', 'lines'];
          for (const k of r.some(keys, 0.5)) out[k] = this.valid(s.additionalProperties, k, depth + 1);
        }
        return out;
      }
      default:
        return null;
    }
  }

  /** Anything but what the schema wants, often just slightly. */
  hostile(): unknown {
    const r = this.rng;
    switch (r.int(0, 6)) {
      case 0:
      case 1:
        return r.pick(hostileStrings);
      case 2:
        return r.pick(hostileNumbers);
      case 3:
        return r.pick([null, true, false, [], {}, [1, 'a', null], { a: { b: [] } }, [{}]]);
      case 4:
        return r.text(r.int(1, 60), ANY_UNICODE);
      case 5:
        return r.uuid();
      default:
        return r.pick(['x'.repeat(r.int(1, 3) * 20_000), Array.from({ length: 2_000 }, (_, i) => i)]);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Requests

export type FuzzRequest = {
  index: number;
  role: FuzzRole;
  operation: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
  remoteAddress: string;
  /** What was broken, for the report. */
  mutations: string[];
};

type Path = (string | number)[];

function leafPaths(value: unknown, path: Path = [], out: Path[] = []): Path[] {
  out.push(path);
  if (Array.isArray(value)) for (const [i, v] of value.entries()) leafPaths(v, [...path, i], out);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) leafPaths(v, [...path, k], out);
  return out;
}

function setAt(root: unknown, path: Path, value: unknown, remove = false): unknown {
  if (path.length === 0) return value;
  let cur = root as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
  const last = path.at(-1) as string | number;
  if (remove) {
    if (Array.isArray(cur)) cur.splice(Number(last), 1);
    else delete cur[last];
  } else cur[last] = value;
  return root;
}

function mutateBody(rng: Rng, v: Values, valid: unknown, mutations: string[]): unknown {
  let body = structuredClone(valid);
  const rounds = rng.int(1, 3);
  for (let i = 0; i < rounds; i++) {
    const paths = leafPaths(body).filter((p) => p.length > 0);
    const choice = rng.int(0, 9);
    if (paths.length === 0 || choice === 9) {
      const key = rng.pick([
        'extra',
        '__proto__',
        'constructor',
        'tenantId',
        'id',
        'version',
        rng.text(8, ANY_UNICODE),
      ]);
      if (body && typeof body === 'object' && !Array.isArray(body)) {
        (body as Record<string, unknown>)[key] = v.hostile();
        mutations.push(`body: extra field ${JSON.stringify(key)}`);
      } else {
        body = v.hostile();
        mutations.push('body: replaced');
      }
      continue;
    }
    const p = rng.pick(paths);
    if (choice <= 1) {
      body = setAt(body, p, undefined, true);
      mutations.push(`body: removed ${p.join('.')}`);
    } else {
      const h = v.hostile();
      body = setAt(body, p, h);
      mutations.push(`body: ${p.join('.')} = ${JSON.stringify(h)?.slice(0, 40)}`);
    }
  }
  return body;
}

function headerValue(rng: Rng): string {
  return rng.pick([
    () => rng.text(rng.int(0, 40), HEADER_SAFE),
    () => 'x'.repeat(rng.int(1, 4) * 2_000),
    () => rng.pick(hostileStrings).replace(/[^\t\x20-\x7e\x80-\xff]/g, '?'),
  ])();
}

const FORWARDED_FOR = [
  'not an ip',
  '1.2.3.4, , ,',
  '::ffff:10.0.0.1',
  '999.1.1.1',
  '[::1]:80',
  'unknown',
  '10.0.0.1:1234',
  Array.from({ length: 200 }, (_, i) => `10.0.${i}.1`).join(','),
  '203.0.113.9',
  '',
  ',',
];

function fuzzHeaders(rng: Rng, req: FuzzRequest) {
  const extras: [string, () => string][] = [
    ['accept-language', () => rng.pick(['de-DE,de;q=0.9', '*', 'xx', 'nl;q=abc', headerValue(rng)])],
    ['accept', () => rng.pick(['application/xml', '*/*', 'text/html', headerValue(rng)])],
    ['x-forwarded-for', () => rng.pick(FORWARDED_FOR)],
    ['x-forwarded-proto', () => rng.pick(['https', 'http', 'ftp', 'https, http', headerValue(rng)])],
    ['x-forwarded-host', () => rng.pick(['evil.example', `${req.headers.host}:1`, headerValue(rng)])],
    ['x-request-id', () => headerValue(rng)],
    ['if-none-match', () => rng.pick(['*', '"abc"', 'W/"x"', headerValue(rng)])],
    ['if-match', () => headerValue(rng)],
    ['origin', () => rng.pick(['https://evil.example', 'null', headerValue(rng)])],
    ['referer', () => headerValue(rng)],
    ['user-agent', () => headerValue(rng)],
    ['authorization', () => rng.pick(['Bearer x', 'Basic Og==', headerValue(rng)])],
    ['range', () => rng.pick(['bytes=0-1', 'bytes=-1', 'bytes=x', headerValue(rng)])],
  ];
  for (const [name, make] of rng.some(extras, 0.12)) {
    req.headers[name] = make();
    req.mutations.push(`header ${name}`);
  }
  if (rng.chance(0.05)) {
    const garbage = rng.pick([
      'kontor_session=garbage',
      'kontor_session=',
      '%zz=%zz',
      'kontor_csrf=a; kontor_csrf=b',
      `kontor_session=${'a'.repeat(3000)}`,
      ';;;=;',
      'kontor_session="\\"',
    ]);
    req.headers.cookie = req.headers.cookie ? `${garbage}; ${req.headers.cookie}` : garbage;
    req.mutations.push('cookie garbage');
  }
}

export function generateRequest(
  seed: number,
  index: number,
  op: Operation,
  role: FuzzRole,
  world: FuzzWorld,
): FuzzRequest {
  const rng = new Rng((seed * 0x9e3779b1 + index * 0x85ebca77) >>> 0);
  const v = new Values(rng, world);
  const mutations: string[] = [];

  let method = op.method;
  if (rng.chance(0.03)) {
    method = rng.pick(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD']);
    mutations.push(`method ${method}`);
  }

  // Path
  let path = op.path;
  for (const p of op.params) {
    let value: string;
    const roll = rng.float();
    if (roll < 0.7) {
      const raw = p.schema.enum ? String(rng.pick(p.schema.enum)) : v.id(idKindOfParam(op.path, p.name));
      value = percentEncode(raw);
    } else if (roll < 0.85) {
      value = rng.pick(hostileSegments);
      mutations.push(`path ${p.name} = ${value.slice(0, 40)}`);
    } else {
      const raw = String(v.hostile());
      value = percentEncode(raw);
      mutations.push(`path ${p.name} = ${JSON.stringify(raw.slice(0, 40))}`);
    }
    path = path.replace(`{${p.name}}`, value);
  }

  // Query
  const pairs: string[] = [];
  for (const q of op.query) {
    if (!rng.chance(q.required ? 0.9 : 0.5)) continue;
    if (rng.chance(0.75)) pairs.push(`${q.name}=${percentEncode(String(v.valid(q.schema, q.name)))}`);
    else {
      const raw = String(v.hostile());
      pairs.push(`${q.name}=${percentEncode(raw)}`);
      mutations.push(`query ${q.name} = ${JSON.stringify(raw.slice(0, 40))}`);
    }
  }
  if (rng.chance(0.1)) {
    const extra = rng.pick([
      'extra=1',
      `${op.query[0]?.name ?? 'q'}=1&${op.query[0]?.name ?? 'q'}=2`,
      '%=%',
      'a=%zz',
      '%00=1',
      'q[]=x',
      'q[a]=b',
      '&&&',
      '=',
      `q=${'x'.repeat(10_000)}`,
      '__proto__=1',
      'page=-1&pageSize=1e9',
    ]);
    pairs.push(extra);
    mutations.push(`query ${extra.slice(0, 40)}`);
  }
  const url = pairs.length > 0 ? `${path}?${pairs.join('&')}` : path;

  // Host, session, CSRF
  const headers: Record<string, string> = { host: world.tenant.host };
  if (rng.chance(0.03)) {
    headers.host = rng.pick([
      world.other.host,
      'unknown.example',
      `${world.tenant.host}:8443`,
      '[::1]',
      'a b',
      '',
    ]);
    mutations.push(`host ${headers.host}`);
  }
  const session = world.sessions.get(role);
  const anonymousCsrf = rng.hex(32);
  if (session) headers.cookie = session.cookie;
  else headers.cookie = `kontor_csrf=${anonymousCsrf}`;
  if (rng.chance(0.95)) headers['x-csrf-token'] = session?.csrf ?? anonymousCsrf;
  else mutations.push('no CSRF token');

  const req: FuzzRequest = {
    index,
    role,
    operation: op.id,
    method,
    url,
    headers,
    remoteAddress: rng.pick(FUZZ_ADDRESSES),
    mutations,
  };

  // Body
  const roll = rng.float();
  const json = (value: unknown) => {
    req.payload = JSON.stringify(value);
    req.headers['content-type'] = 'application/json';
  };
  if (op.body) {
    const valid = v.valid(op.body);
    if (roll < 0.15) json(valid);
    else if (roll < 0.6) json(mutateBody(rng, v, valid, mutations));
    else if (roll < 0.7) {
      const other = rng.pick([[valid], 'string', 42, null, true, [], [[valid]]]);
      json(other);
      mutations.push(`body: ${JSON.stringify(other).slice(0, 40)}`);
    } else if (roll < 0.85) {
      req.payload = rng.pick(hostileJsonTexts(rng));
      req.headers['content-type'] = 'application/json';
      mutations.push(`body: raw ${JSON.stringify(req.payload.slice(0, 40))} (${req.payload.length} chars)`);
    } else if (roll < 0.95) {
      req.payload = rng.chance(0.5) ? JSON.stringify(valid) : 'a=1&b=%zz';
      const ct = rng.pick(hostileContentTypes);
      req.headers['content-type'] = ct;
      mutations.push(`content-type ${ct}`);
    } else mutations.push('body: none');
  } else if (roll < 0.15) {
    if (rng.chance(0.5)) json(v.hostile());
    else {
      req.payload = rng.chance(0.5) ? '%PDF-1.4 garbage \u0000' : 'a;b;c\n1;2;3\n\u0000;x;"';
      req.headers['content-type'] = rng.pick(hostileContentTypes);
    }
    mutations.push(`unexpected body (${req.headers['content-type']})`);
  }
  if (method === 'GET' || method === 'HEAD') {
    // A body on GET is refused by the HTTP client layer; it is not what is being tested here.
    delete req.payload;
    delete req.headers['content-type'];
  }

  for (const h of op.headers)
    if (rng.chance(0.5)) req.headers[h.name] = rng.chance(0.5) ? String(v.valid(h.schema)) : headerValue(rng);
  fuzzHeaders(rng, req);
  return req;
}

// ---------------------------------------------------------------------------------------------
// Judging and running

export type Offence = 'server_error' | 'not_problem';

type Answer = { status: number; headers: Record<string, unknown>; body: string };

/** What is wrong with an answer, if anything: 5xx, or an error that is not problem+json. */
export function judge(res: Answer): Offence | undefined {
  if (res.status >= 500) return 'server_error';
  if (res.status < 400) return undefined;
  const type = String(res.headers['content-type'] ?? '');
  if (!type.startsWith('application/problem+json')) return 'not_problem';
  try {
    const p = JSON.parse(res.body);
    if (typeof p.type !== 'string' || typeof p.title !== 'string' || p.status !== res.status)
      return 'not_problem';
  } catch {
    // HEAD answers carry the headers only.
    return res.body === '' ? undefined : 'not_problem';
  }
  return undefined;
}

export type Finding = { offence: Offence; status: number; request: FuzzRequest; answer: string };

export type FuzzReport = {
  seed: number;
  requests: number;
  byClass: Record<string, number>;
  byStatus: Record<number, number>;
  serverErrors: number;
  notProblem: number;
  /** The first offending request of each (offence, status, operation). */
  findings: Finding[];
  /** Operations answered 2xx at least once (how deep the fuzzer got). */
  reached: Set<string>;
  operations: number;
  sessionRenewals: number;
  ms: number;
};

/**
 * Sends `count` requests: operations × roles in a shuffled cycle (so every operation is tried by
 * every role once per cycle), each request generated from (seed, index).
 */
export async function runFuzz(opts: {
  app: App;
  world: FuzzWorld;
  count: number;
  seed: number;
  /** Requests in flight at once (default 1: one after the other, reproducible). */
  concurrency?: number;
  onProgress?: (report: FuzzReport) => void;
  /** Asked before each request: true ends the run early (the report covers what was sent). */
  stop?: () => boolean;
}): Promise<FuzzReport> {
  const { app, world, count, seed } = opts;
  const doc = app.swagger() as unknown as OpenApiDoc;
  const ops = operationsOf(doc);
  const combos = ops.flatMap((op) => FUZZ_ROLES.map((role) => ({ op, role })));
  const order = new Rng(seed);
  for (let i = combos.length - 1; i > 0; i--) {
    const j = order.int(0, i);
    [combos[i], combos[j]] = [combos[j] as (typeof combos)[number], combos[i] as (typeof combos)[number]];
  }
  const report: FuzzReport = {
    seed,
    requests: 0,
    byClass: { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 },
    byStatus: {},
    serverErrors: 0,
    notProblem: 0,
    findings: [],
    reached: new Set(),
    operations: ops.length,
    sessionRenewals: 0,
    ms: 0,
  };
  const seen = new Set<string>();
  const started = Date.now();
  let dirty = false;
  let renewing: Promise<void> | undefined;
  let next = 0;
  const one = async (i: number) => {
    if (dirty) {
      renewing ??= world.renewSessions().then((n) => {
        report.sessionRenewals += n;
        dirty = false;
        renewing = undefined;
      });
      await renewing;
    }
    const { op, role } = combos[i % combos.length] as (typeof combos)[number];
    const req = generateRequest(seed, i, op, role, world);
    const res = await app.inject({
      method: req.method as 'GET',
      url: req.url,
      headers: req.headers,
      remoteAddress: req.remoteAddress,
      ...(req.payload !== undefined ? { payload: req.payload } : {}),
    });
    report.requests++;
    const cls = `${Math.floor(res.statusCode / 100)}xx`;
    report.byClass[cls] = (report.byClass[cls] ?? 0) + 1;
    report.byStatus[res.statusCode] = (report.byStatus[res.statusCode] ?? 0) + 1;
    if (res.statusCode < 300) {
      report.reached.add(op.id);
      if (req.method !== 'GET') dirty = true;
    }
    const offence = judge({ status: res.statusCode, headers: res.headers, body: res.body });
    if (offence) {
      if (offence === 'server_error') report.serverErrors++;
      else report.notProblem++;
      const key = `${offence} ${res.statusCode} ${op.id}`;
      if (!seen.has(key)) {
        seen.add(key);
        report.findings.push({
          offence,
          status: res.statusCode,
          request: req,
          answer: res.body.slice(0, 300),
        });
      }
    }
    if (opts.onProgress && report.requests % 500 === 0) opts.onProgress(report);
  };
  // Workers take the next index in turn: with concurrency > 1, requests race each other.
  const worker = async () => {
    while (next < count && !opts.stop?.()) await one(next++);
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 1) }, worker));
  report.ms = Date.now() - started;
  return report;
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);

/** A request as a line that can be replayed (app.inject options, JSON). */
export function describeRequest(r: FuzzRequest): string {
  const headers = { ...r.headers };
  return JSON.stringify({
    index: r.index,
    role: r.role,
    operation: r.operation,
    method: r.method,
    url: clip(r.url, 300),
    remoteAddress: r.remoteAddress,
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, clip(v, 200)])),
    ...(r.payload !== undefined ? { payload: clip(r.payload, 400) } : {}),
    mutations: r.mutations,
  });
}

export function formatReport(report: FuzzReport, label = ''): string {
  const rows: [string, string | number][] = [
    ['database', label],
    ['seed', report.seed],
    ['requests', report.requests],
    ['2xx', report.byClass['2xx'] ?? 0],
    ['3xx', report.byClass['3xx'] ?? 0],
    ['4xx', report.byClass['4xx'] ?? 0],
    ['5xx', report.serverErrors],
    ['non-problem errors', report.notProblem],
    ['operations reached (2xx)', `${report.reached.size} of ${report.operations}`],
    ['sessions renewed', report.sessionRenewals],
    ['requests per second', Math.round((report.requests / Math.max(report.ms, 1)) * 1000)],
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  const lines = rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`);
  const statuses = Object.entries(report.byStatus)
    .map(([s, n]) => `${s}: ${n}`)
    .join(', ');
  lines.push(`${'by status'.padEnd(w)}  ${statuses}`);
  const firsts = new Map<Offence, Finding>();
  for (const f of report.findings) if (!firsts.has(f.offence)) firsts.set(f.offence, f);
  for (const [offence, f] of firsts)
    lines.push(
      '',
      `first ${offence} (${f.status}):`,
      `  request: ${describeRequest(f.request)}`,
      `  answer: ${f.answer}`,
    );
  if (report.findings.length > firsts.size) {
    lines.push('', 'all offending (offence, status, operation), first request of each:');
    for (const f of report.findings)
      lines.push(`  ${f.offence} ${f.status} ${f.request.operation}`, `    ${describeRequest(f.request)}`);
  }
  return lines.join('\n');
}
