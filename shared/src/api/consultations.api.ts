import {
  AdHocCallInputSchema, ConsultationCreatedSchema, ConsultationInputSchema, ConsultationInviteesSchema, ConsultationListQuerySchema, ConsultationListSchema, ConsultationMoveSchema, ConsultationParamsSchema, ConsultationSummaryInputSchema,
} from '../contracts';
import { PatientParamsSchema, endpoint } from './endpoint';

const PARTICIPANTS = 'Only the consultation\u2019s participants can see it.';

/** Video consultations: booking, moving, cancelling, the summary afterwards. The call itself is WebRTC with Socket.IO signalling. */
export const consultationsApi = {
  'consultations.book': endpoint({
    method: 'POST', path: '/consultations', summary: 'Book a video consultation with the patient, relatives the patient shares consultations with, and clinicians on the care team (organisations answering for consultations)',
    body: ConsultationInputSchema, response: ConsultationCreatedSchema, status: 201,
    access: { resource: 'consultation', roles: ['clinician'], target: 'patient', responsibility: ['consultation'], refusal: 'Only clinicians on the patient\u2019s care team can book a video consultation.' },
  }),
  'consultations.callOrganisation': endpoint({
    method: 'POST', path: '/patients/:patientId/calls', summary: 'Call an organisation on the patient\u2019s care team now (specialist advice): every online clinician there sees it ring, and one takes it',
    params: PatientParamsSchema, body: AdHocCallInputSchema, response: ConsultationCreatedSchema, status: 201, access: { resource: 'consultation', roles: ['clinician'], target: 'patient' },
  }),
  'consultations.take': endpoint({
    method: 'POST', path: '/consultations/:id/take', summary: 'Take a ringing call to your organisation; the first to take it joins, the others see it taken', params: ConsultationParamsSchema,
    response: ConsultationCreatedSchema, access: { resource: 'consultation', roles: ['clinician'], target: 'patient', refusal: 'Only clinicians of the organisation that was called can take the call.' },
    errors: { 409: 'A colleague took the call already' },
  }),
  'consultations.invitees': endpoint({
    method: 'GET', path: '/patients/:patientId/consultation-invitees', summary: 'Who can be invited to a consultation about the patient: the patient, relatives the patient shares consultations with, clinicians on the care team',
    params: PatientParamsSchema, response: ConsultationInviteesSchema, access: { resource: 'consultation', roles: ['clinician'], target: 'patient' },
  }),
  'consultations.list': endpoint({
    method: 'GET', path: '/consultations', summary: 'The caller\u2019s consultations (as a participant) between from and to, soonest first',
    query: ConsultationListQuerySchema, response: ConsultationListSchema, access: { resource: 'consultation', roles: ['patient', 'relative', 'clinician'], target: 'own' },
  }),
  'consultations.detail': endpoint({
    method: 'GET', path: '/consultations/:id', summary: 'One consultation (its participants)', params: ConsultationParamsSchema,
    response: ConsultationCreatedSchema, access: { resource: 'consultation', roles: ['patient', 'relative', 'clinician'], target: 'patient', relativeScope: 'consultations', refusal: PARTICIPANTS },
  }),
  'consultations.move': endpoint({
    method: 'POST', path: '/consultations/:id/move', summary: 'Move a consultation to another time (a clinician taking part)', params: ConsultationParamsSchema,
    body: ConsultationMoveSchema, response: ConsultationCreatedSchema, access: { resource: 'consultation', roles: ['clinician'], target: 'patient', refusal: PARTICIPANTS },
  }),
  'consultations.cancel': endpoint({
    method: 'POST', path: '/consultations/:id/cancel', summary: 'Cancel a consultation (a clinician taking part); invitees see it at once', params: ConsultationParamsSchema,
    response: ConsultationCreatedSchema, access: { resource: 'consultation', roles: ['clinician'], target: 'patient', refusal: PARTICIPANTS },
  }),
  'consultations.summary': endpoint({
    method: 'POST', path: '/consultations/:id/summary', summary: 'What was agreed, afterwards: stored on the consultation (the patient reads it) and as a care-team note', params: ConsultationParamsSchema,
    body: ConsultationSummaryInputSchema, response: ConsultationCreatedSchema, access: { resource: 'consultation', roles: ['clinician'], target: 'patient', refusal: PARTICIPANTS },
  }),
};
