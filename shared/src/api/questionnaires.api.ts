import {
  AdminQuestionnaireListSchema, AdminQuestionnaireVersionSchema, LoadQuestionnaireRequestSchema, QuestionnaireListQuerySchema, QuestionnaireListSchema, QuestionnaireParamsSchema,
  QuestionnaireQuerySchema, QuestionnaireResponseInputSchema, QuestionnaireResponseListQuerySchema, QuestionnaireResponsePageSchema, QuestionnaireResponseSchema,
  QuestionnaireVersionParamsSchema,
} from '../contracts';
import { QuestionnaireDefinitionSchema } from '../domain';
import { PatientParamsSchema, endpoint } from './endpoint';

const ADMIN = ['admin'] as const;
const ADMIN_ONLY = 'Only administrators manage questionnaire definitions.';

export const questionnairesApi = {
  'questionnaires.list': endpoint({
    method: 'GET', path: '/questionnaires', summary: 'Questionnaires for the patient\u2019s programmes, with what is due today (?patientId for someone else\u2019s; without, every questionnaire)',
    query: QuestionnaireListQuerySchema, response: QuestionnaireListSchema, access: { resource: 'questionnaire', roles: ['patient', 'clinician', 'admin'], target: 'patient' },
  }),
  'questionnaires.definition': endpoint({
    method: 'GET', path: '/questionnaires/:id', summary: 'One questionnaire definition (items, options, scoring, triage); not patient data',
    params: QuestionnaireParamsSchema, query: QuestionnaireQuerySchema, response: QuestionnaireDefinitionSchema, access: { roles: ['patient', 'relative', 'clinician', 'admin'], target: 'none' },
  }),
  'questionnaires.answer': endpoint({
    method: 'POST', path: '/questionnaire-responses', summary: 'Submit answers to a questionnaire of the patient\u2019s programmes; scored and triaged like a reading; idempotent on the client id (a replay answers 200)',
    body: QuestionnaireResponseInputSchema, response: QuestionnaireResponseSchema, status: 201, access: { resource: 'questionnaire', roles: ['patient', 'clinician'], target: 'patient' },
    errors: { 409: 'The id was used for other answers' },
  }),
  'questionnaires.responses': endpoint({
    method: 'GET', path: '/patients/:patientId/questionnaire-responses', summary: 'The patient\u2019s answered questionnaires, newest first (not shared with relatives)',
    params: PatientParamsSchema, query: QuestionnaireResponseListQuerySchema, response: QuestionnaireResponsePageSchema, access: { resource: 'questionnaire', roles: ['patient', 'clinician', 'admin'], target: 'patient' },
  }),
  'admin.questionnaires': endpoint({
    method: 'GET', path: '/admin/questionnaires', summary: 'Every questionnaire, built in and loaded, with each version and whether it is current, superseded or retired (administrators)',
    response: AdminQuestionnaireListSchema, access: { roles: ADMIN, target: 'none', refusal: ADMIN_ONLY },
  }),
  'admin.loadQuestionnaire': endpoint({
    method: 'POST', path: '/admin/questionnaires', summary: 'Load licensed wording as a questionnaire definition (a new id, or a higher version of a loaded one); idempotent on id + version with the same content (a replay answers 200)',
    body: LoadQuestionnaireRequestSchema, response: AdminQuestionnaireVersionSchema, status: 201, access: { roles: ADMIN, target: 'none', refusal: ADMIN_ONLY },
    errors: { 409: 'A built-in id, or the version exists with other content, or is not above the newest' },
  }),
  'admin.retireQuestionnaire': endpoint({
    method: 'POST', path: '/admin/questionnaires/:id/versions/:version/retire', summary: 'Retire a loaded version: answers given from now on are refused, stored answers keep it; retiring twice answers the same (administrators)',
    params: QuestionnaireVersionParamsSchema, response: AdminQuestionnaireVersionSchema, access: { roles: ADMIN, target: 'none', refusal: ADMIN_ONLY }, errors: { 404: 'Unknown questionnaire version' },
  }),
};

