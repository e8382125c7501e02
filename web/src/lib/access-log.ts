import { call } from './api';

/** "Hvem har set mine data": the patient's access log, a week of days per page. */
export const accessLogApi = {
  page: (patientId: string, options: { cursor?: string | null; includeOwn?: boolean } = {}) =>
    call('accessLog.page', { params: { patientId }, query: { cursor: options.cursor ?? undefined, includeOwn: options.includeOwn ? 'true' : undefined } }),
};
