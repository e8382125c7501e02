import type { PageLoad } from './$types';

export const load: PageLoad = ({ params }) => ({ questionnaireId: params.id });
