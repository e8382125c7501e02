import { redirect } from '@sveltejs/kit';
import { homeFor, session } from '$lib/session.svelte';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent }) => {
  await parent();
  if (session.user) redirect(307, homeFor(session.user.role));
  return {};
};
