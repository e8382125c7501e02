import { Router } from 'express';
import type { Request, Response } from 'express';
import { requireActor } from '../../kernel/actor';
import type { Clock } from '../../kernel/clock';
import { capabilityStatement } from './capability-statement';
import { toSearchset } from './bundle.mapper';
import { codeTokens, countParam, cursorParam, dateBounds, encodeCursor, onlyParams, patientParam } from './fhir-search';
import type { PageCursor, PageQuery } from './fhir.repository';
import type { FhirService, Page } from './fhir.service';
import { FHIR_JSON, fhirErrorHandler } from './operation-outcome';

const PAGED = ['patient', 'subject', '_count', '_cursor'];

const baseOf = (req: Request) => `${req.protocol}://${req.get('host') ?? 'localhost'}${req.baseUrl}`;
const query = (req: Request) => (req.query ?? {}) as Record<string, unknown>;

function send(res: Response, body: unknown): void {
  res.status(200).type(FHIR_JSON).send(JSON.stringify(body));
}

function pageQuery(req: Request, withDate: boolean): PageQuery {
  const q = query(req);
  return { patientId: patientParam(q), bounds: withDate ? dateBounds(q) : [], after: cursorParam(q), limit: countParam(q) };
}

/** The search's own URL, and the same search from `cursor` on. */
function link(req: Request, type: string, cursor?: PageCursor): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query(req))) {
    if (name === '_cursor') continue;
    for (const v of Array.isArray(value) ? value : [value]) if (typeof v === 'string') params.append(name, v);
  }
  if (cursor) params.set('_cursor', encodeCursor(cursor));
  return `${baseOf(req)}/${type}?${params.toString()}`;
}

function sendPage(req: Request, res: Response, type: string, result: Page, clock: Clock): void {
  send(res, toSearchset({ base: baseOf(req), self: link(req, type), next: result.next && link(req, type, result.next), resources: result.resources, now: clock.now() }));
}

/**
 * The FHIR R4 read API: behind the app's sign-in (req.actor, whatever signed it in), its access check
 * and audit. Answers application/fhir+json; every error is an OperationOutcome.
 */
export function fhirRoutes(fhir: FhirService, clock: Clock): Router {
  const router = Router();

  // Describes the server only (no patient data): readable before sign-in, as FHIR clients expect.
  router.get('/metadata', (req, res) => send(res, capabilityStatement(baseOf(req), clock.now())));

  router.get('/Patient/:id', async (req, res) => send(res, await fhir.patient(requireActor(req), req.params.id)));

  router.get('/Observation', async (req, res) => {
    const actor = requireActor(req);
    onlyParams(query(req), [...PAGED, 'code', 'date']);
    const result = await fhir.searchObservations(actor, { ...pageQuery(req, true), codes: codeTokens(query(req)) });
    sendPage(req, res, 'Observation', result, clock);
  });
  router.get('/Observation/:id', async (req, res) => send(res, await fhir.observation(requireActor(req), req.params.id)));

  router.get('/QuestionnaireResponse', async (req, res) => {
    const actor = requireActor(req);
    onlyParams(query(req), [...PAGED, 'date']);
    sendPage(req, res, 'QuestionnaireResponse', await fhir.searchQuestionnaireResponses(actor, pageQuery(req, true)), clock);
  });
  router.get('/QuestionnaireResponse/:id', async (req, res) => send(res, await fhir.questionnaireResponse(requireActor(req), req.params.id)));

  router.get('/Flag', async (req, res) => {
    const actor = requireActor(req);
    onlyParams(query(req), PAGED);
    sendPage(req, res, 'Flag', await fhir.searchFlags(actor, pageQuery(req, false)), clock);
  });
  router.get('/Flag/:id', async (req, res) => send(res, await fhir.flag(requireActor(req), req.params.id)));

  router.get('/Appointment', async (req, res) => {
    const actor = requireActor(req);
    onlyParams(query(req), [...PAGED, 'date']);
    sendPage(req, res, 'Appointment', await fhir.searchAppointments(actor, pageQuery(req, true)), clock);
  });
  router.get('/Appointment/:id', async (req, res) => send(res, await fhir.appointment(requireActor(req), req.params.id)));

  router.use(fhirErrorHandler);
  return router;
}
