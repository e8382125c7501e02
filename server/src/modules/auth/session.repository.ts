import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { Database, Db, Executor } from '../../db/client';
import { organisations, patients, sessions, users } from '../../db/schema';
import type { Actor } from '../../kernel/actor';
import type { SessionCache } from './session-cache';
import { createSessionCache } from './session-cache';
import type { LiveSession } from './live-session';
import { SESSIONS_ENDED_CHANNEL } from './live-session';

/**
 * Absolute lifetime of a session: one working shift. There is deliberately no idle timeout: the
 * clinician board is a live view that must keep showing red alerts through a quiet hour, and
 * locking an unattended workstation is the operating system's job (regional policy).
 */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** The stored id of a session: SHA-256 of the cookie token, so a leaked table does not leak sessions. */
export const sessionIdOf = (token: string) => createHash('sha256').update(token).digest('base64url');

export function createSessionRepository(database: Database, cache: SessionCache = createSessionCache()) {
  const { db } = database;
  const lookup = sessionLookup(db);

  /** Ends the sessions `where` selects, and announces their ids in the same statement: the NOTIFY goes out at commit. */
  async function end(executor: Executor, where: SQL, now: Date): Promise<string[]> {
    const rows = await database.rows<{ id: string }>(
      sql`with ended as (update sessions set revoked_at = ${now.toISOString()}::timestamptz where ${where} and revoked_at is null returning token_hash)
          select token_hash as id, pg_notify(${SESSIONS_ENDED_CHANNEL}, token_hash) from ended`,
      executor,
    );
    return rows.map((row) => row.id);
  }

  async function find(token: string, now: Date): Promise<LiveSession | undefined> {
    const id = sessionIdOf(token);
    const cached = cache.get(id, now);
    if (cached) return cached;
    const since = cache.begin();
    const session = await findSession(lookup, id, now);
    if (session) cache.set(session, now, since);
    return session;
  }

  return {
    /** Creates a session and returns the raw token for the cookie (only its hash is stored). */
    async create(userId: string, now: Date): Promise<{ token: string; expiresAt: Date }> {
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
      await db.insert(sessions).values({ tokenHash: sessionIdOf(token), userId, createdAt: now, expiresAt });
      return { token, expiresAt };
    },

    /** Revokes one session; returns the ids actually revoked (empty when it was already gone). Call `forget` after commit. */
    revoke: (token: string, now: Date) => end(db, sql`token_hash = ${sessionIdOf(token)}`, now),

    /** Revokes every live session of a user except `keepId`; returns the revoked ids. Call `forget` after commit. */
    revokeOthers: (executor: Executor, userId: string, keepId: string, now: Date) =>
      end(executor, sql`user_id = ${userId}::uuid and token_hash <> ${keepId} and expires_at > ${now.toISOString()}::timestamptz`, now),

    /** Drops ended sessions from this node's cache (other nodes hear the NOTIFY). */
    forget: (ids: readonly string[]) => cache.forget(ids),

    /** The live session behind a token with its actor; undefined when expired, revoked or unknown. */
    find,

    /** The actor behind a live session token; undefined when expired, revoked or unknown. */
    async findActor(token: string, now: Date): Promise<Omit<Actor, 'ip'> | undefined> {
      return (await find(token, now))?.actor;
    },

    cache,
  };
}

export type SessionRepository = ReturnType<typeof createSessionRepository>;

/** Runs on every request: built once and prepared, with the token hash and the time as values. */
function sessionLookup(db: Db) {
  return db
    .select({
      id: sessions.tokenHash,
      expiresAt: sessions.expiresAt,
      userId: users.id,
      email: users.email,
      displayName: users.displayName,
      role: users.role,
      orgId: organisations.id,
      orgName: organisations.name,
      orgType: organisations.type,
      patientId: patients.id,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .leftJoin(patients, eq(patients.userId, users.id))
    .where(and(eq(sessions.tokenHash, sql.placeholder('tokenHash')), isNull(sessions.revokedAt), gt(sessions.expiresAt, sql`${sql.placeholder('now')}::timestamptz`)))
    .limit(1)
    .prepare('session_lookup');
}

async function findSession(lookup: ReturnType<typeof sessionLookup>, id: string, now: Date): Promise<LiveSession | undefined> {
  const [row] = await lookup.execute({ tokenHash: id, now: now.toISOString() });
  if (!row) return undefined;
  return {
    id: row.id,
    expiresAt: row.expiresAt,
    actor: {
      userId: row.userId,
      email: row.email,
      displayName: row.displayName,
      role: row.role,
      organisation: row.orgId && row.orgName && row.orgType ? { id: row.orgId, name: row.orgName, type: row.orgType } : null,
      patientId: row.patientId,
    },
  };
}
