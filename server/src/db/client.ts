import { AsyncLocalStorage } from 'node:async_hooks';
import type { Duplex } from 'node:stream';
import { drizzle } from 'drizzle-orm/postgres-js';
import type { PgDatabase, PgDialect, PgQueryResultHKT, PgSession } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import postgres from 'postgres';
import { startPgliteWorker } from './pglite-worker';
import type { PgliteWorker } from './pglite-worker';
import * as schema from './schema';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction or the database: repositories accept either. */
export type Executor = Pick<Db, 'select' | 'insert' | 'update' | 'delete' | 'execute' | 'transaction'>;
export type Engine = 'pglite' | 'postgres';

export interface Database {
  db: Db;
  engine: Engine;
  /** Runs raw SQL and returns its rows, whichever engine is underneath. */
  rows<T>(query: SQL, executor?: Executor): Promise<T[]>;
  /**
   * A hot statement whose SQL text is built once (values written as `sql.placeholder(name)`), then
   * run with values: no per-call query building, and prepared on PostgreSQL.
   */
  statement<T>(query: SQL): (values: Record<string, unknown>, executor?: Executor) => Promise<T[]>;
  /** postgres.js client (PostgreSQL only): the Socket.IO adapter and LISTEN need it. */
  postgresClient?: postgres.Sql;
  /**
   * PGlite only: a consistent copy of the data directory as a gzipped tarball (for `npm run backup`).
   * It holds the one connection while no transaction is open, checkpoints and reads the files.
   */
  dumpDataDir?: () => Promise<Buffer>;
  /** One trivial query: throws when the database does not answer. */
  ping(): Promise<void>;
  /** Why the database cannot answer at all (the embedded database's thread died), or undefined. */
  failure(): string | undefined;
  /** Calls `listener` once the database can never answer again, so the process can end and be restarted. */
  onFailure(listener: (error: Error) => void): void;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** PGlite data directory; `memory://` for an in-memory database. */
  dataDir: string;
  poolSize?: number;
}

/** A raw query's rows (postgres.js answers with the row array itself). */
async function rowsOf<T>(executor: Executor, query: SQL): Promise<T[]> {
  const rows: unknown = await executor.execute(query);
  return rows as T[];
}

type PostgresSql = postgres.Sql | postgres.TransactionSql;

/** Set while a transaction's callback runs. */
const insideTransaction = new AsyncLocalStorage<true>();

const OUTSIDE_TRANSACTION =
  'A query was sent outside the transaction whose callback is running: on PGlite (one connection) it would wait for that transaction forever. Pass the transaction, or run it after the transaction.';

/**
 * drizzle sends every statement unprepared, so PostgreSQL parses and plans the submission
 * statement on every call (2.3 ms of server CPU instead of 0.8 ms). Naer's SQL texts are fixed
 * shapes with parameters, so preparing them is safe; postgres.js keeps them per connection, and
 * connections are recycled (max_lifetime), which bounds the cache.
 * It also refuses, on both engines alike, a query on the pool from inside a transaction's callback.
 */
function preparedByDefault<T extends PostgresSql>(client: T): T {
  const unsafe = client.unsafe.bind(client);
  const pool = 'begin' in client;
  client.unsafe = ((query: string, args?: postgres.ParameterOrJSON<never>[], options?: postgres.UnsafeQueryOptions) => {
    if (pool && insideTransaction.getStore()) throw new Error(OUTSIDE_TRANSACTION);
    return unsafe(query, args, { ...options, prepare: true });
  }) as T['unsafe'];
  if (pool) {
    const begin = client.begin.bind(client) as (fn: (tx: postgres.TransactionSql) => unknown) => Promise<unknown>;
    client.begin = ((fn: (tx: postgres.TransactionSql) => unknown) => {
      if (insideTransaction.getStore()) throw new Error(OUTSIDE_TRANSACTION);
      return begin((tx) => insideTransaction.run(true, () => fn(preparedByDefault(tx))));
    }) as T extends postgres.Sql ? T['begin'] : never;
  }
  return client;
}

/** A named value in a statement built once with Database.statement. */
export const param = (name: string) => sql.placeholder(name);

type SessionOf = { _: { session: PgSession } };

const dialectOf = (db: Db) => (db as unknown as { dialect: PgDialect }).dialect;

function statementOn(db: Db) {
  return <T>(query: SQL) => {
    const built = dialectOf(db).sqlToQuery(query);
    return async (values: Record<string, unknown>, executor: Executor = db): Promise<T[]> => {
      return (await (executor as unknown as SessionOf)._.session.prepareQuery(built, undefined, undefined, false).execute(values)) as T[];
    };
  };
}

/** Reserving the only connection waits for every open transaction and keeps new ones out until the dump is read. */
async function dumpIdle(client: postgres.Sql, pglite: PgliteWorker): Promise<Buffer> {
  const reserved = await client.reserve();
  try {
    // Writes every committed page to the data files, so the copy needs no WAL replay when it is loaded.
    await reserved`checkpoint`;
    return await pglite.dumpDataDir();
  } finally {
    reserved.release();
  }
}

/** The Database over a postgres.js client, whichever engine answers it. */
function over(client: postgres.Sql, engine: Engine, close: () => Promise<void>, pglite?: PgliteWorker): Database {
  const db = drizzle(preparedByDefault(client), { schema }) as unknown as Db;
  let failed: Error | undefined;
  pglite?.onFailure((error) => (failed = error));
  return {
    failure: () => failed?.message,
    // PostgreSQL reconnects on its own; only the embedded database's thread can die for good.
    onFailure: (listener) => pglite?.onFailure(listener),
    db,
    engine,
    ...(engine === 'postgres' ? { postgresClient: client } : {}),
    ...(pglite ? { dumpDataDir: () => dumpIdle(client, pglite) } : {}),
    rows: (query, executor = db) => rowsOf(executor, query),
    ping: async () => void (await rowsOf(db, sql`select 1`)),
    statement: statementOn(db),
    close,
  };
}

/**
 * Opens PostgreSQL when a URL is given, else the embedded PGlite under `dataDir`. Both are reached
 * through postgres.js: PGlite runs on a worker thread and is one connection, so the pool is one
 * (queries pipeline on it; a transaction holds it, as PGlite's own locks would).
 */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) {
    const client = postgres(options.databaseUrl, {
      max: options.poolSize ?? 8,
      onnotice: () => undefined,
      // JIT compiles the board query on every call (≈0.2 s at 5,000 patients) and never pays back for OLTP statements.
      connection: { application_name: 'naer', jit: 'off' },
    });
    return over(client, 'postgres', () => client.end({ timeout: 5 }));
  }
  const pglite = await startPgliteWorker(options.dataDir);
  // postgres.js supports a custom `socket` but its types do not declare it.
  const embedded: postgres.Options<Record<string, never>> & { socket: () => Duplex } = {
    socket: () => pglite.connect(),
    max: 1,
    // The one connection lives as long as the server: nothing to recycle on an embedded database.
    idle_timeout: 0,
    max_lifetime: 0,
    onnotice: () => undefined,
    connection: { application_name: 'naer' },
  };
  const client = postgres(embedded);
  return over(
    client,
    'pglite',
    async () => {
      await client.end({ timeout: 5 });
      await pglite.close();
    },
    pglite,
  );
}
