import { z } from 'zod';
import {
  AlertDetailSchema,
  AlertSchema,
  ApiErrorSchema,
  CareTeamSchema,
  DeclineHandoverSchema,
  HandoverListQuerySchema,
  HandoverListSchema,
  HandoverRequestSchema,
  HandoverSchema,
  PatientStatusSchema,
  QuestionnaireListQuerySchema,
  QuestionnaireListSchema,
  QuestionnaireQuerySchema,
  QuestionnaireResponseInputSchema,
  QuestionnaireResponseListQuerySchema,
  QuestionnaireResponsePageSchema,
  QuestionnaireResponseSchema,
  ResolveAlertSchema,
  PatientStatusQuerySchema,
} from '@naer/shared';
import { AdminQuestionnaireListSchema, AdminQuestionnaireVersionSchema, LoadQuestionnaireRequestSchema } from '@naer/shared';
import { QuestionnaireDefinitionSchema } from '@naer/shared/domain';

const json = (schema: z.ZodType) => ({ 'application/json': { schema: z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) } });
const input = (schema: z.ZodType) => ({ 'application/json': { schema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) } });
const error = (description: string) => ({ description, content: json(ApiErrorSchema) });
const uuidParam = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string', format: 'uuid' } });
const query = (schema: z.ZodObject) => {
  const s = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(s.properties ?? {}).map(([name, p]) => ({ name, in: 'query', required: s.required?.includes(name) ?? false, schema: p }));
};
const common = { 400: error('Bad input: the message names the field'), 401: error('No session: log in first.'), 403: error('Not allowed for your role or organisation.'), 404: error('Unknown id.') };
const conflict = error('The alert or handover changed meanwhile (e.g. someone else owns it); reload and try again.');

