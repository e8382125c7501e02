import { fileURLToPath } from 'node:url';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import type { Database } from './client';
import { withStartupLock } from './startup-lock';

const migrationsFolder = fileURLToPath(new URL('../../../drizzle', import.meta.url));

/** Applies the committed drizzle-kit migrations; safe to call on every start, on either engine. */
export async function runMigrations(database: Database): Promise<void> {
  await withStartupLock(database, () => migratePostgres(database.db as unknown as PostgresJsDatabase, { migrationsFolder }));
}
