import { declaredRoutes } from '../../kernel/routes';
import type { AlertLifecycleService } from './alert-lifecycle.service';
import type { AlertService } from './alert.service';

export function alertRoutes(service: AlertService, lifecycle: AlertLifecycleService) {
  return declaredRoutes({
    'alerts.list': ({ actor, query }) => service.list(actor, query.after),
    'alerts.detail': ({ actor, params }) => lifecycle.detail(actor, params.id),
    'alerts.claim': ({ actor, params }) => lifecycle.claim(actor, params.id),
    'alerts.release': ({ actor, params }) => lifecycle.release(actor, params.id),
    'alerts.resolve': ({ actor, params, body }) => lifecycle.resolve(actor, params.id, body),
    'alerts.patientStatus': ({ actor, params, query }) => lifecycle.patientStatus(actor, params.patientId, query.days),
  });
}
