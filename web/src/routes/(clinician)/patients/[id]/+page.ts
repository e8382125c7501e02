import type { PageLoad } from './$types';

export const load: PageLoad = ({ params }) => ({ patientId: params.id });
