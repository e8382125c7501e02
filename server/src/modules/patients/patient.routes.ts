import { declaredRoutes } from '../../kernel/routes';
import type { PatientService } from './patient.service';

export function patientRoutes(service: PatientService) {
  return declaredRoutes({
    'patients.board': ({ actor, query }) => service.board(actor, query),
    'patients.summary': ({ actor, params }) => service.summary(actor, params.patientId),
    'patients.overview': ({ actor, params, query }) => service.overview(actor, params.patientId, query.days),
  });
}
