import express, { Router } from 'express';
import type { ErrorRequestHandler } from 'express';
import { requireActor } from '../../kernel/actor';
import { FHIR_JSON } from '../fhir/operation-outcome';
import type { FhirImportService } from './fhir-import.service';
import { ImportError } from './observation-input';

/** A Bundle that cannot be stored: 400 with one issue per problem, each naming the entry and element. */
const importErrors: ErrorRequestHandler = (err: unknown, _req, res, next) => {
  if (!(err instanceof ImportError)) {
    next(err);
    return;
  }
  res.status(400).type(FHIR_JSON).json({
    resourceType: 'OperationOutcome',
    issue: err.issues.map((i) => ({ severity: 'error', code: 'invalid', diagnostics: `${i.expression}: ${i.message}`, expression: [i.expression] })),
  });
};

/** `POST /fhir/R4` with a transaction Bundle of vital-sign Observations. */
export function fhirImportRoutes(service: FhirImportService): Router {
  const router = Router();
  router.post('/', express.json({ type: ['application/json', FHIR_JSON], limit: '2mb' }), async (req, res) => {
    const response = await service.importBundle(requireActor(req), req.body);
    res.status(200).type(FHIR_JSON).json(response);
  });
  router.use(importErrors);
  return router;
}
