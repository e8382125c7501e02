import { z } from 'zod';
import {
  AccessLogPageSchema, AccessLogQuerySchema, MessageInputSchema, MessageListQuerySchema, MessageReadInputSchema, MessageReadResultSchema, MessageSchema, MessageThreadSchema,
  RelativeAcceptResultSchema, RelativeAcceptSchema, RelativeInvitationCodeSchema, RelativeInvitationInputSchema, RelativeListSchema, SharedPatientListSchema,
} from '../contracts';
import { PatientParamsSchema, endpoint, uuidParam } from './endpoint';

const THREAD = ['patient', 'relative', 'clinician', 'admin'] as const;
const PATIENT_ONLY = 'Only the patient can invite relatives or withdraw their access. Ask the patient to do it in the Naer app.';
const OWN_COPY = {
  resource: 'export', roles: ['patient', 'admin'], target: 'patient',
  refusal: 'Only the patient (and administrators) can download the patient\u2019s copy. Clinicians read the data in Naer or over FHIR; a relative can ask the patient for a copy.',
} as const;

export const peopleApi = {
  'messages.thread': endpoint({
    method: 'GET', path: '/patients/:patientId/messages', summary: 'The newest page of the patient\u2019s message thread, oldest first, with the caller\u2019s unread count',
    params: PatientParamsSchema, query: MessageListQuerySchema, response: MessageThreadSchema, access: { resource: 'message', roles: THREAD, target: 'patient', relativeScope: 'messages' },
  }),
  'messages.send': endpoint({
    method: 'POST', path: '/patients/:patientId/messages', summary: 'Send a message (patient, relative with the messages grant, or the care team); idempotent on the client id (a replay answers 200)',
    params: PatientParamsSchema, body: MessageInputSchema, response: MessageSchema, status: 201,
    access: { resource: 'message', roles: ['patient', 'relative', 'clinician'], target: 'patient', relativeScope: 'messages' }, errors: { 409: 'The id was used for another message' },
  }),
  'messages.read': endpoint({
    method: 'POST', path: '/patients/:patientId/messages/read', summary: 'Read receipts: everything from the other side up to a message (administrators read without leaving one)',
    params: PatientParamsSchema, body: MessageReadInputSchema, response: MessageReadResultSchema, access: { resource: 'message', roles: THREAD, target: 'patient', relativeScope: 'messages' },
  }),
  'relatives.list': endpoint({
    method: 'GET', path: '/patients/:patientId/relatives', summary: 'Relatives with access, and invitations not used yet', params: PatientParamsSchema, response: RelativeListSchema,
    access: { resource: 'relative_grant', roles: ['patient', 'clinician', 'admin'], target: 'patient' },
  }),
  'relatives.invite': endpoint({
    method: 'POST', path: '/patients/:patientId/relatives/invitations', summary: 'The patient invites a relative: a one-time code valid 7 days', params: PatientParamsSchema,
    body: RelativeInvitationInputSchema, response: RelativeInvitationCodeSchema, status: 201, access: { resource: 'invitation', roles: ['patient'], target: 'patient', refusal: PATIENT_ONLY },
  }),
  'relatives.cancelInvitation': endpoint({
    method: 'POST', path: '/patients/:patientId/relatives/invitations/:invitationId/revoke', summary: 'The patient withdraws an unused invitation',
    params: PatientParamsSchema.extend({ invitationId: uuidParam('invitationId', 'an invitation') }), status: 204, access: { resource: 'invitation', roles: ['patient'], target: 'patient', refusal: PATIENT_ONLY },
  }),
  'relatives.revoke': endpoint({
    method: 'POST', path: '/relatives/:grantId/revoke', summary: 'The patient withdraws a relative\u2019s access, effective at once (open sockets too)',
    params: z.object({ grantId: uuidParam('grantId', 'a relative\u2019s access') }), status: 204, access: { resource: 'relative_grant', roles: ['patient'], target: 'patient', refusal: PATIENT_ONLY },
  }),
  'relatives.mine': endpoint({ method: 'GET', path: '/relatives/me', summary: 'The patients who share data with the signed-in relative, and what', response: SharedPatientListSchema,
    access: { roles: ['relative'], target: 'own', refusal: 'This list is for relatives. Patients and clinicians start from their own pages.' } }),
  'relatives.accept': endpoint({
    method: 'POST', path: '/relatives/accept', summary: 'Accept an invitation: with a relative\u2019s session, or e-mail and password (new accounts also a name); sets the session cookie',
    body: RelativeAcceptSchema, response: RelativeAcceptResultSchema, status: 201, access: { roles: 'public', target: 'none' },
    errors: { 401: 'Wrong e-mail or password', 403: 'Signed in with a patient or staff account', 404: 'Unknown, used, withdrawn or expired code', 409: 'E-mail taken, or the code was used meanwhile' },
  }),
  'export.fhir': endpoint({
    method: 'GET', path: '/patients/:patientId/export.json', summary: 'The patient\u2019s copy for another system: everything Naer holds about the patient as a FHIR R4 collection Bundle (application/fhir+json, a download). Audited',
    params: PatientParamsSchema, response: z.string(), produces: 'application/fhir+json', access: OWN_COPY,
  }),
  'export.summary': endpoint({
    method: 'GET', path: '/patients/:patientId/export.html', summary: 'The patient\u2019s readable copy: everything Naer holds about the patient as one self-contained Danish HTML page (a download). Audited',
    params: PatientParamsSchema, response: z.string(), produces: 'text/html', access: OWN_COPY,
  }),
  'accessLog.page': endpoint({
    method: 'GET', path: '/patients/:patientId/access-log', summary: '\u201cHvem har set mine data\u201d: who touched the patient\u2019s data, grouped per person, data and day (patient and administrators)',
    params: PatientParamsSchema, query: AccessLogQuerySchema, response: AccessLogPageSchema,
    access: { resource: 'access_log', roles: ['patient', 'admin'], target: 'patient', refusal: 'Only the patient and administrators can see who has looked at a patient\u2019s data. The patient can show you the log in their app.' },
  }),
};
