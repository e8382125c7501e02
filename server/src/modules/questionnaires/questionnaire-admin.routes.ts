import { Router } from 'express';
import { LoadQuestionnaireRequestSchema, QuestionnaireVersionParamsSchema } from '@naer/shared';
import { ForbiddenError } from '../../kernel/errors';
import { parseBody, parseQuery } from '../../http/parse';
import { requireActor } from '../../kernel/actor';
import type { Actor } from '../../kernel/actor';
import type { QuestionnaireAdminService } from './questionnaire-admin.service';

// Checked before the body is parsed, so a non-administrator learns nothing from validation messages.
function requireAdmin(actor: Actor): Actor {
  if (actor.role !== 'admin') throw new ForbiddenError('Only administrators manage questionnaire definitions.');
  return actor;
}

export function questionnaireAdminRoutes(service: QuestionnaireAdminService): Router {
  const router = Router();

  router.get('/admin/questionnaires', async (req, res) => {
    res.json(await service.list(requireAdmin(requireActor(req))));
  });

  router.post('/admin/questionnaires', async (req, res) => {
    const actor = requireAdmin(requireActor(req));
    const definition = parseBody(LoadQuestionnaireRequestSchema, req.body);
    const { version, fresh } = await service.load(actor, definition);
    res.status(fresh ? 201 : 200).json(version);
  });

  router.post('/admin/questionnaires/:id/versions/:version/retire', async (req, res) => {
    const actor = requireAdmin(requireActor(req));
    const { id, version } = parseQuery(QuestionnaireVersionParamsSchema, req.params);
    res.json(await service.retire(actor, id, version));
  });

  return router;
}
