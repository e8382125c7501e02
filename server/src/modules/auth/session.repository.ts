import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client';
import { organisations, patients, sessions, users } from '../../db/schema';
import type { Actor } from './actor';

/**
 * Absolute lifetime of a session: one working shift. There is deliberately no idle timeout: the
 * clinician board is a live view that must keep showing red alerts through a quiet hour, and
 * locking an unattended workstation is the operating system's job (regional policy).
 */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** The stored id of a session: SHA-256 of the cookie token, so a leaked table does not leak sessions. */
export const sessionIdOf = (token: string) => createHash('sha256').update(token).digest('base64url');

/** A live session with its actor. */
export interface LiveSession {
  id: string;
  expiresAt: Date;
  actor: Omit<Actor, 'ip'>;
}

export function createSessionRepository(db: Db) {
  const lookup = sessionLookup(db);
  const find = (token: string, now: Date) => findSession(lookup, token, now);
  return {
    /** Creates a session and returns the raw token for the cookie (only its hash is stored). */
    async create(userId: string, now: Date): Promise<{ token: string; expiresAt: Date }> {
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
      await db.insert(sessions).values({ tokenHash: sessionIdOf(token), userId, createdAt: now, expiresAt });
      return { token, expiresAt };
    },

    /** Revokes one session; returns the ids actually revoked (empty when it was already gone). */
    async revoke(token: string, now: Date): Promise<string[]> {
      const rows = await db
        .update(sessions)
        .set({ revokedAt: now })
        .where(and(eq(sessions.tokenHash, sessionIdOf(token)), isNull(sessions.revokedAt)))
        .returning({ id: sessions.tokenHash });
      return rows.map((row) => row.id);
    },

    /** Revokes every live session of a user except `keepId`; returns the revoked ids. */
    async revokeOthers(executor: Executor, userId: string, keepId: string, now: Date): Promise<string[]> {
      const rows = await executor
        .update(sessions)
        .set({ revokedAt: now })
        .where(and(eq(sessions.userId, userId), ne(sessions.tokenHash, keepId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
        .returning({ id: sessions.tokenHash });
      return rows.map((row) => row.id);
    },

    /** The live session behind a token with its actor, in one query; undefined when expired, revoked or unknown. */
    find,

    /** The actor behind a live session token; undefined when expired, revoked or unknown. */
    async findActor(token: string, now: Date): Promise<Omit<Actor, 'ip'> | undefined> {
      return (await find(token, now))?.actor;
    },
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

async function findSession(lookup: ReturnType<typeof sessionLookup>, token: string, now: Date): Promise<LiveSession | undefined> {
  const [row] = await lookup.execute({ tokenHash: sessionIdOf(token), now: now.toISOString() });
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
