import { declaredRoutes } from '../../kernel/routes';
import type { ConsultationService } from './consultation.service';

export function consultationRoutes(service: ConsultationService) {
  return declaredRoutes({
    'consultations.book': async ({ actor, body }) => ({ consultation: await service.book(actor, body) }),
    'consultations.callOrganisation': async ({ actor, params, body }) => ({ consultation: await service.callOrganisation(actor, params.patientId, body.organisationId) }),
    'consultations.take': ({ actor, params }) => service.take(actor, params.id),
    'consultations.invitees': ({ actor, params }) => service.invitees(actor, params.patientId),
    'consultations.list': ({ actor, query }) => service.list(actor, query),
    'consultations.detail': ({ actor, params }) => service.detail(actor, params.id),
    'consultations.move': ({ actor, params, body }) => service.move(actor, params.id, body),
    'consultations.cancel': ({ actor, params }) => service.cancel(actor, params.id),
    'consultations.summary': ({ actor, params, body }) => service.summary(actor, params.id, body.summary),
  });
}
