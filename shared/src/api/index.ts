import { alertsApi } from './alerts.api';
import { authApi } from './auth.api';
import { careApi } from './care.api';
import { clinicalApi } from './clinical.api';
import { consultationsApi } from './consultations.api';
import { dashboardApi } from './dashboard.api';
import { patientsApi } from './patients.api';
import { peopleApi } from './people.api';
import { questionnairesApi } from './questionnaires.api';
import { systemApi } from './system.api';
import { systemsApi } from './systems.api';
import { webhooksApi } from './webhooks.api';

export * from './endpoint';
export { HealthSchema, type Health } from './system.api';
export { MeasurementSubmissionSchema, isMeasurementBatch } from './patients.api';

/** Every endpoint under /api, declared once; keys name them for handlers, tests and the web client. */
export const API = { ...systemApi, ...authApi, ...patientsApi, ...alertsApi, ...careApi, ...clinicalApi, ...consultationsApi, ...dashboardApi, ...peopleApi, ...questionnairesApi, ...systemsApi, ...webhooksApi };
export type Api = typeof API;
export type EndpointName = keyof Api;
