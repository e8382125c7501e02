import {
  EnrolmentRequestSchema, EnrolmentResponseSchema, LimitKindParamSchema, LimitPreviewRequestSchema, LimitPreviewSchema, LimitUpdateSchema, LimitVersionSchema,
  OrganisationListQuerySchema, OrganisationListSchema, PatientLimitsSchema, ReissuedActivationSchema, VisitThresholdsSchema, VisitThresholdsUpdateSchema,
} from '../contracts';
import { PatientParamsSchema, endpoint } from './endpoint';

const LimitParams = PatientParamsSchema.extend(LimitKindParamSchema.shape);
const LIMITS_REFUSAL = 'Only clinicians on the patient\u2019s care team can change limits. Contact the care team if the limits look wrong.';

export const careApi = {
  'limits.list': endpoint({
    method: 'GET', path: '/patients/:patientId/limits', summary: 'The limits in force per kind, and every version with who set it, when and why', params: PatientParamsSchema,
    response: PatientLimitsSchema, access: { resource: 'limits', roles: ['patient', 'clinician', 'admin'], target: 'patient' },
  }),
  'limits.update': endpoint({
    method: 'PUT', path: '/patients/:patientId/limits/:kind', summary: 'Save a new version of one kind\u2019s limits (reason required; validFrom now or later); clinicians whose organisation answers for limits',
    params: LimitParams, body: LimitUpdateSchema, response: LimitVersionSchema,
    access: { resource: 'limits', roles: ['clinician'], target: 'patient', responsibility: ['limits'], refusal: LIMITS_REFUSAL }, errors: { 409: 'Someone else changed the limits since basedOn' },
  }),
  'limits.preview': endpoint({
    method: 'POST', path: '/patients/:patientId/limits/:kind/preview', summary: 'What-if: the last 30 days\u2019 readings of this kind triaged under the current and the proposed limits; saves nothing',
    params: LimitParams, body: LimitPreviewRequestSchema, response: LimitPreviewSchema, access: { resource: 'limits_preview', roles: ['clinician'], target: 'patient', refusal: LIMITS_REFUSAL },
  }),
  'limits.visitThresholds': endpoint({
    method: 'PUT', path: '/patients/:patientId/visit-thresholds', summary: 'Tighten the TOBS/NEWS2 totals at which this patient\u2019s nurse visits turn yellow or red (never looser than the national ones; reason required); clinicians whose organisation answers for limits',
    params: PatientParamsSchema, body: VisitThresholdsUpdateSchema, response: VisitThresholdsSchema,
    access: { resource: 'limits', roles: ['clinician'], target: 'patient', responsibility: ['limits'], refusal: LIMITS_REFUSAL },
  }),
  'enrolment.organisations': endpoint({
    method: 'GET', path: '/organisations', summary: 'Organisations for the care-team picker and the dashboard filters, optionally of one type (clinicians and administrators)', query: OrganisationListQuerySchema,
    response: OrganisationListSchema, access: { roles: ['clinician', 'admin'], target: 'none', refusal: 'The organisation list is for clinicians and administrators.' },
  }),
  'enrolment.enrol': endpoint({
    method: 'POST', path: '/enrolments', summary: 'Enrol a new patient: programmes, care team, schedule, default limits and a one-time activation code, in one transaction (hospital clinicians)',
    body: EnrolmentRequestSchema, response: EnrolmentResponseSchema, status: 201,
    access: { resource: 'enrolment', roles: ['clinician'], target: 'none', refusal: 'Only clinicians at a hospital department can enrol patients. Ask the hospital department that follows the patient to enrol them.' }, errors: { 403: 'Not a hospital clinician' },
  }),
  'enrolment.activationCode': endpoint({
    method: 'POST', path: '/patients/:patientId/activation-code', summary: 'A new activation code for a patient who has not activated yet; earlier codes stop working (the organisation answering for red alerts or limits, or the home nurse)',
    params: PatientParamsSchema, response: ReissuedActivationSchema, status: 201,
    access: { resource: 'activation_code', roles: ['clinician'], target: 'patient', responsibility: ['red', 'limits', 'home_visit'], refusal: 'Only clinicians on the patient\u2019s care team can issue an activation code.' }, errors: { 409: 'The patient has already activated' },
  }),
};
