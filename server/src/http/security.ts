import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import path from 'node:path';
import type { Request, RequestHandler } from 'express';
import type { ApiError } from '@naer/shared';

/** SHA-256 source expressions of every inline `<script>` in an HTML page (SvelteKit's bootstrap). */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const match of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)) {
    const body = match[1] ?? '';
    if (body.trim()) hashes.push(`'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
  }
  return hashes;
}

/**
 * The Content-Security-Policy header. Scripts only from this origin or by hash (never inline by
 * default); sockets and fetches only to this origin (CSP3 'self' covers ws:/wss: of the same host);
 * blob: media for video consultations; never framed. Styles allow 'unsafe-inline' because
 * SvelteKit's shell and Svelte templates set style attributes; style injection cannot run code.
 */
export function contentSecurityPolicy(scriptHashes: readonly string[]): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'", ...scriptHashes],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'media-src': ["'self'", 'blob:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'"],
    'worker-src': ["'self'"],
    'manifest-src': ["'self'"],
    'frame-ancestors': ["'none'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

/**
 * Camera and microphone for video consultations, on this origin only; no location, payment or USB.
 * Web Bluetooth (measuring devices) is not a Permissions-Policy feature in Chromium ("Unrecognized
 * feature: 'bluetooth'"): it needs a secure top-level page and a user gesture, which framing rules out.
 */
export const PERMISSIONS_POLICY = 'camera=(self), microphone=(self), geolocation=(), payment=(), usb=()';

/**
 * Security headers on every response. The CSP's script hashes come from the built index.html, read
 * once at start-up, so they always match the build the server serves.
 */
export function securityHeaders(options: { webBuildDir?: string | undefined } = {}): RequestHandler {
  const index = options.webBuildDir ? path.join(options.webBuildDir, 'index.html') : undefined;
  const hashes = index && existsSync(index) ? inlineScriptHashes(readFileSync(index, 'utf8')) : [];
  const csp = contentSecurityPolicy(hashes);
  return (req, res, next) => {
    res.setHeader('Content-Security-Policy', csp);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Permissions-Policy', PERMISSIONS_POLICY);
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    if (req.secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    next();
  };
}

/** Patient data must not sit in browser or proxy caches. */
export const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function originOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    return new URL(url).host;
  } catch {
    return 'invalid';
  }
}

/**
 * The host a request says it comes from (`Origin`, else `Referer`) when that is not the host it
 * was sent to; undefined for same-origin requests and for clients that send neither (curl, apps).
 * `Origin: null` (sandboxed frames, privacy redirects) counts as cross-site. Only the host is
 * compared, so a TLS-terminating proxy that forwards the Host header needs no configuration.
 */
export function crossSiteOrigin(headers: IncomingHttpHeaders, ownHost: string | undefined): string | undefined {
  const origin = headers.origin;
  const claimed = origin !== undefined ? (origin === 'null' ? 'null' : originOf(origin)) : originOf(headers.referer);
  if (claimed === undefined) return undefined;
  return claimed === ownHost ? undefined : claimed;
}

const hasBody = (req: Request) => {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
};

const isJson = (type: string | undefined) => {
  const media = type?.split(';')[0]?.trim().toLowerCase();
  return media === 'application/json' || (media?.startsWith('application/') === true && media.endsWith('+json'));
};

function refuse(message: string): ApiError {
  return { error: { code: 'forbidden', message } };
}

/**
 * Cross-site request forgery protection for state-changing API calls, in two independent layers
 * besides the SameSite=Lax cookie: the browser's Origin (or Referer) must be this server, and a
 * body must be JSON, which a cross-site HTML form cannot send and a cross-site script cannot
 * send without a CORS preflight that this server never answers.
 */
export const csrfProtection: RequestHandler = (req, res, next) => {
  if (SAFE_METHODS.has(req.method)) return next();
  const foreign = crossSiteOrigin(req.headers, req.host);
  if (foreign !== undefined) {
    res.status(403).json(refuse('This request came from another website, so it was refused. Open Naer directly at its own address and try again.'));
    return;
  }
  const type = req.headers['content-type'];
  if ((type !== undefined || hasBody(req)) && !isJson(type)) {
    res.status(403).json(refuse('Send the request body as JSON with Content-Type: application/json; other body types are refused to protect against cross-site requests.'));
    return;
  }
  next();
};
