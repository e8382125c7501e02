import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  compilerOptions: { runes: true },
  kit: {
    // SPA: the server answers every non-/api path with index.html.
    adapter: adapter({ pages: 'build', assets: 'build', fallback: 'index.html', precompress: false, strict: true }),
    // The inline bootstrap script is allowed by its hash, not by 'unsafe-inline'. The server sends the
    // full policy as a header (server/src/http/security.ts) with the same hashes; this meta tag keeps
    // script-src strict even when the build is served by a plain static server.
    csp: { mode: 'hash', directives: { 'script-src': ['self'], 'object-src': ['none'], 'base-uri': ['self'] } },
  },
};

export default config;
