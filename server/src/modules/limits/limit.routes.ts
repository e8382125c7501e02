import { declaredRoutes } from '../../kernel/routes';
import type { LimitService } from './limit.service';

export function limitRoutes(service: LimitService) {
  return declaredRoutes({
    'limits.list': ({ actor, params }) => service.list(actor, params.patientId),
    'limits.update': ({ actor, params, body }) => service.update(actor, params.patientId, params.kind, body),
    'limits.visitThresholds': ({ actor, params, body }) => service.updateVisitThresholds(actor, params.patientId, body),
    'limits.preview': ({ actor, params, body }) => service.preview(actor, params.patientId, params.kind, body.rules),
  });
}
