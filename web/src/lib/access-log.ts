import type { AccessLogPage } from '@naer/shared/contracts';
import { request } from './api';

/** "Hvem har set mine data": the patient's access log, a week of days per page. */
export const accessLogApi = {
  page: (patientId: string, options: { cursor?: string | null; includeOwn?: boolean } = {}) => {
    const query = new URLSearchParams();
    if (options.cursor) query.set('cursor', options.cursor);
    if (options.includeOwn) query.set('includeOwn', 'true');
    const qs = query.toString();
    return request<AccessLogPage>('GET', `/api/patients/${encodeURIComponent(patientId)}/access-log${qs ? `?${qs}` : ''}`);
  },
};
