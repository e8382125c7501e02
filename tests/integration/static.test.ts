import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/src/app';
import type { NaerApp } from '../../server/src/app';
import { startTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

const SHELL = '<!doctype html><html><head></head><body><script>start()</script></body></html>';
const TODAY_SHELL = SHELL.replace('</head>', '<link href="/_app/immutable/nodes/19.js" rel="modulepreload"></head>');
const CHUNK = `export const x = ${JSON.stringify('naer '.repeat(500))};\n`;

let t: TestApp;
let app: NaerApp;
let dir: string;
let port: number;

/** A raw GET (or HEAD), so the test sees the bytes and headers on the wire, not a decoded body. */
function get(pathname: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: pathname, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

function write(file: string, content: string, compressed = true) {
  const full = path.join(dir, file);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, content);
  if (compressed) {
    writeFileSync(`${full}.br`, brotliCompressSync(content));
    writeFileSync(`${full}.gz`, gzipSync(content));
  }
}

beforeAll(async () => {
  t = await startTestApp();
  dir = mkdtempSync(path.join(tmpdir(), 'naer-static-'));
  write('index.html', SHELL);
  write('today.html', TODAY_SHELL);
  write('_app/immutable/chunks/abc123.js', CHUNK);
  write('_app/immutable/assets/0.abc.css', 'body{color:red}', false);
  write('service-worker.js', CHUNK);
  app = createApp({ database: t.database, webBuildDir: dir });
  await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
  port = (app.httpServer.address() as AddressInfo).port;
});

afterAll(async () => {
  await app.close();
  await t.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the built web app', () => {
  it('sends a hashed chunk brotli-compressed, cached for a year as immutable', async () => {
    const res = await get('/_app/immutable/chunks/abc123.js', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers.vary).toContain('Accept-Encoding');
    expect(res.body.length).toBeLessThan(CHUNK.length / 5);
    expect(brotliDecompressSync(res.body).toString()).toBe(CHUNK);
    // The security headers stay on static files.
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('falls back to gzip, and to the plain file for a client that accepts neither', async () => {
    const gz = await get('/_app/immutable/chunks/abc123.js', { 'accept-encoding': 'gzip, deflate' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(CHUNK);

    const refused = await get('/_app/immutable/chunks/abc123.js', { 'accept-encoding': 'br;q=0, gzip;q=0' });
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.body.toString()).toBe(CHUNK);

    const none = await get('/_app/immutable/chunks/abc123.js');
    expect(none.headers['content-encoding']).toBeUndefined();
    expect(none.headers.vary).toContain('Accept-Encoding');
    expect(none.body.toString()).toBe(CHUNK);
  });

  it('sends a file without a compressed copy as it is', async () => {
    const res = await get('/_app/immutable/assets/0.abc.css', { 'accept-encoding': 'br, gzip' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(res.body.toString()).toBe('body{color:red}');
  });

  it('revalidates the app shell and the service worker on every use, compressed', async () => {
    for (const pathname of ['/board', '/', '/index.html', '/service-worker.js']) {
      const res = await get(pathname, { 'accept-encoding': 'gzip, br' });
      expect(res.status, pathname).toBe(200);
      expect(res.headers['cache-control'], pathname).toBe('no-cache');
      expect(res.headers['content-encoding'], pathname).toBe('br');
      expect(res.headers.etag, pathname).toBeTruthy();
    }
    const shell = await get('/board', { 'accept-encoding': 'gzip' });
    expect(shell.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(gunzipSync(shell.body).toString()).toBe(SHELL);
  });

  it('answers /today with its own shell that preloads the page', async () => {
    const res = await get('/today', { 'accept-encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(gunzipSync(res.body).toString()).toBe(TODAY_SHELL);
  });

  it('answers HEAD like GET without a body', async () => {
    const res = await get('/_app/immutable/chunks/abc123.js', { 'accept-encoding': 'br' }, 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.body.length).toBe(0);
  });

  it('answers a missing build file with 404, not the HTML shell', async () => {
    const res = await get('/_app/immutable/chunks/gone.js', { 'accept-encoding': 'gzip' });
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toContain('text/plain');
  });

  it('never serves a file outside the build', async () => {
    const res = await get('/_app/immutable/../../../../etc/passwd');
    expect(res.body.toString()).not.toContain('root:');
    const encoded = await get('/_app/immutable/%2e%2e/%2e%2e/index.html.br');
    expect(encoded.status).toBe(404);
  });

  it('leaves the API to the API (JSON errors, no shell)', async () => {
    const res = await get('/api/does-not-exist', { 'accept-encoding': 'gzip' });
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toContain('application/json');
  });
});
