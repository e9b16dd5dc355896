/**
 * Identifiers printed on invoices: IBAN (ISO 13616) and EU VAT identification numbers. Pure
 * functions used by the server (to refuse bad input) and by the web (to explain it early).
 */

export type IdentifierCheck =
  | { ok: true; value: string }
  | { ok: false; code: IdentifierProblem; message: string };

export type IdentifierProblem =
  | 'empty'
  | 'invalid_characters'
  | 'unknown_country'
  | 'wrong_length'
  | 'invalid_format'
  | 'invalid_checksum'
  | 'use_el_for_greece';

/**
 * IBAN length per country, from the SWIFT IBAN registry: every SEPA country (the EU and EEA
 * states, Switzerland, the United Kingdom, Monaco, San Marino, Andorra, Vatican City; overseas
 * territories use their home country's code) plus the other registered countries.
 */
export const ibanLengths: Readonly<Record<string, number>> = Object.freeze({
  AD: 24,
  AE: 23,
  AL: 28,
  AT: 20,
  AZ: 28,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BI: 27,
  BR: 29,
  BY: 28,
  CH: 21,
  CR: 22,
  CY: 28,
  CZ: 24,
  DE: 22,
  DJ: 27,
  DK: 18,
  DO: 28,
  EE: 20,
  EG: 29,
  ES: 24,
  FI: 18,
  FK: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GE: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  GT: 28,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IQ: 23,
  IS: 26,
  IT: 27,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  LC: 32,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  LY: 25,
  MC: 27,
  MD: 24,
  ME: 22,
  MK: 19,
  MN: 20,
  MR: 27,
  MT: 31,
  MU: 30,
  NI: 28,
  NL: 18,
  NO: 15,
  OM: 23,
  PK: 24,
  PL: 28,
  PS: 29,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  RU: 33,
  SA: 24,
  SC: 31,
  SD: 18,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  SO: 23,
  ST: 25,
  SV: 28,
  TL: 23,
  TN: 24,
  TR: 26,
  UA: 29,
  VA: 22,
  VG: 24,
  XK: 20,
  YE: 30,
});

/** Upper case without spaces (people copy IBANs in groups of four, sometimes with dashes). */
export function normalizeIban(input: string): string {
  return input.replace(/[\s-]+/g, '').toUpperCase();
}

/** The IBAN in groups of four, as printed on documents: NL91 ABNA 0417 1643 00. */
export function formatIban(iban: string): string {
  return normalizeIban(iban).replace(/(.{4})(?=.)/g, '$1 ');
}

/** ISO 7064 MOD 97-10 over the rearranged IBAN (letters as 10…35), computed piecewise. */
function ibanMod97(iban: string): number {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const digits = code >= 65 ? String(code - 55) : ch;
    for (const d of digits) remainder = (remainder * 10 + (d.charCodeAt(0) - 48)) % 97;
  }
  return remainder;
}

/** Checks an IBAN: characters, country, the country's length and the mod-97 check digits. */
export function validateIban(input: string): IdentifierCheck {
  const iban = normalizeIban(input);
  if (iban === '') return { ok: false, code: 'empty', message: 'Enter an IBAN' };
  if (!/^[A-Z0-9]+$/.test(iban))
    return {
      ok: false,
      code: 'invalid_characters',
      message: 'An IBAN contains only letters and digits',
    };
  if (!/^[A-Z]{2}\d{2}/.test(iban))
    return {
      ok: false,
      code: 'invalid_format',
      message: 'An IBAN starts with a country code and two check digits, e.g. NL91…',
    };
  const country = iban.slice(0, 2);
  const length = ibanLengths[country];
  if (length === undefined)
    return { ok: false, code: 'unknown_country', message: `No IBANs are issued for country ${country}` };
  if (iban.length !== length)
    return {
      ok: false,
      code: 'wrong_length',
      message: `An IBAN from ${country} has ${length} characters, this one has ${iban.length}`,
    };
  if (ibanMod97(iban) !== 1)
    return {
      ok: false,
      code: 'invalid_checksum',
      message: 'This IBAN is not valid (check digits do not match); please check it for typos',
    };
  return { ok: true, value: iban };
}

/**
 * Format of the VAT identification number per EU member state (as VIES checks it), with the
 * country prefix; Greece uses EL, Northern Ireland XI (goods under the Windsor Framework).
 */
