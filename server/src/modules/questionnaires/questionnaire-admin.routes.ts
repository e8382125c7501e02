import { Reply, declaredRoutes } from '../../kernel/routes';
import type { QuestionnaireAdminService } from './questionnaire-admin.service';

export function questionnaireAdminRoutes(service: QuestionnaireAdminService) {
  return declaredRoutes({
    'admin.questionnaires': () => service.list(),
    'admin.loadQuestionnaire': async ({ actor, body }) => {
      const { version, fresh } = await service.load(actor, body);
      return new Reply(fresh ? 201 : 200, version);
    },
    'admin.retireQuestionnaire': ({ actor, params }) => service.retire(actor, params.id, params.version),
  });
}
