import { z } from 'zod';
import {
  AccessLogPageSchema,
  AccessLogQuerySchema,
  AlertListQuerySchema,
  AlertListSchema,
  ApiErrorSchema,
  ChangePasswordRequestSchema,
  LoginRequestSchema,
  LoginResponseSchema,
  MeasurementBatchResponseSchema,
  MeasurementBatchSchema,
  MeasurementInputSchema,
  MeasurementListQuerySchema,
  MeasurementPageSchema,
  MeasurementReviewSchema,
  MeasurementSchema,
  MessageInputSchema,
  MessageListQuerySchema,
  MessageReadInputSchema,
  MessageReadResultSchema,
  MessageSchema,
  MessageThreadSchema,
  PatientListQuerySchema,
  PatientListSchema,
  PatientSummarySchema,
  PauseInputSchema,
  PauseListSchema,
  PauseSchema,
  RelativeAcceptResultSchema,
  RelativeAcceptSchema,
  RelativeInvitationCodeSchema,
  RelativeInvitationInputSchema,
  RelativeListSchema,
  ReviewAllInputSchema,
  ReviewAllResultSchema,
  ReviewListQuerySchema,
  ReviewListSchema,
  ScheduleViewSchema,
  SharedPatientListSchema,
} from '@naer/shared';
import {
  ActivationRequestSchema,
  EnrolmentRequestSchema,
  EnrolmentResponseSchema,
  LimitPreviewRequestSchema,
  LimitPreviewSchema,
  LimitUpdateSchema,
  LimitVersionSchema,
  OrganisationListQuerySchema,
  OrganisationListSchema,
  PatientLimitsSchema,
  ReissuedActivationSchema,
} from '@naer/shared';

import { workflowPaths } from './openapi-workflow';

const json = (schema: z.ZodType) => ({ 'application/json': { schema: z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) } });
const input = (schema: z.ZodType) => ({ 'application/json': { schema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) } });
const error = (description: string) => ({ description, content: json(ApiErrorSchema) });

/** Query parameters from a zod object, so they cannot drift from the contract. */
function queryParameters(schema: z.ZodObject) {
  const jsonSchema = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(jsonSchema.properties ?? {}).map(([name, s]) => ({ name, in: 'query', required: jsonSchema.required?.includes(name) ?? false, schema: s }));
}

