import { redirect } from '@sveltejs/kit';
import { homeFor, session } from '$lib/session.svelte';
import type { LayoutLoad } from './$types';

// Calls are for everyone invited: patients, relatives and clinicians (not administrators).
export const load: LayoutLoad = async ({ parent }) => {
  await parent();
  const user = session.user;
  if (!user) redirect(307, '/login');
  if (user.role === 'admin') redirect(307, homeFor(user.role));
  return { user };
};
