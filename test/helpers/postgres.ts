// A throwaway PostgreSQL database per test file on the cluster TEST_DATABASE_URL points at
// (.ci/run starts one); tests that need it skip, saying why, when it is not set.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const PG_URL = process.env.TEST_DATABASE_URL;
export const PG_REASON = 'needs PostgreSQL: set TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:55432/postgres; .ci/run starts one)';

/** Creates an empty database; returns its URL and a drop() that removes it. */
export async function freshDatabase(prefix = 'sb'): Promise<{ url: string; drop(): Promise<void> }> {
  if (!PG_URL) throw new Error(PG_REASON);
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