const patientIdParam = { name: 'patientId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const common = { 401: error('No session: log in first.'), 403: error('Not on the care team.'), 404: error('Unknown patient.') };

/** The OpenAPI 3.1 document, generated from the shared zod contracts on each request (cheap, never stale). */
export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: { title: 'Naer API', version: '1.0.0', description: 'Home monitoring for COPD and heart failure. Errors always have the shape { error: { code, message, details? } }.' },
    paths: {
      ...workflowPaths(),
      '/api/health': { get: { summary: 'Liveness and database engine', responses: { 200: { description: 'Ready', content: json(z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']) })) } } } },
      '/api/auth/login': {
        post: { summary: 'Log in; sets the httpOnly session cookie', requestBody: { required: true, content: input(LoginRequestSchema) }, responses: { 200: { description: 'Logged in', content: json(LoginResponseSchema) }, 400: error('Bad input'), 401: error('Wrong e-mail or password'), 403: error('Sent from another website'), 429: error('Too many failed logins for the account or the address; see Retry-After') } },
      },
      '/api/auth/logout': { post: { summary: 'Log out; revokes the session', responses: { 204: { description: 'Logged out' } } } },
      '/api/auth/password': {
        post: {
          summary: 'Change the password; ends every other session of the user (this one continues)',
          requestBody: { required: true, content: input(ChangePasswordRequestSchema) },
          responses: { 204: { description: 'Changed' }, 400: error('Bad input, or the current password is wrong'), 401: common[401], 429: error('Too many wrong passwords; see Retry-After') },
        },
      },
      '/api/auth/me': { get: { summary: 'The signed-in user', responses: { 200: { description: 'The user', content: json(LoginResponseSchema) }, 401: common[401] } } },
      '/api/measurements': {
        post: {
          summary: 'Submit one reading or a batch; idempotent on the client id',
          requestBody: { required: true, content: { 'application/json': { schema: { oneOf: [input(MeasurementInputSchema)['application/json'].schema, input(MeasurementBatchSchema)['application/json'].schema] } } } },
          responses: {
            201: { description: 'Stored (or the stored record on a replay)', content: { 'application/json': { schema: { oneOf: [json(MeasurementSchema)['application/json'].schema, json(MeasurementBatchResponseSchema)['application/json'].schema] } } } },
            400: error('Bad input: the message names the field'),
            409: error('The id was used for a different reading'),
            413: error('Body too large'),
            ...common,
          },
        },
      },
      '/api/patients': { get: { summary: 'Board: one page of the organisation\u2019s patients, most urgent first (status, then name), with counts per status; follow nextCursor for the rest', parameters: queryParameters(PatientListQuerySchema), responses: { 200: { description: 'A page of patients', content: json(PatientListSchema) }, 400: error('Bad limit, cursor or q'), 401: common[401], 403: common[403] } } },
      '/api/patients/{patientId}': { get: { summary: 'One patient\u2019s summary', parameters: [patientIdParam], responses: { 200: { description: 'Summary', content: json(PatientSummarySchema) }, ...common } } },
      '/api/patients/{patientId}/measurements': {
        get: { summary: 'A patient\u2019s readings, newest first, paginated', parameters: [patientIdParam, ...queryParameters(MeasurementListQuerySchema)], responses: { 200: { description: 'A page', content: json(MeasurementPageSchema) }, 400: error('Bad query'), ...common } },
      },
      '/api/alerts': {
        get: { summary: 'Open alerts, or every change after a cursor', parameters: queryParameters(AlertListQuerySchema), responses: { 200: { description: 'Alerts', content: json(AlertListSchema) }, 400: error('Bad cursor'), 401: common[401], 403: common[403] } },
      },
      '/api/patients/{patientId}/messages': {
        get: { summary: 'The newest page of the patient’s message thread, oldest first, with the caller’s unread count', parameters: [patientIdParam, ...queryParameters(MessageListQuerySchema)], responses: { 200: { description: 'A page', content: json(MessageThreadSchema) }, 400: error('Bad cursor or limit'), ...common } },
        post: {
          summary: 'Send a message (patient, relative with the messages grant, or the care team); idempotent on the client id',
          parameters: [patientIdParam],
          requestBody: { required: true, content: input(MessageInputSchema) },
          responses: { 201: { description: 'Sent', content: json(MessageSchema) }, 200: { description: 'A replay: the stored message', content: json(MessageSchema) }, 400: error('Bad input: the message names the field'), 409: error('The id was used for another message'), ...common },
        },
      },
      '/api/patients/{patientId}/messages/read': {
        post: { summary: 'Read receipts: everything from the other side up to a message', parameters: [patientIdParam], requestBody: { required: true, content: input(MessageReadInputSchema) }, responses: { 200: { description: 'Newly marked', content: json(MessageReadResultSchema) }, 400: error('Bad input'), ...common } },
      },
      '/api/patients/{patientId}/relatives': {
        get: { summary: 'Relatives with access, and invitations not used yet', parameters: [patientIdParam], responses: { 200: { description: 'Relatives', content: json(RelativeListSchema) }, ...common } },
      },
      '/api/patients/{patientId}/relatives/invitations': {
        post: { summary: 'The patient invites a relative: a one-time code valid 7 days', parameters: [patientIdParam], requestBody: { required: true, content: input(RelativeInvitationInputSchema) }, responses: { 201: { description: 'The code (shown once)', content: json(RelativeInvitationCodeSchema) }, 400: error('Bad input'), ...common } },
      },
      '/api/patients/{patientId}/relatives/invitations/{invitationId}/revoke': {
        post: { summary: 'The patient withdraws an unused invitation', parameters: [patientIdParam, { name: 'invitationId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }], responses: { 204: { description: 'Withdrawn' }, ...common } },
      },
      '/api/relatives/{grantId}/revoke': {
        post: { summary: 'The patient withdraws a relative’s access, effective at once (open sockets too)', parameters: [{ name: 'grantId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }], responses: { 204: { description: 'Withdrawn' }, 401: common[401], 403: error('Only the patient'), 404: error('Unknown grant') } },
      },
      '/api/relatives/me': {
        get: { summary: 'The patients who share data with the signed-in relative, and what', responses: { 200: { description: 'Shared patients', content: json(SharedPatientListSchema) }, 401: common[401], 403: error('Not a relative') } },
      },
      '/api/relatives/accept': {
        post: {
          summary: 'Accept an invitation: with a relative’s session, or e-mail and password (new accounts also a name); sets the session cookie',
          requestBody: { required: true, content: input(RelativeAcceptSchema) },
          responses: { 201: { description: 'Accepted', content: json(RelativeAcceptResultSchema) }, 400: error('Bad input: the message names the field'), 401: error('Wrong e-mail or password'), 403: error('Signed in with a patient or staff account'), 404: error('Unknown, used, withdrawn or expired code'), 409: error('E-mail taken, or the code was used meanwhile') },
        },
      },
      '/api/patients/{patientId}/schedule': {
        get: { summary: 'The patient\u2019s measurement schedules, the next scheduled times, the pause in force and any overdue reading', parameters: [patientIdParam], responses: { 200: { description: 'Schedule view', content: json(ScheduleViewSchema) }, ...common } },
      },
      '/api/patients/{patientId}/pauses': {
        get: { summary: 'The patient\u2019s monitoring pauses, newest first', parameters: [patientIdParam], responses: { 200: { description: 'Pauses', content: json(PauseListSchema) }, ...common } },
        post: { summary: 'Pause monitoring (no missing-reading alerts) until endsAt; clinicians on the care team', parameters: [patientIdParam], requestBody: { required: true, content: input(PauseInputSchema) }, responses: { 201: { description: 'Paused', content: json(PauseSchema) }, 400: error('Bad input: the message names the field'), 409: error('Overlaps another pause'), ...common } },
      },
      '/api/pauses/{pauseId}/cancel': {
        post: { summary: 'End a pause now, or call off a planned one; cancelling twice answers the same', parameters: [{ name: 'pauseId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }], responses: { 200: { description: 'Cancelled', content: json(PauseSchema) }, 409: error('The pause has already ended'), ...common } },
      },
      '/api/measurements/{measurementId}/review': {
        post: { summary: 'Mark a green or questionable reading reviewed, with who and when; idempotent', parameters: [{ name: 'measurementId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }], responses: { 200: { description: 'Reviewed', content: json(MeasurementReviewSchema) }, 400: error('A red or yellow reading is handled through its alert'), ...common } },
      },
      '/api/patients/{patientId}/measurements/review-all': {
        post: { summary: 'Mark every unreviewed green or questionable reading received up to upTo (default now) reviewed', parameters: [patientIdParam], requestBody: { required: false, content: input(ReviewAllInputSchema) }, responses: { 200: { description: 'Reviewed', content: json(ReviewAllResultSchema) }, 400: error('Bad input: the message names the field'), ...common } },
      },
      '/api/patients/{patientId}/reviews': {
        get: { summary: 'Reviews of readings measured since from, and how many green or questionable readings wait', parameters: [patientIdParam, ...queryParameters(ReviewListQuerySchema)], responses: { 200: { description: 'Reviews', content: json(ReviewListSchema) }, 400: error('Bad query'), ...common } },
      },
      '/api/patients/{patientId}/access-log': {
        get: { summary: '“Hvem har set mine data”: who touched the patient’s data, grouped per person, data and day (patient and administrators)', parameters: [patientIdParam, ...queryParameters(AccessLogQuerySchema)], responses: { 200: { description: 'A page (up to a week of days)', content: json(AccessLogPageSchema) }, 400: error('Bad cursor'), 401: common[401], 403: error('Only the patient and administrators'), 404: common[404] } },
      },
      '/api/organisations': {
        get: { summary: 'Organisations for the care-team picker, optionally of one type (clinicians)', parameters: queryParameters(OrganisationListQuerySchema), responses: { 200: { description: 'Organisations', content: json(OrganisationListSchema) }, 400: error('Bad type'), 401: common[401], 403: error('Not a clinician') } },
      },
      '/api/enrolments': {
        post: {
          summary: 'Enrol a new patient: programmes, care team, schedule, default limits and a one-time activation code, in one transaction (hospital clinicians)',
          requestBody: { required: true, content: input(EnrolmentRequestSchema) },
          responses: { 201: { description: 'Enrolled; the activation code is shown only in this answer', content: json(EnrolmentResponseSchema) }, 400: error('Bad input: the message names the field'), 401: common[401], 403: error('Not a hospital clinician') },
        },
      },
      '/api/patients/{patientId}/activation-code': {
        post: { summary: 'A new activation code for a patient who has not activated yet; earlier codes stop working', parameters: [patientIdParam], responses: { 201: { description: 'The new code (shown only here)', content: json(ReissuedActivationSchema) }, 409: error('The patient has already activated'), ...common } },
      },
      '/api/auth/activate': {
        post: {
          summary: 'Activate a patient account with the one-time code: sets e-mail and password and the session cookie',
          requestBody: { required: true, content: input(ActivationRequestSchema) },
          responses: { 201: { description: 'Activated and logged in', content: json(LoginResponseSchema) }, 400: error('Unknown, used or expired code (details[0].message says which), or bad input'), 409: error('The e-mail is used by another account') },
        },
      },
      '/api/patients/{patientId}/limits': {
        get: { summary: 'The limits in force per kind, and every version with who set it, when and why', parameters: [patientIdParam], responses: { 200: { description: 'Limits', content: json(PatientLimitsSchema) }, ...common } },
      },
      '/api/patients/{patientId}/limits/{kind}': {
        put: {
          summary: 'Save a new version of one kind’s limits (reason required; validFrom now or later); clinicians on the care team',
          parameters: [patientIdParam, { name: 'kind', in: 'path', required: true, schema: { type: 'string', enum: ['spo2', 'heart_rate', 'body_weight', 'blood_pressure', 'body_temperature'] } }],
          requestBody: { required: true, content: input(LimitUpdateSchema) },
          responses: { 200: { description: 'The new version', content: json(LimitVersionSchema) }, 400: error('Bad input: the message names the field'), 409: error('Someone else changed the limits since basedOn'), ...common },
        },
      },
      '/api/patients/{patientId}/limits/{kind}/preview': {
        post: {
          summary: 'What-if: the last 30 days’ readings of this kind triaged under the current and the proposed limits; saves nothing',
          parameters: [patientIdParam, { name: 'kind', in: 'path', required: true, schema: { type: 'string', enum: ['spo2', 'heart_rate', 'body_weight', 'blood_pressure', 'body_temperature'] } }],
          requestBody: { required: true, content: input(LimitPreviewRequestSchema) },
          responses: { 200: { description: 'Counts per level, old and new', content: json(LimitPreviewSchema) }, 400: error('Bad input: the message names the field'), ...common },
        },
      },
    },
  };
}
