import type { ChangePasswordRequest, LoginRequest, SessionUser } from '@naer/shared';
import type { Db } from '../../db/client';
import { UnauthenticatedError, ValidationError } from '../../kernel/errors';
import type { Clock } from '../../kernel/clock';
import type { AuditRepository } from '../audit/audit.repository';
import type { Actor } from '../../kernel/actor';
import { createLoginThrottle, LoginThrottledError } from './login-throttle';
import { hashPassword, verifyPassword } from './password';
import type { LiveSession } from './live-session';
import { sessionIdOf } from './session.repository';
import type { SessionRepository } from './session.repository';
import { createUserRepository } from './user.repository';

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

/** Told the ids of sessions that just ended (logout, password change), after commit, so open sockets can be closed. */
export type SessionsEndedListener = (sessionIds: string[]) => void;

export function createAuthService(deps: { db: Db; sessions: SessionRepository; audit: AuditRepository; clock: Clock }) {
  const { db, sessions, audit, clock } = deps;
  const throttle = createLoginThrottle(db);
  const users = createUserRepository(db);
  const listeners: SessionsEndedListener[] = [];
  const ended = (ids: string[]) => {
    if (ids.length === 0) return;
    sessions.forget(ids);
    for (const listener of listeners) listener(ids);
  };

  return {
    /**
     * Checks the password and opens a session; the same message for an unknown account and a wrong
     * password. Refused with 429 once the account or the address has too many recent failures.
     */
    async login(input: LoginRequest, ip: string | null): Promise<{ token: string; expiresAt: Date; user: SessionUser }> {
      const now = clock.now();
      try {
        await throttle.begin(input.email, ip, now);
      } catch (error) {
        if (error instanceof LoginThrottledError) {
          await audit.record(db, { actor: null, ip, resource: 'session', action: 'login', outcome: 'refused', details: { reason: `too many failures per ${error.scope}` } }, now);
        }
        throw error;
      }
      const user = await users.findLogin(input.email);
      const ok = await verifyPassword(user?.passwordHash ?? null, input.password);
      if (!user || !ok) {
        await throttle.failed(now);
        await audit.record(db, { actor: null, ip, resource: 'session', action: 'login', outcome: 'failed', details: { userId: user?.id ?? null } }, now);
        throw new UnauthenticatedError('Wrong e-mail or password. Check both and try again.');
      }
      await throttle.succeeded(input.email, ip);
      const session = await sessions.create(user.id, now);
      const actor = await sessions.findActor(session.token, now);
      if (!actor) throw new UnauthenticatedError();
      await audit.record(db, { actor: { ...actor, ip }, resource: 'session', action: 'login' }, now);
      return { ...session, user: toSessionUser(actor) };
    },

    /** Ends the session; its open sockets are disconnected on every node. */
    async logout(token: string): Promise<void> {
      ended(await sessions.revoke(token, clock.now()));
    },

    /**
     * Changes the password after checking the current one (wrong guesses count towards the login
     * limit), and ends every other session of the user; the calling session continues.
     */
    async changePassword(actor: Actor, token: string, input: ChangePasswordRequest): Promise<void> {
      const now = clock.now();
      await throttle.begin(actor.email, actor.ip, now);
      if (!(await verifyPassword(await users.passwordHashOf(actor.userId), input.currentPassword))) {
        await throttle.failed(now);
        await audit.record(db, { actor, resource: 'password', action: 'change', outcome: 'failed' }, now);
        throw new ValidationError('currentPassword is not your current password: type it again.', [{ path: 'currentPassword', message: 'not your current password' }]);
      }
      await throttle.succeeded(actor.email, actor.ip);
      const passwordHash = await hashPassword(input.newPassword);
      const revoked = await db.transaction(async (tx) => {
        await users.setPassword(tx, actor.userId, passwordHash, now);
        const ids = await sessions.revokeOthers(tx, actor.userId, sessionIdOf(token), now);
        await audit.record(tx, { actor, resource: 'password', action: 'change', details: { sessionsEnded: ids.length } }, now);
        return ids;
      });
      ended(revoked);
    },

    /** The actor for a session token, or undefined. */
    authenticate(token: string): Promise<Omit<Actor, 'ip'> | undefined> {
      return sessions.findActor(token, clock.now());
    },

    /** The live session (id, expiry and actor) for a token, or undefined: sockets need the id and expiry. */
    session(token: string): Promise<LiveSession | undefined> {
      return sessions.find(token, clock.now());
    },

    /** Registers a listener for ended sessions (the socket server disconnects their sockets). */
    onSessionsEnded(listener: SessionsEndedListener): void {
      listeners.push(listener);
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