export const vatIdFormats: Readonly<Record<string, { pattern: RegExp; example: string }>> = Object.freeze({
  AT: { pattern: /^ATU\d{8}$/, example: 'ATU12345678' },
  BE: { pattern: /^BE[01]\d{9}$/, example: 'BE0123456789' },
  BG: { pattern: /^BG\d{9,10}$/, example: 'BG123456789' },
  CY: { pattern: /^CY\d{8}[A-Z]$/, example: 'CY12345678X' },
  CZ: { pattern: /^CZ\d{8,10}$/, example: 'CZ12345678' },
  DE: { pattern: /^DE\d{9}$/, example: 'DE123456789' },
  DK: { pattern: /^DK\d{8}$/, example: 'DK12345678' },
  EE: { pattern: /^EE10\d{7}$/, example: 'EE101234567' },
  EL: { pattern: /^EL\d{9}$/, example: 'EL123456789' },
  ES: { pattern: /^ES(?:[A-Z]\d{7}[A-Z0-9]|\d{8}[A-Z])$/, example: 'ESB12345678' },
  FI: { pattern: /^FI\d{8}$/, example: 'FI12345678' },
  FR: { pattern: /^FR[A-HJ-NP-Z0-9]{2}\d{9}$/, example: 'FR12345678901' },
  HR: { pattern: /^HR\d{11}$/, example: 'HR12345678901' },
  HU: { pattern: /^HU\d{8}$/, example: 'HU12345678' },
  IE: { pattern: /^IE(?:\d{7}[A-W][A-IW]?|\d[A-Z+*]\d{5}[A-W])$/, example: 'IE1234567T' },
  IT: { pattern: /^IT\d{11}$/, example: 'IT12345678901' },
  LT: { pattern: /^LT(?:\d{9}|\d{12})$/, example: 'LT123456789' },
  LU: { pattern: /^LU\d{8}$/, example: 'LU12345678' },
  LV: { pattern: /^LV\d{11}$/, example: 'LV12345678901' },
  MT: { pattern: /^MT\d{8}$/, example: 'MT12345678' },
  NL: { pattern: /^NL\d{9}B\d{2}$/, example: 'NL123456789B01' },
  PL: { pattern: /^PL\d{10}$/, example: 'PL1234567890' },
  PT: { pattern: /^PT\d{9}$/, example: 'PT123456789' },
  RO: { pattern: /^RO[1-9]\d{1,9}$/, example: 'RO1234567' },
  SE: { pattern: /^SE\d{10}01$/, example: 'SE123456789001' },
  SI: { pattern: /^SI\d{8}$/, example: 'SI12345678' },
  SK: { pattern: /^SK\d{10}$/, example: 'SK1234567890' },
  XI: { pattern: /^XI(?:\d{9}|\d{12}|GD\d{3}|HA\d{3})$/, example: 'XI123456789' },
});

/** Upper case without spaces, dots and dashes ("de 123.456.789" → "DE123456789"). */
export function normalizeVatId(input: string): string {
  return input.replace(/[\s.-]+/g, '').toUpperCase();
}

/** Checks the format of an EU VAT ID for its country prefix (not whether it is registered). */
export function validateVatId(input: string): IdentifierCheck {
  const vatId = normalizeVatId(input);
  if (vatId === '') return { ok: false, code: 'empty', message: 'Enter a VAT ID' };
  if (!/^[A-Z0-9+*]+$/.test(vatId))
    return { ok: false, code: 'invalid_characters', message: 'A VAT ID contains only letters and digits' };
  const country = vatId.slice(0, 2);
  if (country === 'GR')
    return {
      ok: false,
      code: 'use_el_for_greece',
      message: 'Greek VAT IDs start with EL, not GR (e.g. EL123456789)',
    };
  const format = vatIdFormats[country];
  if (!format)
    return {
      ok: false,
      code: 'unknown_country',
      message: 'Start the VAT ID with the code of an EU member state (or XI), e.g. DE123456789',
    };
  if (!format.pattern.test(vatId))
    return {
      ok: false,
      code: 'invalid_format',
      message: `This is not the format of a VAT ID from ${country}, e.g. ${format.example}`,
    };
  return { ok: true, value: vatId };
}
