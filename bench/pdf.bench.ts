/**
 * PDF rendering benchmark (not a test): `npm run bench:pdf`.
 * Renders documents one after another on one core (the render job's work) and prints documents
 * per second for a typical invoice (5 lines), a correction and a long invoice (60 lines, 4 pages),
 * with the process's peak RSS. Each document has its own number, like a billing run's output.
 */
import { renderDocumentPdf } from '../src/server/documents/render-pdf';
import type { DocumentData } from '../src/shared/schemas/documents';
import { buildDocumentData, correctionLines, manyLines } from '../test/support/document-fixtures';

async function bench(label: string, template: DocumentData, count: number, runs = 5) {
  const docs = Array.from({ length: count }, (_, i) => ({
    ...template,
    number: `RE-2026-${String(i + 1).padStart(5, '0')}`,
  }));
  for (const d of docs.slice(0, 20)) await renderDocumentPdf(d); // warm-up
  const rates: number[] = [];
  let bytes = 0;
  for (let r = 0; r < runs; r++) {
    bytes = 0;
    const t0 = process.hrtime.bigint();
    for (const d of docs) bytes += (await renderDocumentPdf(d)).length;
    rates.push(count / (Number(process.hrtime.bigint() - t0) / 1e9));
  }
  rates.sort((a, b) => a - b);
  const median = rates[Math.floor(rates.length / 2)] as number;
  console.log(
    `${label.padEnd(44)} median ${Math.round(median).toLocaleString('en-GB').padStart(6)} documents/s (best ${Math.round(rates.at(-1) as number)}, worst ${Math.round(rates[0] as number)}), ${Math.round(bytes / count)} bytes each`,
  );
}

await bench('invoice, 5 lines, de', buildDocumentData({ language: 'de' }), 1000);
await bench(
  'invoice, 5 lines, reverse charge, nl',
  buildDocumentData({ language: 'nl', vatTreatment: 'reverse_charge' }),
  1000,
);
await bench(
  'correction, 1 line, en',
  buildDocumentData({ language: 'en', kind: 'correction', lines: correctionLines }),
  1000,
);
await bench(
  'invoice, 60 lines (4 pages), de',
  buildDocumentData({ language: 'de', lines: manyLines(60) }),
  200,
);
console.log(`peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
