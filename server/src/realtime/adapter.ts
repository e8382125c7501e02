import { createAdapter } from '@socket.io/postgres-adapter';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { Database } from '../db/client';
import { withStartupLock } from '../db/startup-lock';
import { logError } from '../logging';

/** Socket.IO fan-out across server nodes through PostgreSQL LISTEN/NOTIFY, and the pool it runs on. */
export interface ClusterAdapter {
  adapter: ReturnType<typeof createAdapter>;
  /** Ends the pool; call after the Socket.IO server has closed (which releases the LISTEN connection). */
  close(): Promise<void>;
}

/**
 * Opens the PostgreSQL adapter (PostgreSQL only: PGlite is one process by nature). The adapter
 * needs a `pg` pool of its own (one connection stays in LISTEN) and a table for payloads over
 * NOTIFY's 8,000-byte limit, which is not part of the drizzle schema, so it is created here,
 * under the start-up lock so that nodes starting together do not race.
 */
export async function openClusterAdapter(database: Database, databaseUrl: string): Promise<ClusterAdapter> {
  await withStartupLock(database, () =>
    database.rows(sql`
      create table if not exists socket_io_attachments (
        id bigserial unique,
        created_at timestamptz default now(),
        payload bytea
      )`),
  );
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4, application_name: 'naer-socket-adapter' });
  // The adapter reconnects by itself; log the reason only, redacted (never a payload: it may carry patient data).
  const log = (error: Error) => logError('socket adapter', error);
  pool.on('error', log);
  return {
    adapter: createAdapter(pool, { errorHandler: log }),
    close: () => pool.end(),
  };
}
