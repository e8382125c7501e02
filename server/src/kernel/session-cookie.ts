import type { CookieOptions, Request } from 'express';

/** The httpOnly cookie that carries the session token. */
export const SESSION_COOKIE = 'naer_session';

/** Reads one cookie from a Cookie header (no dependency needed for a single name). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** The session token a request carries, if any. */
export const sessionToken = (req: Request): string | undefined => readCookie(req.headers.cookie, SESSION_COOKIE);

/** Options of the session cookie: httpOnly, SameSite=Lax, Secure except on plain-HTTP localhost. */
export function cookieOptions(req: Request, expires?: Date): CookieOptions {
  // Secure everywhere but plain-HTTP localhost, where browsers would drop the cookie.
  const local = req.hostname === 'localhost' || req.hostname === '127.0.0.1';
  return { httpOnly: true, sameSite: 'lax', secure: req.secure || !local, path: '/', ...(expires ? { expires } : {}) };
}
