import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { writePageShells } from './build-shells.js';

const PAGES = 'build';
const FALLBACK = 'index.html';
const staticAdapter = adapter({ pages: PAGES, assets: PAGES, fallback: FALLBACK, precompress: false, strict: true });

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  compilerOptions: { runes: true },
  kit: {
    // SPA: the server answers every non-/api path with index.html (or a page's own shell, below).
    adapter: {
      name: 'naer-static',
      async adapt(builder) {
        await staticAdapter.adapt(builder);
        // The patient's start page preloads its own code (server/src/http/static.ts sends it for /today).
        // Its layout asks who is signed in before the page renders: that request starts with the HTML.
        writePageShells(builder, PAGES, FALLBACK, { 'today.html': { page: 'src/routes/(patient)/today', fetches: ['/api/auth/me'] } });
        // .br and .gz next to every file, served by the server with Content-Encoding.
        await builder.compress(PAGES);
      },
    },
    // Registered by the root layout once the first page is on screen, so the worker's precache does
    // not compete with the first load for a slow connection (src/routes/+layout.svelte).
    serviceWorker: { register: false },
    // The inline bootstrap script is allowed by its hash, not by 'unsafe-inline'. The server sends the
    // full policy as a header (server/src/http/security.ts) with the same hashes; this meta tag keeps
    // script-src strict even when the build is served by a plain static server.
    csp: { mode: 'hash', directives: { 'script-src': ['self'], 'object-src': ['none'], 'base-uri': ['self'] } },
  },
};

export default config;
