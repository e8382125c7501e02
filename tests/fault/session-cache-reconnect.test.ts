import { setTimeout as delay } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/src/db/client';
import type { Database } from '../../server/src/db/client';
import { runMigrations } from '../../server/src/db/migrate';
import { createSessionCache, followEndedSessions } from '../../server/src/modules/auth/session-cache';
import { createSessionRepository, sessionIdOf } from '../../server/src/modules/auth/session.repository';
import { createFixture } from '../support/fixtures';
import type { Fixture } from '../support/fixtures';
import { testDatabaseUrl } from '../support/test-database';

/**
 * A node caches sessions and forgets ended ones when their NOTIFY arrives. NOTIFYs sent while its
 * LISTEN connection is down are lost, so when that connection comes back the node must drop
 * everything it cached. Here the connection is cut by PostgreSQL itself (pg_terminate_backend).
 */

let database: Database;
let admin: Database;
let f: Fixture;
let stopFollowing: () => Promise<void>;
// Trusted for ten minutes: within this test only the reconnect can make the node forget a session.
const cache = createSessionCache({ ttlMs: 10 * 60_000, maxEntries: 100 });

beforeAll(async () => {
  const url = await testDatabaseUrl();
  if (!url) throw new Error('the fault project runs on PostgreSQL: NAER_TEST_ENGINE must be postgres');
  database = await openDatabase({ databaseUrl: url, dataDir: 'unused', poolSize: 2 });
  admin = await openDatabase({ databaseUrl: url, dataDir: 'unused', poolSize: 1 });
  await runMigrations(database);
  f = await createFixture(database);
  stopFollowing = followEndedSessions(database.postgresClient!, cache);
}, 60_000);

afterAll(async () => {
  await stopFollowing?.();
  await admin?.close();
  await database?.close();
});

/** The backend that holds this node's LISTEN, once there is one. */
async function listenerPid(other?: number): Promise<number> {
  for (let tries = 0; tries < 200; tries++) {
    const [row] = await admin.rows<{ pid: number }>(
      sql`select pid from pg_stat_activity where datname = current_database() and query ilike 'listen%' and pid <> ${other ?? 0} limit 1`,
    );
    if (row) return row.pid;
    await delay(50);
  }
  throw new Error('no LISTEN connection appeared within 10 s');
}

describe('the session cache when its LISTEN connection drops', () => {
  it('forgets a session ended while the node could not hear, once the connection is back', async () => {
    const sessions = createSessionRepository(database, cache);
    const { token } = await sessions.create(f.patient.id, new Date());
    const first = await listenerPid();
    // Caching starts once the node listens: read until the session is served from the cache.
    for (let tries = 0; tries < 100 && !cache.get(sessionIdOf(token), new Date()); tries++) {
      await sessions.find(token, new Date());
      await delay(20);
    }
    expect(cache.get(sessionIdOf(token), new Date())).toBeDefined();

    // Cut the LISTEN connection, and end the session with no NOTIFY: the announcement this node missed.
    await admin.rows(sql`select pg_terminate_backend(${first}::int)`);
    await admin.rows(sql`update sessions set revoked_at = now() where token_hash = ${sessionIdOf(token)}`);
    await listenerPid(first);

    let found = await sessions.find(token, new Date());
    for (let tries = 0; tries < 100 && found; tries++) {
      await delay(20);
      found = await sessions.find(token, new Date());
    }
    expect(found).toBeUndefined();
  });
});
