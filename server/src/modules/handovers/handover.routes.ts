import { Router } from 'express';
import {
  AlertIdParamsSchema,
  CareTeamParamsSchema,
  DeclineHandoverSchema,
  HandoverIdParamsSchema,
  HandoverListQuerySchema,
  HandoverRequestSchema,
} from '@naer/shared';
import { parseBody, parseQuery } from '../../http/parse';
import { requireActor } from '../../kernel/actor';
import type { HandoverService } from './handover.service';

export function handoverRoutes(service: HandoverService): Router {
  const router = Router();
  router.post('/alerts/:id/handover', async (req, res) => {
    const actor = requireActor(req);
    const { id } = parseQuery(AlertIdParamsSchema, req.params);
    const input = parseBody(HandoverRequestSchema, req.body);
    res.status(201).json(await service.requestForAlert(actor, id, input));
  });
  router.post('/patients/:patientId/handover', async (req, res) => {
    const actor = requireActor(req);
    const { patientId } = parseQuery(CareTeamParamsSchema, req.params);
    const input = parseBody(HandoverRequestSchema, req.body);
    res.status(201).json(await service.requestFollowUp(actor, patientId, input));
  });
  router.get('/patients/:patientId/care-team', async (req, res) => {
    const actor = requireActor(req);
    const { patientId } = parseQuery(CareTeamParamsSchema, req.params);
    res.json(await service.careTeam(actor, patientId));
  });
  router.get('/handovers', async (req, res) => {
    const actor = requireActor(req);
    const { status } = parseQuery(HandoverListQuerySchema, req.query);
    res.json({ items: await service.list(actor, status) });
  });
  router.post('/handovers/:id/accept', async (req, res) => {
    const actor = requireActor(req);
    const { id } = parseQuery(HandoverIdParamsSchema, req.params);
    res.json(await service.accept(actor, id));
  });
  router.post('/handovers/:id/decline', async (req, res) => {
    const actor = requireActor(req);
    const { id } = parseQuery(HandoverIdParamsSchema, req.params);
    const input = parseBody(DeclineHandoverSchema, req.body);
    res.json(await service.decline(actor, id, input));
  });
  router.post('/handovers/:id/cancel', async (req, res) => {
    const actor = requireActor(req);
    const { id } = parseQuery(HandoverIdParamsSchema, req.params);
    res.json(await service.cancel(actor, id));
  });
  return router;
}
