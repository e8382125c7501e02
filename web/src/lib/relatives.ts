import type { RelativeAccept, RelativeScope } from '@naer/shared/contracts';
import { call } from './api';

/** Relatives: the patient's invitations and withdrawals, and the relative's own side. */
export const relativesApi = {
  list: (patientId: string) => call('relatives.list', { params: { patientId } }),
  invite: (patientId: string, scopes: RelativeScope[], notifyRed: boolean) => call('relatives.invite', { params: { patientId }, body: { scopes, notifyRed } }),
  cancelInvitation: (patientId: string, invitationId: string) => call('relatives.cancelInvitation', { params: { patientId, invitationId } }),
  revoke: (grantId: string) => call('relatives.revoke', { params: { grantId } }),
  mine: () => call('relatives.mine'),
  accept: (input: RelativeAccept) => call('relatives.accept', { body: input }, { quiet401: true }),
};
