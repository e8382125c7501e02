import type { Alert, Handover } from '@naer/shared/contracts';

/** The dialog an alert screen has open: resolve or hand over an alert, or decline a handover. */
export type AlertAction =
  | { kind: 'resolve'; alert: Alert; patientName: string }
  | { kind: 'handover'; alert: Alert; patientName: string }
  | { kind: 'decline'; handover: { id: string; patientName: string } };

/** What the server answered to a dialog's action. */
export type AlertActionResult = { kind: 'resolve'; alert: Alert } | { kind: 'handover'; handover: Handover } | { kind: 'decline'; handover: Handover };
