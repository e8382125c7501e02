import { Router } from 'express';
import type { CookieOptions, Request, RequestHandler } from 'express';
import { ChangePasswordRequestSchema, LoginRequestSchema } from '@naer/shared';
import { UnauthenticatedError } from '../../errors';
import { readCookie } from '../../http/cookies';
import { parseBody } from '../../http/parse';
import type { Actor } from './actor';
import { toSessionUser } from './auth.service';
import { LoginThrottledError } from './login-throttle';
import type { AuthService } from './auth.service';

export const SESSION_COOKIE = 'naer_session';

const clientIp = (req: Request) => req.ip ?? null;

/** Options of the session cookie: httpOnly, SameSite=Lax, Secure except on plain-HTTP localhost. */
export function cookieOptions(req: Request, expires?: Date): CookieOptions {
  // Secure everywhere but plain-HTTP localhost, where browsers would drop the cookie.
  const local = req.hostname === 'localhost' || req.hostname === '127.0.0.1';
  return { httpOnly: true, sameSite: 'lax', secure: req.secure || !local, path: '/', ...(expires ? { expires } : {}) };
}

/** Resolves the session cookie to `req.actor` (or leaves it unset). */
export function sessionMiddleware(auth: AuthService): RequestHandler {
  return async (req, _res, next) => {
    const token = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (token) {
      const actor = await auth.authenticate(token);
      if (actor) req.actor = { ...actor, ip: clientIp(req) };
    }
    next();
  };
}

/** The signed-in actor, or a 401. */
export function requireActor(req: Request): Actor {
  if (!req.actor) throw new UnauthenticatedError();
  return req.actor;
}

export function authRoutes(auth: AuthService): Router {
  const router = Router();

  router.post('/login', async (req, res) => {
    const input = parseBody(LoginRequestSchema, req.body);
    const session = await auth.login(input, clientIp(req)).catch((error: unknown) => {
      if (error instanceof LoginThrottledError) res.setHeader('Retry-After', String(error.retryAfterSeconds));
      throw error;
    });
    // A new login replaces whatever session this browser had, so two accounts never share a cookie jar's past.
    const previous = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (previous) await auth.logout(previous);
    res.cookie(SESSION_COOKIE, session.token, cookieOptions(req, session.expiresAt));
    res.json({ user: session.user });
  });

  router.post('/logout', async (req, res) => {
    const token = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (token) await auth.logout(token);
    res.clearCookie(SESSION_COOKIE, cookieOptions(req));
    res.status(204).end();
  });

  router.get('/me', (req, res) => {
    res.json({ user: toSessionUser(requireActor(req)) });
  });

  router.post('/password', async (req, res) => {
    const actor = requireActor(req);
    const input = parseBody(ChangePasswordRequestSchema, req.body);
    const token = readCookie(req.headers.cookie, SESSION_COOKIE) ?? '';
    await auth.changePassword(actor, token, input).catch((error: unknown) => {
      if (error instanceof LoginThrottledError) res.setHeader('Retry-After', String(error.retryAfterSeconds));
      throw error;
    });
    res.status(204).end();
  });

  return router;
}

