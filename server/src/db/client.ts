import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { SQL } from 'drizzle-orm';
import postgres from 'postgres';
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
  /** postgres.js client (PostgreSQL only): the Socket.IO adapter and LISTEN need it. */
  postgresClient?: postgres.Sql;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** PGlite data directory; `memory://` for an in-memory database. */
  dataDir: string;
  poolSize?: number;
}

/** Normalises the two drivers' raw-query results to a row array. */
async function rowsOf<T>(executor: Executor, query: SQL): Promise<T[]> {
  const result: unknown = await executor.execute(query);
  // postgres.js answers with the row array itself, PGlite with { rows }.
  return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows;
}

/** Opens PostgreSQL when a URL is given, else the embedded PGlite under `dataDir`. */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) {
    const client = postgres(options.databaseUrl, {
      max: options.poolSize ?? 20,
      onnotice: () => undefined,
      // JIT compiles the board query on every call (≈0.2 s at 5,000 patients) and never pays back for OLTP statements.
      connection: { application_name: 'naer', jit: 'off' },
    });
    const db = drizzlePostgres(client, { schema }) as unknown as Db;
    return {
      db,
      engine: 'postgres',
      postgresClient: client,
      rows: (query, executor = db) => rowsOf(executor, query),
      close: () => client.end({ timeout: 5 }),
    };
  }
  if (!options.dataDir.startsWith('memory://')) mkdirSync(options.dataDir, { recursive: true });
  const client = await PGlite.create(options.dataDir);
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    engine: 'pglite',
    rows: (query, executor = db) => rowsOf(executor, query),
    close: () => client.close(),
  };
}
