import { Router } from 'express';
import { MeasurementBatchSchema, MeasurementInputSchema, MeasurementListQuerySchema } from '@naer/shared';
import { parseBody, parseQuery } from '../../http/parse';
import { requireActor } from '../../kernel/actor';
import type { MeasurementService } from './measurement.service';

const isBatch = (body: unknown): body is { measurements: unknown } => typeof body === 'object' && body !== null && 'measurements' in body;

export function measurementRoutes(service: MeasurementService): Router {
  const router = Router();

  router.post('/measurements', async (req, res) => {
    const actor = requireActor(req);
    if (isBatch(req.body)) {
      const { measurements } = parseBody(MeasurementBatchSchema, req.body);
      res.status(201).json({ measurements: await service.submitBatch(actor, measurements) });
      return;
    }
    const input = parseBody(MeasurementInputSchema, req.body);
    res.status(201).json(await service.submitOne(actor, input));
  });

  router.get('/patients/:patientId/measurements', async (req, res) => {
    const actor = requireActor(req);
    const query = parseQuery(MeasurementListQuerySchema, req.query);
    const page = await service.list(actor, req.params.patientId, query);
    // The items are JSON texts already (see listJson): joined, not parsed and serialised again.
    res.type('application/json').send(`{"items":[${page.itemsJson.join(',')}],"nextCursor":${JSON.stringify(page.nextCursor)}}`);
  });

  return router;
}
