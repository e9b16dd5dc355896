/** Small CSV reading and writing for usage imports and the bookkeeping export (RFC 4180 quoting). */

export type CsvRow = { line: number; values: Record<string, string> };
export type CsvParseResult = { ok: true; rows: CsvRow[] } | { ok: false; line: number; reason: string };

function splitRecords(text: string, separator: string): { line: number; fields: string[] }[] | string {
  const out: { line: number; fields: string[] }[] = [];
  let field = '';
  let fields: string[] = [];
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === separator) {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      out.push({ line: recordLine, fields });
      fields = [];
      field = '';
      line++;
      recordLine = line;
    } else field += ch;
  }
  if (quoted) return `line ${recordLine}: a quoted field is not closed`;
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    out.push({ line: recordLine, fields });
  }
  return out.filter((r) => !(r.fields.length === 1 && r.fields[0]?.trim() === ''));
}

/**
 * Reads a CSV text with a header line; the separator is a comma or a semicolon (as the header
 * uses). Column names are matched case-insensitively; `required` must all be present.
 */
export function parseCsv(text: string, required: readonly string[]): CsvParseResult {
  const body = text.replace(/^\uFEFF/, '');
  const firstLine = body.split(/\r?\n/, 1)[0] ?? '';
  const separator = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  const records = splitRecords(body, separator);
  if (typeof records === 'string') return { ok: false, line: 0, reason: records };
  const [header, ...data] = records;
  if (!header) return { ok: false, line: 1, reason: 'The file is empty' };
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const missing = required.filter((r) => !names.includes(r));
  if (missing.length)
    return { ok: false, line: 1, reason: `The header lacks the column(s) ${missing.join(', ')}` };
  const rows: CsvRow[] = [];
  for (const r of data) {
    if (r.fields.length !== names.length)
      return {
        ok: false,
        line: r.line,
        reason: `Expected ${names.length} fields, found ${r.fields.length}`,
      };
    const values: Record<string, string> = {};
    names.forEach((n, i) => {
      values[n] = (r.fields[i] ?? '').trim();
    });
    rows.push({ line: r.line, values });
  }
  return { ok: true, rows };
}

function quote(value: string): string {
  // A leading = + - @ would be read as a formula by spreadsheets.
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return `${[header, ...rows].map((r) => r.map(quote).join(',')).join('\r\n')}\r\n`;
}
