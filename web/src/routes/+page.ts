import { redirect } from '@sveltejs/kit';
import { homeFor, session } from '$lib/session.svelte';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent }) => {
  await parent();
  const user = session.user;
  if (user && homeFor(user.role) !== '/') redirect(307, homeFor(user.role));
  return {};
};
