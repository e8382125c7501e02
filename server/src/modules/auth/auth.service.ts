import { eq, sql } from 'drizzle-orm';
import type { LoginRequest, SessionUser } from '@naer/shared';
import type { Db } from '../../db/client';
import { users } from '../../db/schema';
import { UnauthenticatedError } from '../../errors';
import type { Clock } from '../../clock';
import type { AuditRepository } from '../audit/audit.repository';
import type { Actor } from './actor';
import { verifyPassword } from './password';
import type { SessionRepository } from './session.repository';

export function toSessionUser(actor: Omit<Actor, 'ip'>): SessionUser {
  return {
    id: actor.userId,
    email: actor.email,
    displayName: actor.displayName,
    role: actor.role,
    organisation: actor.organisation,
    patientId: actor.patientId,
  };
}

export function createAuthService(deps: { db: Db; sessions: SessionRepository; audit: AuditRepository; clock: Clock }) {
  const { db, sessions, audit, clock } = deps;
  return {
    /** Checks the password and opens a session; the same message for an unknown account and a wrong password. */
    async login(input: LoginRequest, ip: string | null): Promise<{ token: string; expiresAt: Date; user: SessionUser }> {
      const now = clock.now();
      const [user] = await db
        .select({ id: users.id, passwordHash: users.passwordHash })
        .from(users)
        .where(eq(sql`lower(${users.email})`, input.email.toLowerCase()))
        .limit(1);
      const ok = await verifyPassword(user?.passwordHash ?? null, input.password);
      if (!user || !ok) {
        await audit.record(db, { actor: null, ip, resource: 'session', action: 'login', outcome: 'failed', details: { userId: user?.id ?? null } }, now);
        throw new UnauthenticatedError('Wrong e-mail or password. Check both and try again.');
      }
      const session = await sessions.create(user.id, now);
      const actor = await sessions.findActor(session.token, now);
      if (!actor) throw new UnauthenticatedError();
      await audit.record(db, { actor: { ...actor, ip }, resource: 'session', action: 'login' }, now);
      return { ...session, user: toSessionUser(actor) };
    },

    async logout(token: string): Promise<void> {
      await sessions.revoke(token, clock.now());
    },

    /** The actor for a session token, or undefined. */
    authenticate(token: string): Promise<Omit<Actor, 'ip'> | undefined> {
      return sessions.findActor(token, clock.now());
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
