import { redirect } from '@sveltejs/kit';
import { session } from '$lib/session.svelte';
import type { LayoutLoad } from './$types';

// A single-page app: the server sends index.html for every page and the browser does the rest.
export const ssr = false;
export const prerender = false;

export const load: LayoutLoad = async ({ url, fetch }) => {
  const user = await session.ensure(fetch);
  // Login, activation (the patient's first visit, with the code from their letter) and a relative's invitation are public.
  if (!user && url.pathname !== '/login' && url.pathname !== '/activate' && url.pathname !== '/relative/join') redirect(307, '/login');
  return {};
};
