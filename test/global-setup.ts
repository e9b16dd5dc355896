import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/server/db/client';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A dump of a migrated PGlite database; each test file loads its own copy. */
    pgliteTemplate: string;
    /** A migrated PostgreSQL database to copy with CREATE DATABASE … TEMPLATE. */
    pgTemplate: { serverUrl: string; name: string } | null;
  }
}

export const PG_TEMPLATE_NAME = 'kontor_test_template';

export function realPgUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
}

/** Migrates once per run; test files copy the result instead of migrating again. */
export default async function setup(project: TestProject) {
  if (project.name === 'http-pg') {
    const serverUrl = realPgUrl();
    if (!serverUrl) throw new Error('http-pg needs DATABASE_URL or TEST_DATABASE_URL');
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    // Leftovers of an aborted run.
    const old = await admin.query<{ datname: string }>(
      "select datname from pg_database where datname like 'kontor_t_%' or datname = $1",
      [PG_TEMPLATE_NAME],
    );
    for (const { datname } of old.rows)
      await admin.query(`drop database if exists "${datname}" with (force)`);
    await admin.query(`create database ${PG_TEMPLATE_NAME}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${PG_TEMPLATE_NAME}`;
    const db = await openDatabase({ kind: 'pg', url: url.toString(), max: 1 });
    await db.migrate();
    await db.close();
    project.provide('pgTemplate', { serverUrl, name: PG_TEMPLATE_NAME });
    project.provide('pgliteTemplate', '');
    return async () => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`drop database if exists ${PG_TEMPLATE_NAME} with (force)`);
      await c.end();
    };
  }
  const db = await openDatabase({ kind: 'pglite' });
  await db.migrate();
  const client = (db.system as unknown as { $client: { dumpDataDir(c?: string): Promise<Blob> } }).$client;
  const dump = await client.dumpDataDir('none');
  const dir = mkdtempSync(join(tmpdir(), 'kontor-test-'));
  const file = join(dir, 'template.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await db.close();
  project.provide('pgliteTemplate', file);
  project.provide('pgTemplate', null);
}
