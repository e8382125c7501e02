import { Router } from 'express';
import { EnrolmentRequestSchema, OrganisationListQuerySchema } from '@naer/shared';
import { parseBody, parseQuery } from '../../http/parse';
import { requireActor } from '../../kernel/actor';
import type { EnrolmentService } from './enrolment.service';

export function enrolmentRoutes(service: EnrolmentService): Router {
  const router = Router();

  router.get('/organisations', async (req, res) => {
    const actor = requireActor(req);
    const { type } = parseQuery(OrganisationListQuerySchema, req.query);
    res.json({ items: await service.organisations(actor, type) });
  });

  router.post('/enrolments', async (req, res) => {
    const actor = requireActor(req);
    const input = parseBody(EnrolmentRequestSchema, req.body);
    res.status(201).json(await service.enrol(actor, input));
  });

  router.post('/patients/:patientId/activation-code', async (req, res) => {
    res.status(201).json(await service.reissueActivation(requireActor(req), req.params.patientId));
  });

  return router;
}
