import { declaredRoutes } from '../../kernel/routes';
import type { EnrolmentService } from './enrolment.service';

export function enrolmentRoutes(service: EnrolmentService) {
  return declaredRoutes({
    'enrolment.organisations': async ({ actor, query }) => ({ items: await service.organisations(actor, query.type) }),
    'enrolment.enrol': ({ actor, body }) => service.enrol(actor, body),
    'enrolment.activationCode': ({ actor, params }) => service.reissueActivation(actor, params.patientId),
  });
}
