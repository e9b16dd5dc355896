import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time (user + system, ms) of a process and all its descendants, from /proc: PostgreSQL's
 * postmaster with its backends, or a server with its workers. On a shared machine the CPU a unit
 * of work takes is blurred much less than its wall-clock time.
 */
export function treeCpuMs(root: number | undefined): number {
  if (!root) return 0;
  const tick = 1000 / 100; // USER_HZ on Linux
  const parent = new Map<number, number>();
  const cpu = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(entry), Number(fields[1]));
      cpu.set(Number(entry), (Number(fields[11]) + Number(fields[12])) * tick);
    } catch {
      // The process ended meanwhile.
    }
  }
  // Backends that ended were reaped by the root: their time is in its cutime and cstime.
  let total = 0;
  try {
    const stat = readFileSync(`/proc/${root}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    total += (Number(fields[13]) + Number(fields[14])) * tick;
  } catch {
    return 0;
  }
  for (const [pid, ms] of cpu) {
    for (let p: number | undefined = pid; p && p > 1; p = parent.get(p))
      if (p === root) {
        total += ms;
        break;
      }
  }
  return total;
}
