/// <reference types="@sveltejs/kit" />
import { build, files, version } from '$service-worker';

/**
 * Naer's service worker: the app opens at once and offline. The built app (`build`), the static files
 * (`files`) and the SPA shell (index.html) are precached under a cache named by the build version;
 * navigations are answered from the cached shell first (no round trip before the app starts; a new
 * build brings a new worker and cache), and from the network only while the shell is not cached.
 * Patient data is never cached: /api and /socket.io go to the network only (the offline queue in
 * IndexedDB keeps submissions).
 */
const sw = globalThis as unknown as ServiceWorkerGlobalScope;

const CACHE = `naer-shell-${version}`;
const SHELL = '/index.html';
/** Pages with their own shell that preloads their code (web/build-shells.js); the rest get index.html. */
const PAGE_SHELLS: Readonly<Record<string, string>> = { '/today': '/today.html' };
const PRECACHE = [...new Set([...build, ...files.filter((file) => !file.endsWith('.DS_Store')), SHELL])];

function isNetworkOnly(url: URL): boolean {
  return url.pathname.startsWith('/api/') || url.pathname === '/api' || url.pathname.startsWith('/socket.io');
}

sw.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // index.html is fetched fresh so the shell matches this build (never from the HTTP cache).
      await cache.addAll(PRECACHE.map((path) => new Request(path, { cache: 'reload' })));
      // A page's own shell only saves a round trip: without it (vite dev) the page gets index.html.
      await Promise.all(Object.values(PAGE_SHELLS).map((path) => cache.add(new Request(path, { cache: 'reload' })).catch(() => undefined)));
      await sw.skipWaiting();
    })(),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key !== CACHE && key.startsWith('naer-')) await caches.delete(key);
      }
      await sw.clients.claim();
    })(),
  );
});

async function shellOrNetwork(request: Request, url: URL): Promise<Response> {
  const cache = await caches.open(CACHE);
  const own = PAGE_SHELLS[url.pathname];
  const shell = (own ? await cache.match(own) : undefined) ?? (await cache.match(SHELL));
  if (shell) return shell;
  try {
    return await fetch(request);
  } catch {
    return new Response('Naer er offline', { status: 503, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  }
}

async function fromCacheOrNetwork(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  return fetch(request);
}

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin) return;
  if (isNetworkOnly(url)) return; // network only: the browser handles it, nothing is cached
  // Opening a built file itself (an icon, the manifest) gets that file, any other page the shell.
  if (request.mode === 'navigate' && !(PRECACHE.includes(url.pathname) && url.pathname !== SHELL)) {
    event.respondWith(shellOrNetwork(request, url));
    return;
  }
  if (PRECACHE.includes(url.pathname)) {
    event.respondWith(fromCacheOrNetwork(request));
  }
});
