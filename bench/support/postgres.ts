import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throwaway PostgreSQL server for benchmarks, started the way .ci/run starts it: initdb and
 * pg_ctl from the machine's PostgreSQL binaries (as the `postgres` user when running as root),
 * durability off (fsync, synchronous_commit, full_page_writes), removed again by `stop`.
 */
export type ThrowawayPostgres = {
  url: string;
  stop: () => void;
  /** The postmaster's process id (its backends are its children). */
  pid: () => number | undefined;
};

function pgBin(): string {
  const candidates = [process.env.PG_BIN, '/usr/local/bin'];
  if (existsSync('/usr/lib/postgresql'))
    for (const v of readdirSync('/usr/lib/postgresql').sort().reverse())
      candidates.push(`/usr/lib/postgresql/${v}/bin`);
  for (const dir of candidates) if (dir && existsSync(join(dir, 'initdb'))) return dir;
  throw new Error('No PostgreSQL binaries found (initdb); set PG_BIN');
}

export function startThrowawayPostgres(port: number, opts: { settings?: string[] } = {}): ThrowawayPostgres {
  const bin = pgBin();
  const root = mkdtempSync(join(tmpdir(), 'kontor-bench-pg-'));
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) => {
    if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args], { stdio: 'pipe' });
    else execFileSync(join(bin, cmd), args, { stdio: 'pipe' });
  };
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(root, uid, gid);
  }
  const data = join(root, 'data');
  run('initdb', [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--locale=C.UTF-8',
    '--no-sync',
  ]);
  run('pg_ctl', [
    '-D',
    data,
    '-l',
    join(root, 'server.log'),
    '-w',
    '-t',
    '30',
    'start',
    '-o',
    `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=256MB${(opts.settings ?? []).map((x) => ` -c ${x}`).join('')}`,
  ]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    pid: () => {
      try {
        return Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]) || undefined;
      } catch {
        return undefined;
      }
    },
    stop: () => {
      try {
        run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}
