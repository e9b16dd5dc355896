/**
 * The floor of the HTTP benchmark: a bare Fastify route in the same process set-up as the portal
 * (one Node process, a pg pool of the same size) that reads one account row by primary key from
 * the same database. Every portal figure is reported as a ratio to this one, measured in the same run.
 */
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import Fastify from 'fastify';
import pg from 'pg';

// With KONTOR_DATA_DIR instead of DATABASE_URL: the floor on the embedded database (in process).
const embedded = process.env.KONTOR_DATA_DIR
  ? await PGlite.create({ dataDir: process.env.KONTOR_DATA_DIR, extensions: { pg_trgm } })
  : undefined;
const pool = embedded ? undefined : new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const db = (embedded ?? pool) as { query(text: string, params: unknown[]): Promise<{ rows: unknown[] }> };
const app = Fastify({ logger: false });
app.get<{ Params: { id: string } }>('/floor/:id', async (request, reply) => {
  const r = await db.query('select id, name, customer_number from accounts where id = $1', [
    request.params.id,
  ]);
  if (!r.rows[0]) return reply.code(404).send({ title: 'not found' });
  return r.rows[0];
});
await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(
  `floor listening at http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}\n`,
);
const stop = async () => {
  await app.close();
  await pool?.end();
  await embedded?.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
