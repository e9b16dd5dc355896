import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
};
type Profile = { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[] };

/** Where a frame comes from: a package, node internals, or the portal's own code. */
function origin(url: string): string {
  if (!url) return '(native)';
  const m = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (m?.[1]) return m[1];
  if (url.startsWith('node:')) return 'node';
  if (url.includes('/dist/server/') || url.includes('/src/')) return 'kontor';
  return url.split('/').slice(-2).join('/');
}

/**
 * Prints the top self time of the CPU profiles (`node --cpu-prof`) in dir: by function and by
 * origin (package, node internals, the portal's own code, garbage collection, idle).
 */
export function summariseProfiles(dir: string, top = 20) {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const p = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile;
    const total = p.samples.length || 1;
    const hits = new Map<number, number>();
    for (const s of p.samples) hits.set(s, (hits.get(s) ?? 0) + 1);
    const byFn = new Map<string, number>();
    const byOrigin = new Map<string, number>();
    for (const n of p.nodes) {
      const h = hits.get(n.id) ?? 0;
      if (!h) continue;
      const f = n.callFrame;
      const key = `${f.functionName || '(anonymous)'} ${f.url ? `${origin(f.url)}:${f.lineNumber + 1}` : ''}`;
      byFn.set(key, (byFn.get(key) ?? 0) + h);
      const o = f.functionName.startsWith('(') ? f.functionName : origin(f.url);
      byOrigin.set(o, (byOrigin.get(o) ?? 0) + h);
    }
    const pct = (h: number) => `${((100 * h) / total).toFixed(1)} %`;
    console.log(
      `\nCPU profile ${file} (${((p.endTime - p.startTime) / 1e6).toFixed(1)} s): self time by origin`,
    );
    for (const [k, h] of [...byOrigin].sort((a, b) => b[1] - a[1]).slice(0, 12))
      console.log(`  ${pct(h).padStart(7)}  ${k}`);
    console.log('top functions by self time:');
    for (const [k, h] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, top))
      console.log(`  ${pct(h).padStart(7)}  ${k}`);
  }
}

if (process.argv[1]?.endsWith('profile-summary.ts') && process.argv[2]) summariseProfiles(process.argv[2]);
