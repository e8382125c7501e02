import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Page shells: copies of the SPA shell (index.html) that also preload one page's code, so a cold
 * visit fetches the page's chunks together with the app's entry instead of one round trip later
 * (the generic shell only knows the root layout). Only <link> tags are added: the inline bootstrap
 * script, and so its CSP hash, is unchanged. The server sends a page's shell for that path
 * (server/src/http/static.ts, PAGE_SHELLS).
 */

/** @typedef {{ file: string, imports?: string[], css?: string[] }} ManifestEntry */

/**
 * The generated client nodes a page needs: its ancestors' layouts, the root error page (loaded at
 * start) and the page itself. `pageDir` is relative to web/, e.g. "src/routes/(patient)/today".
 * @param {string} generatedDir the generated/client-optimized directory
 * @param {string} pageDir
 */
function nodesFor(generatedDir, pageDir) {
  const parts = path.posix.relative('src/routes', pageDir).split('/');
  const wanted = parts.map((_, i) => `/src/routes/${parts.slice(0, i).map((p) => p + '/').join('')}+layout.`);
  wanted.push('/src/routes/+error.', `/${pageDir}/+page.`);
  const nodesDir = path.join(generatedDir, 'nodes');
  const nodes = readdirSync(nodesDir).map((name) => ({ name, source: readFileSync(path.join(nodesDir, name), 'utf8') }));
  if (!nodes.some((n) => n.source.includes(`/${pageDir}/+page.`))) throw new Error(`No built page for ${pageDir}: fix the page shells in svelte.config.js`);
  // Manifest keys are relative to Vite's root (web/), where the build runs.
  return nodes.filter((n) => wanted.some((w) => n.source.includes(w))).map((n) => path.relative(process.cwd(), path.join(nodesDir, n.name)).split(path.sep).join('/'));
}

/**
 * The files (JS and CSS) a page needs, from Vite's client manifest.
 * @param {Record<string, ManifestEntry>} manifest
 * @param {string[]} keys
 */
function closure(manifest, keys) {
  const seen = new Set();
  const visit = (/** @type {string} */ key) => {
    if (seen.has(key) || !manifest[key]) return;
    seen.add(key);
    for (const dep of manifest[key].imports ?? []) visit(dep);
  };
  keys.forEach(visit);
  const entries = [...seen].map((k) => /** @type {ManifestEntry} */ (manifest[k]));
  return { js: entries.map((e) => e.file), css: [...new Set(entries.flatMap((e) => e.css ?? []))] };
}

/**
 * The shell with modulepreload (JS) and stylesheet (CSS) links for the files it does not link yet,
 * and fetch preloads for API calls the page makes before it renders.
 * @param {string} html
 * @param {{ js: string[], css: string[] }} files
 * @param {string[]} fetches same-origin API paths
 * @param {string} base the assets' URL prefix ("/")
 */
export function withPreloads(html, files, fetches = [], base = '/') {
  const links = [
    // crossorigin="anonymous" is credentials "same-origin", as the app's own fetch, so the preload is used.
    ...fetches.map((f) => `<link href="${f}" rel="preload" as="fetch" crossorigin="anonymous">`),
    ...files.js.map((f) => `<link href="${base}${f}" rel="modulepreload">`),
    ...files.css.map((f) => `<link href="${base}${f}" rel="stylesheet">`),
  ].filter((link) => !html.includes(`href="${link.slice('<link href="'.length, link.indexOf('" rel'))}"`));
  const head = html.indexOf('</head>');
  if (head < 0) throw new Error('The app shell has no </head>');
  const at = html.lastIndexOf('\n', head) + 1;
  return `${html.slice(0, at)}${links.map((l) => `\t\t${l}\n`).join('')}${html.slice(at)}`;
}

/**
 * Writes `<pages>/<name>` for each page: the fallback shell with that page's preloads.
 * @param {{ config: { kit: { outDir: string } }, log: { minor(message: string): void } }} builder
 * @param {string} pages the adapter's output directory
 * @param {string} fallback the shell's file name in it
 * @param {Record<string, { page: string, fetches?: string[] }>} shells shell file name → page directory
 *   (relative to web/) and the API paths it requests before rendering
 */
export function writePageShells(builder, pages, fallback, shells) {
  const outDir = builder.config.kit.outDir;
  const manifest = JSON.parse(readFileSync(path.join(outDir, 'output/client/.vite/manifest.json'), 'utf8'));
  const html = readFileSync(path.join(pages, fallback), 'utf8');
  for (const [name, { page: pageDir, fetches = [] }] of Object.entries(shells)) {
    const nodes = nodesFor(path.join(outDir, 'generated/client-optimized'), pageDir);
    writeFileSync(path.join(pages, name), withPreloads(html, closure(manifest, nodes), fetches));
    builder.log.minor(`Wrote the page shell ${name} for ${pageDir}`);
  }
}
