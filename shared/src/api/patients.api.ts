import { z } from 'zod';
import {
  MeasurementBatchResponseSchema, MeasurementBatchSchema, MeasurementInputSchema, MeasurementListQuerySchema, MeasurementPageSchema, MeasurementReviewSchema, MeasurementSchema,
  PatientListQuerySchema, PatientListSchema, PatientSummarySchema, PauseInputSchema, PauseListSchema, PauseSchema, ReviewAllInputSchema, ReviewAllResultSchema,
  ReviewListQuerySchema, ReviewListSchema, ScheduleViewSchema,
} from '../contracts';
import { PatientParamsSchema, endpoint, uuidParam } from './endpoint';

/** One reading, or a batch of up to 100 (all or nothing). */
export const MeasurementSubmissionSchema = z.union([MeasurementInputSchema, MeasurementBatchSchema]);
/** Which of the two a body is: a batch has `measurements`. */
export const isMeasurementBatch = (body: unknown): body is { measurements: unknown } => typeof body === 'object' && body !== null && 'measurements' in body;

const CLINICAL = ['patient', 'relative', 'clinician', 'admin'] as const;
const RECORD = ['patient', 'clinician', 'admin'] as const;
// Pausing stops alerts: only an organisation that answers for the patient's alerts may do it.
const ALERT_OWNERS = ['red', 'yellow', 'missing'] as const;

export const patientsApi = {
  'patients.board': endpoint({
    method: 'GET', path: '/patients', summary: 'Board: one page of the organisation\u2019s patients, most urgent first (status, then name), with counts per status; follow nextCursor for the rest',
    query: PatientListQuerySchema, response: PatientListSchema, access: { roles: ['clinician', 'admin'], target: 'own', refusal: 'The patient list is for clinicians. Open your own page instead.' },
  }),
  'patients.summary': endpoint({ method: 'GET', path: '/patients/:patientId', summary: 'One patient\u2019s summary', params: PatientParamsSchema, response: PatientSummarySchema, access: { resource: 'patient', roles: RECORD, target: 'patient' } }),
  'patients.schedule': endpoint({
    method: 'GET', path: '/patients/:patientId/schedule', summary: 'The patient\u2019s measurement schedules, the next scheduled times, the pause in force and any overdue reading',
    params: PatientParamsSchema, response: ScheduleViewSchema, access: { resource: 'schedule', roles: RECORD, target: 'patient' },
  }),
  'measurements.submit': endpoint({
    method: 'POST', path: '/measurements', summary: 'Submit one reading or a batch; idempotent on the client id', body: MeasurementSubmissionSchema, bodyVariant: (body) => (isMeasurementBatch(body) ? MeasurementBatchSchema : MeasurementInputSchema),
    response: z.union([MeasurementSchema, MeasurementBatchResponseSchema]), status: 201,
    access: { resource: 'measurement', roles: ['patient', 'clinician'], target: 'patient' }, errors: { 409: 'The id was used for a different reading', 413: 'Body too large' },
  }),
  'measurements.list': endpoint({
    method: 'GET', path: '/patients/:patientId/measurements', summary: 'A patient\u2019s readings, newest first, paginated', params: PatientParamsSchema, query: MeasurementListQuerySchema,
    response: MeasurementPageSchema, access: { resource: 'measurement', roles: CLINICAL, target: 'patient', relativeScope: 'readings' },
  }),
  'reviews.list': endpoint({
    method: 'GET', path: '/patients/:patientId/reviews', summary: 'Reviews of readings measured since from (with reviewers), and how many green or questionable readings wait',
    params: PatientParamsSchema, query: ReviewListQuerySchema, response: ReviewListSchema, access: { resource: 'review', roles: RECORD, target: 'patient' },
  }),
  'reviews.one': endpoint({
    method: 'POST', path: '/measurements/:measurementId/review', summary: 'Mark a green or questionable reading reviewed, with who and when; idempotent',
    params: z.object({ measurementId: uuidParam('measurementId', 'a reading') }), response: MeasurementReviewSchema,
    access: { resource: 'review', roles: ['clinician'], target: 'patient' }, errors: { 400: 'A red or yellow reading is handled through its alert' },
  }),
  'reviews.all': endpoint({
    method: 'POST', path: '/patients/:patientId/measurements/review-all', summary: 'Mark every unreviewed green or questionable reading received up to upTo (default now) reviewed',
    params: PatientParamsSchema, body: ReviewAllInputSchema, bodyOptional: true, response: ReviewAllResultSchema, access: { resource: 'review', roles: ['clinician'], target: 'patient' },
  }),
  'pauses.list': endpoint({ method: 'GET', path: '/patients/:patientId/pauses', summary: 'The patient\u2019s monitoring pauses, newest first', params: PatientParamsSchema, response: PauseListSchema, access: { resource: 'pause', roles: RECORD, target: 'patient' } }),
  'pauses.create': endpoint({
    method: 'POST', path: '/patients/:patientId/pauses', summary: 'Pause monitoring (no missing-reading alerts) until endsAt; clinicians whose organisation answers for the patient\u2019s alerts',
    params: PatientParamsSchema, body: PauseInputSchema, response: PauseSchema, status: 201,
    access: { resource: 'pause', roles: ['clinician'], target: 'patient', responsibility: ALERT_OWNERS }, errors: { 409: 'Overlaps another pause' },
  }),
  'pauses.cancel': endpoint({
    method: 'POST', path: '/pauses/:pauseId/cancel', summary: 'End a pause now, or call off a planned one; cancelling twice answers the same',
    params: z.object({ pauseId: uuidParam('pauseId', 'a pause') }), response: PauseSchema,
    access: { resource: 'pause', roles: ['clinician'], target: 'patient', responsibility: ALERT_OWNERS }, errors: { 409: 'The pause has already ended' },
  }),
};
