import { afterEach, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { startPgliteWorker } from './pglite-worker';
import type { PgliteWorker } from './pglite-worker';

type Options = postgres.Options<Record<string, never>> & { socket: () => Duplex };

const opened: Array<{ end(): Promise<void> }> = [];
afterEach(async () => {
  for (const item of opened.splice(0).reverse()) await item.end();
});

async function start(): Promise<PgliteWorker> {
  const pglite = await startPgliteWorker('memory://');
  opened.push({ end: () => pglite.close() });
  return pglite;
}

function clientOf(pglite: PgliteWorker): postgres.Sql {
  const options: Options = { socket: () => pglite.connect(), max: 1, idle_timeout: 0, max_lifetime: 0, onnotice: () => undefined };
  const sql = postgres(options);
  opened.push({ end: () => sql.end({ timeout: 1 }) });
  return sql;
}

// Each test opens a fresh PGlite (a few seconds on a busy machine).
describe('PGlite on a worker thread, reached through postgres.js', { timeout: 60_000 }, () => {
  it('answers pipelined queries in order, with parameters and types', async () => {
    const sql = clientOf(await start());
    await sql`create table readings (id int primary key, value numeric, at timestamptz, extra jsonb)`;
    await Promise.all(Array.from({ length: 300 }, (_, i) => sql`insert into readings values (${i}, ${i / 10}, ${new Date(Date.UTC(2026, 0, 1, 0, i))}, ${sql.json({ i, name: 'Æblegård "x"' })})`));
    const answers = await Promise.all(Array.from({ length: 300 }, (_, i) => sql<Array<{ id: number; extra: { i: number; name: string } }>>`select id, extra from readings where id = ${i}`));
    expect(answers.map(([row]) => row?.id)).toEqual(Array.from({ length: 300 }, (_, i) => i));
    expect(answers[299]?.[0]?.extra).toEqual({ i: 299, name: 'Æblegård "x"' });
  });

  it('keeps a transaction to itself and rolls it back on error', async () => {
    const sql = clientOf(await start());
    await sql`create table t (id int primary key)`;
    await expect(
      sql.begin(async (tx) => {
        await tx`insert into t values (1)`;
        await tx`insert into t values (1)`;
      }),
    ).rejects.toThrow(/duplicate key/);
    await sql.begin(async (tx) => {
      await tx`insert into t values (2)`;
    });
    expect(await sql`select id from t`).toEqual([{ id: 2 }]);
  });

  it('gives a later connection a clean session: no transaction or statement left by one that died', async () => {
    const pglite = await start();
    const first = clientOf(pglite);
    await first`create table t (id int primary key)`;
    await first`select * from t where id = ${1}`; // leaves a prepared statement behind
    // The first connection dies with a transaction open: its socket is replaced by a new connection.
    await first.unsafe('begin; insert into t values (7);').simple();
    const second = clientOf(pglite);
    expect(await second`select count(*)::int as n from t`).toEqual([{ n: 0 }]);
    expect(await second`select count(*)::int as n from pg_prepared_statements where statement like '%where id = $1'`).toEqual([{ n: 0 }]);
    await second`insert into t values (8)`;
    expect(await second`select id from t`).toEqual([{ id: 8 }]);
  });

  it('leaves the event loop free while the database works', async () => {
    const sql = clientOf(await start());
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 10);
    await sql`select pg_sleep(0.5)`;
    clearInterval(timer);
    // In the same thread, WebAssembly would hold the loop for the whole half second: no ticks at all.
    expect(ticks).toBeGreaterThan(5);
  });

  it('refuses work after it is closed, with a clear error', async () => {
    const pglite = await startPgliteWorker('memory://');
    await pglite.close();
    const sql = postgres({ socket: () => pglite.connect(), max: 1, idle_timeout: 0, max_lifetime: 0, connect_timeout: 2 } as Options);
    await expect(sql`select 1`).rejects.toThrow(/closed/);
    await sql.end({ timeout: 1 });
  });

  it('reports a data directory it cannot open', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'naer-pglite-')), 'a-file');
    writeFileSync(file, '');
    await expect(startPgliteWorker(join(file, 'data'))).rejects.toThrow(/embedded database failed: .*ENOTDIR/);
  });

  it('reports a thread that dies on its own, once, so the process can end; a clean close reports nothing', async () => {
    const dying = await start();
    const failures: string[] = [];
    dying.onFailure((error) => failures.push(error.message));
    await dying.thread.terminate();
    await expect.poll(() => failures).toEqual([expect.stringContaining('embedded database thread stopped')]);
    await expect(clientOf(dying)`select 1`).rejects.toThrow();

    const closing = await start();
    const none: string[] = [];
    closing.onFailure((error) => none.push(error.message));
    await closing.close();
    expect(none).toEqual([]);
  });
});
