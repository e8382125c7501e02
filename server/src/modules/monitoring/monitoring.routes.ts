import { declaredRoutes } from '../../kernel/routes';
import type { MonitoringService } from './monitoring.service';

/** Pauses, reviews and the schedule view: thin routes over the monitoring service. */
export function monitoringRoutes(service: MonitoringService) {
  return declaredRoutes({
    'pauses.list': async ({ actor, params }) => ({ items: await service.listPauses(actor, params.patientId) }),
    'pauses.create': ({ actor, params, body }) => service.createPause(actor, params.patientId, body),
    'pauses.cancel': ({ actor, params }) => service.cancelPause(actor, params.pauseId),
    'reviews.one': ({ actor, params }) => service.review(actor, params.measurementId),
    'reviews.all': ({ actor, params, body }) => service.reviewAll(actor, params.patientId, body),
    'reviews.list': ({ actor, params, query }) => service.listReviews(actor, params.patientId, query.from),
    'patients.schedule': ({ actor, params }) => service.schedule(actor, params.patientId),
  });
}
