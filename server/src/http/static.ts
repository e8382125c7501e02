import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type express from 'express';
import type { Request, Response } from 'express';

/** Hashed build output: the name changes with the content, so it may be cached for a year. */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
/** Everything else (the app shell, service worker, manifest, icons) is revalidated on every use. */
export const REVALIDATE_CACHE = 'no-cache';

/**
 * Shells with the modulepreload links of one page's code (written by web/build-shells.js), served
 * for that path instead of the generic index.html so the page's chunks load in the first round trip.
 */
export const PAGE_SHELLS: Readonly<Record<string, string>> = { '/today': 'today.html' };

type Encoding = 'br' | 'gzip';
const EXTENSION: Record<Encoding, string> = { br: '.br', gzip: '.gz' };

function walk(dir: string, root = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full, root) : ['/' + path.relative(root, full).split(path.sep).join('/')];
  });
}

/**
 * The built web app (SPA) with precompressed copies: `x.js.br` / `x.js.gz` written at build time
 * are sent with Content-Encoding when the browser accepts them (no compression work per request).
 * The file list is read once at start-up, so only files of the build can be served.
 */
export function serveWeb(app: express.Express, dir: string): void {
  const all = new Set(walk(dir));
  const served = new Set([...all].filter((f) => !f.endsWith('.br') && !f.endsWith('.gz')));

  const send = (req: Request, res: Response, file: string, cacheControl: string) => {
    const available = (['br', 'gzip'] as const).filter((e) => all.has(file + EXTENSION[e]));
    // Brotli first (smaller), whatever order the browser lists them in; q=0 refuses one.
    const encoding = req.headers['accept-encoding'] ? available.find((e) => req.acceptsEncodings(e) === e) : undefined;
    res.setHeader('Cache-Control', cacheControl);
    // A cache must keep the encodings apart even when this response is not encoded.
    if (available.length > 0) res.vary('Accept-Encoding');
    if (encoding) {
      res.type(path.extname(file));
      res.setHeader('Content-Encoding', encoding);
    }
    res.sendFile(path.join(dir, encoding ? file + EXTENSION[encoding] : file), { cacheControl: false, acceptRanges: !encoding });
  };

  app.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const file = req.path;
    if (served.has(file) && file !== '/index.html') return send(req, res, file, file.startsWith('/_app/immutable/') ? IMMUTABLE_CACHE : REVALIDATE_CACHE);
    // A missing build file is a 404, not the HTML shell (a stale tab would run HTML as a script).
    if (file.startsWith('/_app/')) return res.status(404).type('text/plain').send('Not found');
    const shell = PAGE_SHELLS[file];
    send(req, res, shell && served.has('/' + shell) ? '/' + shell : '/index.html', REVALIDATE_CACHE);
  });
}
