import { Router } from 'express';
import {
  QuestionnaireListQuerySchema,
  QuestionnaireParamsSchema,
  QuestionnaireQuerySchema,
  QuestionnaireResponseInputSchema,
  QuestionnaireResponseListQuerySchema,
} from '@naer/shared';
import { parseBody, parseQuery } from '../../http/parse';
import { requireActor } from '../../kernel/actor';
import type { QuestionnaireService } from './questionnaire.service';

export function questionnaireRoutes(service: QuestionnaireService): Router {
  const router = Router();

  router.get('/questionnaires', async (req, res) => {
    const actor = requireActor(req);
    const { patientId } = parseQuery(QuestionnaireListQuerySchema, req.query);
    res.json(await service.list(actor, patientId));
  });

  router.get('/questionnaires/:id', async (req, res) => {
    requireActor(req);
    const { id } = parseQuery(QuestionnaireParamsSchema, req.params);
    const { version } = parseQuery(QuestionnaireQuerySchema, req.query);
    res.json(await service.get(id, version));
  });

  router.post('/questionnaire-responses', async (req, res) => {
    const actor = requireActor(req);
    const input = parseBody(QuestionnaireResponseInputSchema, req.body);
    const { response, fresh } = await service.submit(actor, input);
    res.status(fresh ? 201 : 200).json(response);
  });

  router.get('/patients/:patientId/questionnaire-responses', async (req, res) => {
    const actor = requireActor(req);
    const query = parseQuery(QuestionnaireResponseListQuerySchema, req.query);
    res.json(await service.responses(actor, req.params.patientId, query));
  });

  return router;
}