/** The alert workflow, handovers and questionnaires, generated from their shared contracts. */
export function workflowPaths() {
  const alertId = [uuidParam('id')];
  return {
    '/api/openapi.json': { get: { summary: 'This document (OpenAPI 3.1, generated from the shared zod contracts)', responses: { 200: { description: 'The document' } } } },
    '/api/alerts/{id}': { get: { summary: 'One alert with its timeline, owner and pending handover', parameters: alertId, responses: { 200: { description: 'Alert', content: json(AlertDetailSchema) }, ...common } } },
    '/api/alerts/{id}/claim': { post: { summary: 'Take the alert: you become its one owner', parameters: alertId, responses: { 200: { description: 'Claimed', content: json(AlertSchema) }, 409: conflict, ...common } } },
    '/api/alerts/{id}/release': { post: { summary: 'Let go of an alert you own (back to open; a red restarts its claim deadline)', parameters: alertId, responses: { 200: { description: 'Released', content: json(AlertSchema) }, 409: conflict, ...common } } },
    '/api/alerts/{id}/resolve': { post: { summary: 'Resolve with an outcome and an optional note', parameters: alertId, requestBody: { required: true, content: input(ResolveAlertSchema) }, responses: { 200: { description: 'Resolved', content: json(AlertSchema) }, 409: conflict, ...common } } },
    '/api/alerts/{id}/handover': { post: { summary: 'Ask another organisation on the care team to take the alert; you stay responsible until it accepts', parameters: alertId, requestBody: { required: true, content: input(HandoverRequestSchema) }, responses: { 201: { description: 'Requested', content: json(HandoverSchema) }, 409: conflict, ...common } } },
    '/api/patients/{patientId}/handover': { post: { summary: 'Hand over the patient\u2019s follow-up', parameters: [uuidParam('patientId')], requestBody: { required: true, content: input(HandoverRequestSchema) }, responses: { 201: { description: 'Requested', content: json(HandoverSchema) }, 409: conflict, ...common } } },
    '/api/patients/{patientId}/care-team': { get: { summary: 'The organisations on the patient\u2019s care team and what each answers for', parameters: [uuidParam('patientId')], responses: { 200: { description: 'Care team', content: json(CareTeamSchema) }, ...common } } },
    '/api/patients/{patientId}/status': { get: { summary: 'What happens with the patient\u2019s alerts, in plain language for the patient', parameters: [uuidParam('patientId'), ...query(PatientStatusQuerySchema)], responses: { 200: { description: 'Status', content: json(PatientStatusSchema) }, ...common } } },
    '/api/handovers': { get: { summary: 'Handovers to and from my organisation', parameters: query(HandoverListQuerySchema), responses: { 200: { description: 'Handovers', content: json(HandoverListSchema) }, ...common } } },
    '/api/handovers/{id}/accept': { post: { summary: 'Accept: ownership moves to you and your organisation', parameters: alertId, responses: { 200: { description: 'Accepted', content: json(HandoverSchema) }, 409: conflict, ...common } } },
    '/api/handovers/{id}/decline': { post: { summary: 'Decline with a reason; the sender stays responsible', parameters: alertId, requestBody: { required: true, content: input(DeclineHandoverSchema) }, responses: { 200: { description: 'Declined', content: json(HandoverSchema) }, 409: conflict, ...common } } },
    '/api/handovers/{id}/cancel': { post: { summary: 'The sender withdraws a pending handover', parameters: alertId, responses: { 200: { description: 'Cancelled', content: json(HandoverSchema) }, 409: conflict, ...common } } },
    '/api/questionnaires': { get: { summary: 'Questionnaires for the patient\u2019s programmes, with what is due today', parameters: query(QuestionnaireListQuerySchema), responses: { 200: { description: 'Questionnaires', content: json(QuestionnaireListSchema) }, ...common } } },
    '/api/questionnaires/{id}': { get: { summary: 'One questionnaire definition (items, options, scoring, triage)', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }, ...query(QuestionnaireQuerySchema)], responses: { 200: { description: 'Definition', content: json(QuestionnaireDefinitionSchema) }, ...common } } },
    '/api/questionnaire-responses': { post: { summary: 'Submit answers; scored and triaged like a reading; idempotent on the client id', requestBody: { required: true, content: input(QuestionnaireResponseInputSchema) }, responses: { 201: { description: 'Stored', content: json(QuestionnaireResponseSchema) }, 200: { description: 'A replay: the stored response', content: json(QuestionnaireResponseSchema) }, 409: error('The id was used for other answers'), ...common } } },
    '/api/admin/questionnaires': {
      get: { summary: 'Every questionnaire, built in and loaded, with each version and whether it is current, superseded or retired (administrators)', responses: { 200: { description: 'Questionnaires', content: json(AdminQuestionnaireListSchema) }, 401: common[401], 403: error('Not an administrator') } },
      post: {
        summary: 'Load licensed wording as a questionnaire definition (a new id, or a higher version of a loaded one); idempotent on id + version with the same content (administrators)',
        requestBody: { required: true, content: input(LoadQuestionnaireRequestSchema) },
        responses: { 201: { description: 'Loaded', content: json(AdminQuestionnaireVersionSchema) }, 200: { description: 'A replay: the stored version', content: json(AdminQuestionnaireVersionSchema) }, 400: common[400], 401: common[401], 403: error('Not an administrator'), 409: error('A built-in id, or the version exists with other content, or is not above the newest') },
      },
    },
    '/api/admin/questionnaires/{id}/versions/{version}/retire': {
      post: {
        summary: 'Retire a loaded version: answers given from now on are refused, stored answers keep it; retiring twice answers the same (administrators)',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }, { name: 'version', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }],
        responses: { 200: { description: 'Retired', content: json(AdminQuestionnaireVersionSchema) }, 400: error('A built-in questionnaire, or a bad id or version'), 401: common[401], 403: error('Not an administrator'), 404: error('Unknown questionnaire version') },
      },
    },
    '/api/patients/{patientId}/questionnaire-responses': { get: { summary: 'The patient\u2019s answered questionnaires, newest first', parameters: [uuidParam('patientId'), ...query(QuestionnaireResponseListQuerySchema)], responses: { 200: { description: 'Responses', content: json(QuestionnaireResponsePageSchema) }, ...common } } },
  };
}
