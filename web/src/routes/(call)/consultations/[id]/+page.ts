import type { PageLoad } from './$types';

export const load: PageLoad = ({ params }) => ({ consultationId: params.id });
