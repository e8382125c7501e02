import { Reply, declaredRoutes } from '../../kernel/routes';
import type { VisitService } from './visit.service';

export function visitRoutes(service: VisitService) {
  return declaredRoutes({
    'visits.record': async ({ actor, params, body }) => {
      const { visit, fresh } = await service.record(actor, params.patientId, body);
      return new Reply(fresh ? 201 : 200, { visit });
    },
    'visits.list': ({ actor, params }) => service.list(actor, params.patientId),
  });
}
