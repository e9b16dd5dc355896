import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatIban,
  ibanLengths,
  normalizeIban,
  normalizeVatId,
  validateIban,
  validateVatId,
  vatIdFormats,
} from './identifiers';

/** Published example IBANs (bank and registry examples), one per country. */
const validIbans = [
  'NL91ABNA0417164300',
  'DE89370400440532013000',
  'GB82WEST12345698765432',
  'FR1420041010050500013M02606',
  'BE68539007547034',
  'AT611904300234573201',
  'CH9300762011623852957',
  'ES9121000418450200051332',
  'IT60X0542811101000000123456',
  'NO9386011117947',
  'MT84MALT011000012345MTLCAST001S',
  'PL61109010140000071219812874',
  'LU280019400644750000',
  'SE4550000000058398257466',
  'IE29AIBK93115212345678',
  'FI2112345600000785',
  'DK5000400440116243',
  'PT50000201231234567890154',
];

/** An independent check: the rearranged IBAN as one big number, mod 97. */
function bigMod97(iban: string): bigint {
  const digits = (iban.slice(4) + iban.slice(0, 4))
    .split('')
    .map((c) => (/[A-Z]/.test(c) ? String(c.charCodeAt(0) - 55) : c))
    .join('');
  return BigInt(digits) % 97n;
}

describe('IBAN', () => {
  it.each(validIbans)('accepts %s', (iban) => {
    expect(validateIban(iban)).toEqual({ ok: true, value: iban });
    expect(bigMod97(iban)).toBe(1n);
  });

  it('accepts spaces, dashes and lower case, and returns it normalized', () => {
    expect(validateIban(' nl91 abna 0417 1643 00 ')).toEqual({ ok: true, value: 'NL91ABNA0417164300' });
    expect(validateIban('DE89-3704-0044-0532-0130-00')).toEqual({
      ok: true,
      value: 'DE89370400440532013000',
    });
    expect(normalizeIban('gb82 west 1234 5698 7654 32')).toBe('GB82WEST12345698765432');
    expect(formatIban('NL91ABNA0417164300')).toBe('NL91 ABNA 0417 1643 00');
  });

  it.each([
    ['NL91ABNA0417164301', 'invalid_checksum'],
    ['NL92ABNA0417164300', 'invalid_checksum'],
    ['DE89370400440532013001', 'invalid_checksum'],
    ['NL91ABNA041716430', 'wrong_length'],
    ['DE8937040044053201300000', 'wrong_length'],
    ['XX91ABNA0417164300', 'unknown_country'],
    ['US12345678901234', 'unknown_country'],
    ['NLAAABNA0417164300', 'invalid_format'],
    ['1234567890', 'invalid_format'],
    ['NL91ABNA04171643€0', 'invalid_characters'],
    ['NL91_ABNA0417164300', 'invalid_characters'],
    ['   ', 'empty'],
  ])('refuses %s (%s)', (iban, code) => {
    const result = validateIban(iban);
    expect(result).toMatchObject({ ok: false, code });
    if (!result.ok) expect(result.message.length).toBeGreaterThan(10);
  });

  it('has a length for every SEPA country', () => {
    const sepa = [
      ...['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU'],
      ...['IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK'],
      ...['IS', 'LI', 'NO', 'CH', 'GB', 'MC', 'SM', 'AD', 'VA', 'AL', 'MD', 'ME', 'MK', 'RS'],
    ];
    for (const c of sepa) expect(ibanLengths[c], c).toBeGreaterThanOrEqual(15);
    expect(ibanLengths.DE).toBe(22);
    expect(ibanLengths.NL).toBe(18);
    expect(ibanLengths.NO).toBe(15);
    expect(ibanLengths.MT).toBe(31);
  });

  it('detects every single changed digit (mod 97 catches all single-character errors)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...validIbans),
        fc.nat(),
        fc.integer({ min: 1, max: 9 }),
        (iban, at, delta) => {
          const digitPositions = [...iban].flatMap((c, i) => (i >= 2 && /\d/.test(c) ? [i] : []));
          const pos = digitPositions[at % digitPositions.length] as number;
          const changed = (Number(iban[pos]) + delta) % 10;
          const typo = iban.slice(0, pos) + String(changed) + iban.slice(pos + 1);
          expect(validateIban(typo)).toMatchObject({ ok: false, code: 'invalid_checksum' });
        },
      ),
    );
  });

  it('agrees with a big-number mod 97 for any check digits', () => {
    fc.assert(
      fc.property(fc.constantFrom(...validIbans), fc.integer({ min: 0, max: 99 }), (iban, check) => {
        const candidate = iban.slice(0, 2) + String(check).padStart(2, '0') + iban.slice(4);
        expect(validateIban(candidate).ok).toBe(bigMod97(candidate) === 1n);
      }),
    );
  });
});

