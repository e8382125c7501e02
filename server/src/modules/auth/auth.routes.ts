import { Router } from 'express';
import type { Request, RequestHandler } from 'express';
import { ChangePasswordRequestSchema, LoginRequestSchema } from '@naer/shared';
import { SESSION_COOKIE, cookieOptions, readCookie } from '../../kernel/session-cookie';
import { parseBody } from '../../http/parse';
import { requireActor } from '../../kernel/actor';
import { toSessionUser } from './auth.service';
import { LoginThrottledError } from './login-throttle';
import type { AuthService } from './auth.service';

const clientIp = (req: Request) => req.ip ?? null;

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

