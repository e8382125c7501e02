import { redirect } from '@sveltejs/kit';
import { homeFor, session } from '$lib/session.svelte';
import type { LayoutLoad } from './$types';

export const load: LayoutLoad = async ({ parent, url }) => {
  await parent();
  // Accepting an invitation is where a relative's account begins: open to anyone.
  if (url.pathname === '/relative/join') return {};
  const user = session.user;
  if (!user) redirect(307, '/login');
  if (user.role !== 'relative') redirect(307, homeFor(user.role));
  return {};
};
