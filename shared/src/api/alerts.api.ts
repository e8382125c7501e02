import { z } from 'zod';
import {
  AlertDetailSchema, AlertListQuerySchema, AlertListSchema, AlertSchema, CareTeamSchema, DeclineHandoverSchema, HandoverListQuerySchema, HandoverListSchema,
  HandoverRequestSchema, HandoverSchema, PatientStatusQuerySchema, PatientStatusSchema, ResolveAlertSchema,
} from '../contracts';
import { PatientParamsSchema, endpoint, uuidParam } from './endpoint';

const AlertParams = z.object({ id: uuidParam('id', 'an alert') });
const HandoverParams = z.object({ id: uuidParam('id', 'a handover') });
const changed = 'The alert or handover changed meanwhile (e.g. someone else owns it); reload and try again.';

export const alertsApi = {
  'alerts.list': endpoint({
    method: 'GET', path: '/alerts', summary: 'Open alerts, or every change after a cursor (resync)', query: AlertListQuerySchema, response: AlertListSchema,
    access: { roles: ['patient', 'clinician', 'admin'], target: 'own' },
  }),
  'alerts.detail': endpoint({ method: 'GET', path: '/alerts/:id', summary: 'One alert with its timeline, owner and pending handover', params: AlertParams, response: AlertDetailSchema,
    access: { resource: 'alert', roles: ['clinician', 'admin'], target: 'patient', refusal: 'Alert details are for the care team. Your own page shows what happens with your readings.' },
  }),
  'alerts.claim': endpoint({ method: 'POST', path: '/alerts/:id/claim', summary: 'Take the alert: you become its one owner', params: AlertParams, response: AlertSchema, access: { resource: 'alert', roles: ['clinician'], target: 'patient' }, errors: { 409: changed } }),
  'alerts.release': endpoint({
    method: 'POST', path: '/alerts/:id/release', summary: 'Let go of an alert you own (back to open; a red restarts its claim deadline)', params: AlertParams, response: AlertSchema,
    access: { resource: 'alert', roles: ['clinician'], target: 'patient' }, errors: { 409: changed },
  }),
  'alerts.resolve': endpoint({
    method: 'POST', path: '/alerts/:id/resolve', summary: 'Resolve with an outcome and an optional note', params: AlertParams, body: ResolveAlertSchema, response: AlertSchema,
    access: { resource: 'alert', roles: ['clinician'], target: 'patient' }, errors: { 409: changed },
  }),
  'alerts.handover': endpoint({
    method: 'POST', path: '/alerts/:id/handover', summary: 'Ask another organisation on the care team to take the alert; you stay responsible until it accepts',
    params: AlertParams, body: HandoverRequestSchema, response: HandoverSchema, status: 201, access: { resource: 'alert', roles: ['clinician'], target: 'patient' }, errors: { 409: changed },
  }),
  'alerts.patientStatus': endpoint({
    method: 'GET', path: '/patients/:patientId/status', summary: 'What happens with the patient\u2019s alerts, in plain language for the patient', params: PatientParamsSchema,
    query: PatientStatusQuerySchema, response: PatientStatusSchema, access: { resource: 'alert_status', roles: ['patient', 'relative', 'clinician', 'admin'], target: 'patient', relativeScope: 'alerts' },
  }),
  'handovers.followUp': endpoint({
    method: 'POST', path: '/patients/:patientId/handover', summary: 'Hand over the patient\u2019s follow-up', params: PatientParamsSchema, body: HandoverRequestSchema, response: HandoverSchema,
    status: 201, access: { resource: 'handover', roles: ['clinician'], target: 'patient' }, errors: { 409: changed },
  }),
  'handovers.careTeam': endpoint({
    method: 'GET', path: '/patients/:patientId/care-team', summary: 'The organisations on the patient\u2019s care team and what each answers for', params: PatientParamsSchema,
    response: CareTeamSchema, access: { resource: 'care_team', roles: ['patient', 'clinician', 'admin'], target: 'patient' },
  }),
  'handovers.list': endpoint({ method: 'GET', path: '/handovers', summary: 'Handovers to and from my organisation', query: HandoverListQuerySchema, response: HandoverListSchema,
    access: { roles: ['clinician', 'admin'], target: 'own', refusal: 'Handovers are for clinicians on a care team.' },
  }),
  'handovers.accept': endpoint({
    method: 'POST', path: '/handovers/:id/accept', summary: 'Accept: ownership moves to you and your organisation', params: HandoverParams, response: HandoverSchema,
    access: { resource: 'handover', roles: ['clinician'], target: 'patient' }, errors: { 409: changed },
  }),
  'handovers.decline': endpoint({
    method: 'POST', path: '/handovers/:id/decline', summary: 'Decline with a reason; the sender stays responsible', params: HandoverParams, body: DeclineHandoverSchema, response: HandoverSchema,
    access: { resource: 'handover', roles: ['clinician'], target: 'patient' }, errors: { 409: changed },
  }),
  'handovers.cancel': endpoint({
    method: 'POST', path: '/handovers/:id/cancel', summary: 'The sender withdraws a pending handover', params: HandoverParams, response: HandoverSchema,
    access: { resource: 'handover', roles: ['clinician'], target: 'patient' }, errors: { 409: changed },
  }),
};
