import type { RelativeAccept, RelativeAcceptResult, RelativeInvitationCode, RelativeList, RelativeScope, SharedPatient } from '@naer/shared/contracts';
import { request } from './api';

const forPatient = (patientId: string) => `/api/patients/${encodeURIComponent(patientId)}/relatives`;

/** Relatives: the patient's invitations and withdrawals, and the relative's own side. */
export const relativesApi = {
  list: (patientId: string) => request<RelativeList>('GET', forPatient(patientId)),
  invite: (patientId: string, scopes: RelativeScope[], notifyRed: boolean) =>
    request<RelativeInvitationCode>('POST', `${forPatient(patientId)}/invitations`, { body: { scopes, notifyRed } }),
  cancelInvitation: (patientId: string, invitationId: string) =>
    request<void>('POST', `${forPatient(patientId)}/invitations/${encodeURIComponent(invitationId)}/revoke`),
  revoke: (grantId: string) => request<void>('POST', `/api/relatives/${encodeURIComponent(grantId)}/revoke`),
  mine: () => request<{ items: SharedPatient[] }>('GET', '/api/relatives/me'),
  accept: (input: RelativeAccept) => request<RelativeAcceptResult>('POST', '/api/relatives/accept', { body: input, quiet401: true }),
};
