import type { Clock } from '../kernel/clock';
import { SESSION_COOKIE, readCookie } from '../kernel/session-cookie';
import { crossSiteOrigin } from '../http/security';
import type { AuthService } from '../modules/auth/auth.service';
import type { NaerServer } from './naer-server';

/** Every socket opened with one session, on every node, so ending the session closes them all. */
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;

/** setTimeout's ceiling (about 24.8 days); sessions are far shorter. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Ties sockets to the session that opened them: a socket from another website is refused; a
 * socket is closed when its session expires, and on every node when the session is revoked
 * (logout, password change). Runs after the socket server's own authentication middleware.
 */
export function bindSocketsToSessions(io: NaerServer, deps: { auth: AuthService; clock: Clock }): void {
  const sessions = new WeakMap<object, { id: string; expiresAt: Date }>();

  io.use((socket, next) => {
    if (crossSiteOrigin(socket.request.headers, socket.request.headers.host) !== undefined) {
      next(new Error('cross-site'));
      return;
    }
    const token = readCookie(socket.request.headers.cookie, SESSION_COOKIE);
    if (!token) {
      next(new Error('unauthenticated'));
      return;
    }
    deps.auth.session(token).then(
      (session) => {
        if (!session) return next(new Error('unauthenticated'));
        sessions.set(socket, { id: session.id, expiresAt: session.expiresAt });
        next();
      },
      (error: unknown) => next(error instanceof Error ? error : new Error('authentication failed')),
    );
  });

  io.on('connection', (socket) => {
    const session = sessions.get(socket);
    if (!session) {
      socket.disconnect(true);
      return;
    }
    void socket.join(sessionRoom(session.id));
    const timer = setTimeout(() => socket.disconnect(true), Math.min(Math.max(0, session.expiresAt.getTime() - deps.clock.now().getTime()), MAX_TIMER_MS));
    timer.unref();
    socket.on('disconnect', () => clearTimeout(timer));
  });

  deps.auth.onSessionsEnded((ids) => io.in(ids.map(sessionRoom)).disconnectSockets(true));
}
