/**
 * PDF rendering benchmark (not a test): `npm run bench:pdf`.
 *
 * Renders documents one after another in one process (the render job's work) and prints, per
 * document kind, documents per second **per core**: documents divided by the CPU time the process
 * used (user + system, `process.cpuUsage`, garbage collection threads included), which a shared
 * machine blurs much less than the wall clock; the wall-clock rate beside it; and bytes per
 * document. Each document has its own number, like a billing run's output. Kinds: a typical
 * one-page invoice (5 lines) in de and nl, a correction, a long invoice (60 lines, 4 pages) and a
 * long test document (TEST mark on every page).
 *
 * `BENCH_PDF_PLAIN=1` also renders each kind with pdfkit as it is (`fast: false`, the renderer before
 * its fast paths), run by run interleaved with the default, so both see the same machine load.
 * `BENCH_PDF_SCALE=0.2 npm run bench:pdf` renders fewer documents; for a profile:
 * `node --cpu-prof --cpu-prof-dir=/tmp/pdf-prof --import tsx bench/pdf.bench.ts`, then
 * `npx tsx bench/support/profile-summary.ts /tmp/pdf-prof`.
 */
import { loadavg } from 'node:os';
import { type RenderOptions, renderDocumentPdf } from '../src/server/documents/render-pdf';
import type { DocumentData } from '../src/shared/schemas/documents';
import { buildDocumentData, correctionLines, manyLines } from '../test/support/document-fixtures';

const scale = Number(process.env.BENCH_PDF_SCALE ?? 1);
const comparePlain = process.env.BENCH_PDF_PLAIN === '1';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const fmt = (n: number) => Math.round(n).toLocaleString('en-GB');

/** One pass over the documents: documents per CPU second, per wall-clock second, bytes. */
async function pass(docs: DocumentData[], options: RenderOptions) {
  let bytes = 0;
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (const d of docs) bytes += (await renderDocumentPdf(d, options)).length;
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  return { perCore: docs.length / ((cpu.user + cpu.system) / 1e6), wall: docs.length / seconds, bytes };
}

async function bench(label: string, template: DocumentData, baseCount: number, runs = 5) {
  const count = Math.max(10, Math.round(baseCount * scale));
  const docs = Array.from({ length: count }, (_, i) => ({
    ...template,
    number: `${template.number.slice(0, 8)}${String(i + 1).padStart(5, '0')}`,
  }));
  const variants: [string, RenderOptions][] = [['', {}]];
  // pdfkit as it is (the renderer without its fast paths), interleaved with the default run by run,
  // so that both see the same load on a shared machine.
  if (comparePlain) variants.push([' (pdfkit as is)', { fast: false }]);
  for (const [, options] of variants) for (const d of docs.slice(0, 20)) await renderDocumentPdf(d, options); // warm-up
  const results = variants.map(() => ({ perCore: [] as number[], wall: [] as number[], bytes: 0 }));
  for (let r = 0; r < runs; r++) {
    for (const [i, [, options]] of variants.entries()) {
      const p = await pass(docs, options);
      const res = results[i] as (typeof results)[number];
      res.perCore.push(p.perCore);
      res.wall.push(p.wall);
      res.bytes = p.bytes;
    }
  }
  for (const [i, [suffix]] of variants.entries()) {
    const { perCore, wall, bytes } = results[i] as (typeof results)[number];
    const cpuMs = 1000 / median(perCore);
    console.log(
      `${(label + suffix).padEnd(52)} ${fmt(median(perCore)).padStart(6)} docs/s per core (${cpuMs.toFixed(2)} ms CPU each; runs ${fmt(Math.min(...perCore))}–${fmt(Math.max(...perCore))})  wall ${fmt(median(wall)).padStart(6)} docs/s  ${fmt(bytes / count).padStart(6)} bytes each`,
    );
  }
}

console.log(
  `PDF rendering, ${process.version}, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
await bench('invoice, 5 lines, 1 page, de', buildDocumentData({ language: 'de' }), 1000);
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
await bench(
  'test invoice, 60 lines (4 pages), en',
  buildDocumentData({ language: 'en', isTest: true, lines: manyLines(60) }),
  200,
);
console.log(`peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
