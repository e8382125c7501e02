import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase } from './client';
import type { Database } from './client';

let database: Database;
beforeAll(async () => {
  database = await openDatabase({ dataDir: 'memory://' });
}, 60_000);
afterAll(async () => database.close());

/** Why `work` failed: drizzle wraps the driver's error as its cause. */
async function failure(work: Promise<unknown>): Promise<string> {
  try {
    await work;
    return 'it did not fail';
  } catch (error) {
    const { message, cause } = error as Error;
    return cause instanceof Error ? cause.message : message;
  }
}

describe('the embedded database through postgres.js', () => {
  it('runs statements built once with named values, inside and outside a transaction', async () => {
    const echo = database.statement<{ n: number; s: string }>(sql`select ${sql.placeholder('n')}::int as n, ${sql.placeholder('s')}::text as s`);
    expect(await echo({ n: 7, s: 'Søren' })).toEqual([{ n: 7, s: 'Søren' }]);
    expect(await database.db.transaction((tx) => echo({ n: 8, s: 'Åse' }, tx))).toEqual([{ n: 8, s: 'Åse' }]);
  });

  it('refuses a query on the pool from inside a transaction instead of waiting for it forever', async () => {
    expect(await failure(database.db.transaction(async () => database.rows(sql`select 1`)))).toMatch(/outside the transaction/);
    expect(await failure(database.db.transaction(async () => database.db.transaction(async () => undefined)))).toMatch(/outside the transaction/);
    // The connection is free again afterwards.
    expect(await database.rows<{ n: number }>(sql`select 2 as n`)).toEqual([{ n: 2 }]);
  });
});
