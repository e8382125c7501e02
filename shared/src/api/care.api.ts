import {
  EnrolmentRequestSchema, EnrolmentResponseSchema, LimitKindParamSchema, LimitPreviewRequestSchema, LimitPreviewSchema, LimitUpdateSchema, LimitVersionSchema,
  OrganisationListQuerySchema, OrganisationListSchema, PatientLimitsSchema, ReissuedActivationSchema,
} from '../contracts';
import { PatientParamsSchema, endpoint } from './endpoint';

const LimitParams = PatientParamsSchema.extend(LimitKindParamSchema.shape);

export const careApi = {
  'limits.list': endpoint({
    method: 'GET', path: '/patients/:patientId/limits', summary: 'The limits in force per kind, and every version with who set it, when and why', params: PatientParamsSchema,
    response: PatientLimitsSchema, access: { roles: ['patient', 'clinician', 'admin'], target: 'patient' },
  }),
  'limits.update': endpoint({
    method: 'PUT', path: '/patients/:patientId/limits/:kind', summary: 'Save a new version of one kind\u2019s limits (reason required; validFrom now or later); clinicians whose organisation answers for limits',
    params: LimitParams, body: LimitUpdateSchema, response: LimitVersionSchema,
    access: { roles: ['clinician'], target: 'patient', responsibility: ['limits'] }, errors: { 409: 'Someone else changed the limits since basedOn' },
  }),
  'limits.preview': endpoint({
    method: 'POST', path: '/patients/:patientId/limits/:kind/preview', summary: 'What-if: the last 30 days\u2019 readings of this kind triaged under the current and the proposed limits; saves nothing',
    params: LimitParams, body: LimitPreviewRequestSchema, response: LimitPreviewSchema, access: { roles: ['clinician'], target: 'patient' },
  }),
  'enrolment.organisations': endpoint({
    method: 'GET', path: '/organisations', summary: 'Organisations for the care-team picker, optionally of one type (clinicians)', query: OrganisationListQuerySchema,
    response: OrganisationListSchema, access: { roles: ['clinician'], target: 'none' },
  }),
  'enrolment.enrol': endpoint({
    method: 'POST', path: '/enrolments', summary: 'Enrol a new patient: programmes, care team, schedule, default limits and a one-time activation code, in one transaction (hospital clinicians)',
    body: EnrolmentRequestSchema, response: EnrolmentResponseSchema, status: 201, access: { roles: ['clinician'], target: 'none' }, errors: { 403: 'Not a hospital clinician' },
  }),
  'enrolment.activationCode': endpoint({
    method: 'POST', path: '/patients/:patientId/activation-code', summary: 'A new activation code for a patient who has not activated yet; earlier codes stop working (the programme lead or the home nurse)',
    params: PatientParamsSchema, response: ReissuedActivationSchema, status: 201,
    access: { roles: ['clinician'], target: 'patient', responsibility: ['limits', 'home_visit'] }, errors: { 409: 'The patient has already activated' },
  }),
};
