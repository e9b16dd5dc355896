/**
 * Building blocks of the OpenAPI fuzzer (test/support/fuzz.ts): a seeded PRNG and the hostile
 * values it draws from. No test framework here, so bench/fuzz.ts shares it.
 */

/** mulberry32: a tiny, fast 32-bit PRNG; the same seed gives the same sequence. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Rng {
  private readonly next: () => number;
  constructor(readonly seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(list: readonly T[]): T {
    if (list.length === 0) throw new Error('pick from an empty list');
    return list[Math.floor(this.next() * list.length)] as T;
  }
  /** A random subset (each element with probability p). */
  some<T>(list: readonly T[], p: number): T[] {
    return list.filter(() => this.chance(p));
  }
  hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[this.int(0, 15)];
    return s;
  }
  uuid(): string {
    const v = '89ab'[this.int(0, 3)];
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${v}${this.hex(3)}-${this.hex(12)}`;
  }
  /** A string of random code points from the given alphabet of ranges. */
  text(length: number, ranges: readonly [number, number][] = PRINTABLE): string {
    let s = '';
    for (let i = 0; i < length; i++) {
      const [lo, hi] = this.pick(ranges);
      s += String.fromCodePoint(this.int(lo, hi));
    }
    return s;
  }
}

const PRINTABLE: [number, number][] = [[0x20, 0x7e]];
/** Anything: controls, Latin, Greek, CJK, emoji, lone surrogates, private use, non-characters. */
export const ANY_UNICODE: [number, number][] = [
  [0x00, 0x1f],
  [0x20, 0x7e],
  [0x80, 0x24f],
  [0x370, 0x3ff],
  [0x590, 0x6ff],
  [0x200b, 0x206f],
  [0x4e00, 0x4fff],
  [0xd800, 0xdfff],
  [0xe000, 0xe0ff],
  [0xfff0, 0xffff],
  [0x1f300, 0x1f64f],
  [0x10fff0, 0x10ffff],
];
/** What an HTTP/1.1 header value can carry: visible ASCII, space, tab and obs-text (0x80–0xFF). */
export const HEADER_SAFE: [number, number][] = [
  [0x20, 0x7e],
  [0x09, 0x09],
  [0x80, 0xff],
];

export const hostileStrings: readonly string[] = [
  '',
  ' ',
  '   \t\n ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udc00y',
  '\udbff\udfff',
  '😀',
  '👩‍👩‍👧‍👦',
  'Ünïcödé ß Ææ',
  '\u202eevil\u202c',
  '\u200b\u200d\ufeff',
  '\uffff\ufffe',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' OR 1=1 --",
  "'; drop table accounts; --",
  '%00',
  '%',
  '%zz',
  '../../../../etc/passwd',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, on purpose
  '${jndi:ldap://x}',
  '{{7*7}}',
  'null',
  'undefined',
  'true',
  '0',
  '-1',
  '1e309',
  'NaN',
  'Infinity',
  '__proto__',
  'constructor',
  '0000-00-00',
  '2026-02-30',
  '2026-13-01',
  '2026-11-26T25:61:00Z',
  '+275760-09-13',
  '-000001-01-01',
  '9999-12-31',
  '1970-01-01',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF',
  '{6f1c2b9e-0c1d-4e2f-9a3b-4c5d6e7f8a9b}',
  '6f1c2b9e0c1d4e2f9a3b4c5d6e7f8a9b',
  '6f1c2b9e-0c1d-4e2f-9a3b-4c5d6e7f8a9',
  'not-a-uuid',
  'a@b',
  'a@b.c',
  'x'.repeat(41),
  'x'.repeat(201),
  'x'.repeat(501),
  'x'.repeat(5_000),
  '\u00e9'.repeat(3_000),
  '😀'.repeat(2_000),
];

export const hostileNumbers: readonly number[] = [
  0,
  -0,
  -1,
  1.5,
  0.1,
  -0.000001,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 32,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 2,
  2 ** 63,
  1e21,
  1e308,
  -1e308,
  5e-324,
];

/** Raw JSON texts that are not JSON, or JSON of an unexpected shape or size. */
export function hostileJsonTexts(rng: Rng): string[] {
  const depth = rng.pick([100, 1_000, 10_000, 30_000]);
  return [
    '',
    '{',
    '}',
    '{"a":}',
    '{"a":1,}',
    '[1,]',
    "{'a':1}",
    'NaN',
    'undefined',
    '\u0000',
    '{"a":"\u0000"}',
    '\ufeff{}',
    '{"a":1e999}',
    '{"a":-1e999}',
    '{"a":01}',
    '{"__proto__":{"admin":true}}',
    '{"constructor":{"prototype":{"admin":true}}}',
    '{"a":1,"a":2}',
    '"\\ud800"',
    '{"\\ud800":1}',
    '"just a string"',
    '42',
    'true',
    'null',
    '[]',
    '[{}]',
    `${'['.repeat(depth)}${']'.repeat(depth)}`,
    `${'{"a":'.repeat(depth / 10)}1${'}'.repeat(depth / 10)}`,
    `{"a":"${'x'.repeat(70_000)}"}`,
    rng.text(rng.int(1, 200), ANY_UNICODE),
  ];
}

export const hostileContentTypes: readonly string[] = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=----x',
  'application/xml',
  'application/pdf',
  'text/csv',
  'application/octet-stream',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/json; charset="',
  'application/problem+json',
  'application/json-seq',
  'application/jsonx',
  'APPLICATION/JSON',
  'application/json;;;',
  'a/b/c',
  '*/*',
  ';',
  'application/json, text/plain',
];

/** Percent-encoding garbage and other things a path segment should never be. */
export const hostileSegments: readonly string[] = [
  '%',
  '%zz',
  '%C0%AE%C0%AE',
  '%00',
  '%ED%A0%80',
  '%F0%9F',
  '%FF%FE',
  '%2F',
  '%2e%2e',
  '..',
  '.',
  '%u0041',
  '%%30%30',
  'a%20b',
  '%E2%80%AE',
  ';a=b',
  'x'.repeat(199),
  'x'.repeat(201),
  '9'.repeat(1_000),
  encodeURIComponent('ä'.repeat(150)),
];

/**
 * Percent-encodes a string as UTF-8 (lone surrogates become U+FFFD, as a browser would send them);
 * encodeURIComponent would throw on them.
 */
export function percentEncode(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
