import { NoteCreatedSchema, NoteInputSchema, NoteListSchema, PatientOverviewQuerySchema, PatientOverviewSchema, VisitInputSchema, VisitListSchema, VisitRecordedSchema } from '../contracts';
import { PatientParamsSchema, endpoint } from './endpoint';

const TEAM_ONLY = 'Only clinicians on the patient\u2019s care team can do this.';

/** The clinicians' working tools: the patient overview, home visits with TOBS/NEWS2, care-team notes. */
export const clinicalApi = {
  'patients.overview': endpoint({
    method: 'GET', path: '/patients/:patientId/overview', summary: 'The patient overview\u2019s data for 7, 30 or 90 days: every reading, questionnaire answers with scores, and the alert timeline with who did what',
    params: PatientParamsSchema, query: PatientOverviewQuerySchema, response: PatientOverviewSchema,
    access: { resource: 'overview', roles: ['clinician', 'admin'], target: 'patient', refusal: 'The patient overview is for the patient\u2019s care team. Your own data is under "Mine data".' },
  }),
  'visits.record': endpoint({
    method: 'POST', path: '/patients/:patientId/visits', summary: 'Record a home visit\u2019s vital signs: TOBS and NEWS2 are computed and triaged, each sign is stored as a reading; idempotent on the client id (organisations answering for home visits or acute care)',
    params: PatientParamsSchema, body: VisitInputSchema, response: VisitRecordedSchema, status: 201,
    access: { resource: 'visit', roles: ['clinician'], target: 'patient', responsibility: ['home_visit', 'acute'], refusal: 'Only clinicians whose organisation makes home visits or acute visits for this patient can record a visit.' },
    errors: { 409: 'The id was used for a different visit' },
  }),
  'visits.list': endpoint({
    method: 'GET', path: '/patients/:patientId/visits', summary: 'The patient\u2019s visits with TOBS and NEWS2, newest first',
    params: PatientParamsSchema, response: VisitListSchema, access: { resource: 'visit', roles: ['clinician', 'admin'], target: 'patient', refusal: TEAM_ONLY },
  }),
  'notes.list': endpoint({
    method: 'GET', path: '/patients/:patientId/notes', summary: 'Care-team notes, newest first: author, organisation and time',
    params: PatientParamsSchema, response: NoteListSchema, access: { resource: 'note', roles: ['clinician'], target: 'patient', refusal: TEAM_ONLY },
  }),
  'notes.add': endpoint({
    method: 'POST', path: '/patients/:patientId/notes', summary: 'Write a short note every sector on the care team reads; idempotent on the client id',
    params: PatientParamsSchema, body: NoteInputSchema, response: NoteCreatedSchema, status: 201, access: { resource: 'note', roles: ['clinician'], target: 'patient', refusal: TEAM_ONLY },
    errors: { 409: 'The id was used for a different note' },
  }),
};
