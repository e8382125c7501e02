import type { Request, RequestHandler, Response } from 'express';
import { declaredRoutes } from '../../kernel/routes';
import { SESSION_COOKIE, cookieOptions, sessionToken } from '../../kernel/session-cookie';
import { toSessionUser } from './auth.service';
import { LoginThrottledError } from './login-throttle';
import type { AuthService } from './auth.service';

const clientIp = (req: Request) => req.ip ?? null;

/** Resolves the session cookie to `req.actor` (or leaves it unset). */
export function sessionMiddleware(auth: AuthService): RequestHandler {
  return async (req, _res, next) => {
    const token = sessionToken(req);
    if (token) {
      const actor = await auth.authenticate(token);
      if (actor) req.actor = { ...actor, ip: clientIp(req) };
    }
    next();
  };
}

/** A throttled attempt tells the client when to try again. */
function withRetryAfter(res: Response) {
  return (error: unknown): never => {
    if (error instanceof LoginThrottledError) res.setHeader('Retry-After', String(error.retryAfterSeconds));
    throw error;
  };
}

export function authRoutes(auth: AuthService) {
  return declaredRoutes({
    'auth.login': async ({ body, req, res }) => {
      const session = await auth.login(body, clientIp(req)).catch(withRetryAfter(res));
      // A new login replaces whatever session this browser had, so two accounts never share a cookie jar's past.
      const previous = sessionToken(req);
      if (previous) await auth.logout(previous);
      res.cookie(SESSION_COOKIE, session.token, cookieOptions(req, session.expiresAt));
      return { user: session.user };
    },
    'auth.logout': async ({ req, res }) => {
      const token = sessionToken(req);
      if (token) await auth.logout(token);
      res.clearCookie(SESSION_COOKIE, cookieOptions(req));
    },
    'auth.me': ({ actor }) => ({ user: toSessionUser(actor) }),
    'auth.password': async ({ actor, body, req, res }) => {
      await auth.changePassword(actor, sessionToken(req) ?? '', body).catch(withRetryAfter(res));
    },
  });
}
