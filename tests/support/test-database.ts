import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { createDatabase } from './postgres-server';

export type TestEngine = 'pglite' | 'postgres';

/** Which database engine this test project runs against (`NAER_TEST_ENGINE`, default pglite). */
export function testEngine(): TestEngine {
  const engine = process.env.NAER_TEST_ENGINE ?? 'pglite';
  if (engine === 'pglite' || engine === 'postgres') return engine;
  throw new Error(`NAER_TEST_ENGINE must be 'pglite' or 'postgres', not ${JSON.stringify(engine)}`);
}

/**
 * A `DATABASE_URL` for this test file: a fresh, empty database on the run's PostgreSQL server when
 * the engine is postgres; `undefined` for pglite, meaning "use an in-memory PGlite".
 * Call it once per file (in `beforeAll`); the database is dropped with the server after the run.
 */
export async function testDatabaseUrl(): Promise<string | undefined> {
  if (testEngine() === 'pglite') return undefined;
  const adminUrl = inject('postgresAdminUrl') as string | undefined;
  if (!adminUrl) {
    throw new Error('no PostgreSQL server for this project: add tests/support/postgres-global-setup.ts to its globalSetup');
  }
  return createDatabase(adminUrl, `naer_test_${randomBytes(6).toString('hex')}`);
}
