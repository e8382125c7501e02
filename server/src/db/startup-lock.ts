import type { Database } from './client';

/** Arbitrary constant: serialises start-up work (migrations, seeding) when several nodes start at once. */
const STARTUP_LOCK = 7_316_001;

/** Runs `work` while holding a PostgreSQL advisory lock; PGlite has one connection and needs none. */
export async function withStartupLock<T>(database: Database, work: () => Promise<T>): Promise<T> {
  const client = database.postgresClient;
  if (!client) return work();
  const reserved = await client.reserve();
  try {
    await reserved`select pg_advisory_lock(${STARTUP_LOCK})`;
    return await work();
  } finally {
    await reserved`select pg_advisory_unlock(${STARTUP_LOCK})`;
    reserved.release();
  }
}
