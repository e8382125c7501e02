import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { organisations, patients, sessions, users } from '../../db/schema';
import type { Actor } from './actor';

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

export function createSessionRepository(db: Db) {
  return {
    /** Creates a session and returns the raw token for the cookie (only its hash is stored). */
    async create(userId: string, now: Date): Promise<{ token: string; expiresAt: Date }> {
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
      await db.insert(sessions).values({ tokenHash: hashToken(token), userId, createdAt: now, expiresAt });
      return { token, expiresAt };
    },

    async revoke(token: string, now: Date): Promise<void> {
      await db.update(sessions).set({ revokedAt: now }).where(and(eq(sessions.tokenHash, hashToken(token)), isNull(sessions.revokedAt)));
    },

    /** The actor behind a live session token, in one query; undefined when expired, revoked or unknown. */
    async findActor(token: string, now: Date): Promise<Omit<Actor, 'ip'> | undefined> {
      const [row] = await db
        .select({
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
        .where(and(eq(sessions.tokenHash, hashToken(token)), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
        .limit(1);
      if (!row) return undefined;
      return {
        userId: row.userId,
        email: row.email,
        displayName: row.displayName,
        role: row.role,
        organisation: row.orgId && row.orgName && row.orgType ? { id: row.orgId, name: row.orgName, type: row.orgType } : null,
        patientId: row.patientId,
      };
    },
  };
}

export type SessionRepository = ReturnType<typeof createSessionRepository>;
