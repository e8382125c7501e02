import { Reply, declaredRoutes } from '../../kernel/routes';
import type { QuestionnaireService } from './questionnaire.service';

export function questionnaireRoutes(service: QuestionnaireService) {
  return declaredRoutes({
    'questionnaires.list': ({ actor, query }) => service.list(actor, query.patientId),
    'questionnaires.definition': ({ params, query }) => service.get(params.id, query.version),
    'questionnaires.answer': async ({ actor, body }) => {
      const { response, fresh } = await service.submit(actor, body);
      return new Reply(fresh ? 201 : 200, response);
    },
    'questionnaires.responses': ({ actor, params, query }) => service.responses(actor, params.patientId, query),
  });
}
