import { declaredRoutes } from '../../kernel/routes';
import type { HandoverService } from './handover.service';

export function handoverRoutes(service: HandoverService) {
  return declaredRoutes({
    'alerts.handover': ({ actor, params, body }) => service.requestForAlert(actor, params.id, body),
    'handovers.followUp': ({ actor, params, body }) => service.requestFollowUp(actor, params.patientId, body),
    'handovers.careTeam': ({ actor, params }) => service.careTeam(actor, params.patientId),
    'handovers.list': async ({ actor, query }) => ({ items: await service.list(actor, query.status) }),
    'handovers.accept': ({ actor, params }) => service.accept(actor, params.id),
    'handovers.decline': ({ actor, params, body }) => service.decline(actor, params.id, body),
    'handovers.cancel': ({ actor, params }) => service.cancel(actor, params.id),
  });
}