describe('VAT ID', () => {
  it.each([
    ['DE123456789', 'DE123456789'],
    ['NL123456789B01', 'NL123456789B01'],
    ['nl 1234.56.789.b01', 'NL123456789B01'],
    ['ATU12345678', 'ATU12345678'],
    ['BE0123456789', 'BE0123456789'],
    ['EL123456789', 'EL123456789'],
    ['ESB12345678', 'ESB12345678'],
    ['ES12345678Z', 'ES12345678Z'],
    ['FRXX123456789', 'FRXX123456789'],
    ['FR12345678901', 'FR12345678901'],
    ['IE1234567T', 'IE1234567T'],
    ['IE1234567WA', 'IE1234567WA'],
    ['IE1A23456T', 'IE1A23456T'],
    ['LT123456789012', 'LT123456789012'],
    ['SE123456789001', 'SE123456789001'],
    ['CY12345678X', 'CY12345678X'],
    ['RO1234567', 'RO1234567'],
    ['XI123456789', 'XI123456789'],
    ['XIGD123', 'XIGD123'],
    ['DK-12 34 56 78', 'DK12345678'],
  ])('accepts %s as %s', (input, value) => {
    expect(validateVatId(input)).toEqual({ ok: true, value });
  });

  it.each([
    ['DE12345678', 'invalid_format'],
    ['DE1234567890', 'invalid_format'],
    ['NL123456789', 'invalid_format'],
    ['NL123456789A01', 'invalid_format'],
    ['AT12345678', 'invalid_format'],
    ['BE2123456789', 'invalid_format'],
    ['SE123456789012', 'invalid_format'],
    ['RO0123456', 'invalid_format'],
    ['FRIO123456789', 'invalid_format'],
    ['GR123456789', 'use_el_for_greece'],
    ['US123456789', 'unknown_country'],
    ['GB123456789', 'unknown_country'],
    ['123456789', 'unknown_country'],
    ['DE12345678_', 'invalid_characters'],
    ['', 'empty'],
  ])('refuses %s (%s)', (input, code) => {
    expect(validateVatId(input)).toMatchObject({ ok: false, code });
  });

  it('knows all 27 EU member states (EL for Greece) and XI', () => {
    const eu = [
      ...['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'EL', 'ES', 'FI', 'FR', 'HR', 'HU'],
      ...['IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK'],
    ];
    expect(eu).toHaveLength(27);
    expect(Object.keys(vatIdFormats).sort()).toEqual([...eu, 'XI'].sort());
    for (const [country, { pattern, example }] of Object.entries(vatIdFormats)) {
      expect(example.startsWith(country), country).toBe(true);
      expect(pattern.test(example), country).toBe(true);
      expect(validateVatId(example), country).toEqual({ ok: true, value: example });
    }
  });

  it('normalizes spaces, dots, dashes and case', () => {
    expect(normalizeVatId(' de 123-456.789 ')).toBe('DE123456789');
  });
});
