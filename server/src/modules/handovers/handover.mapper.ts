import type { AlertSeverity, AlertStatus, ClinicianRef, Handover, HandoverStatus, Organisation, TriageReason } from '@naer/shared';
import { toClinicianRef, toOrganisation } from '../alerts/alert.mapper';

/** A handover row as `handoverQuery` returns it. */
export interface HandoverRow {
  id: string;
  patient_id: string;
  patient_name: string;
  alert: { id: string; rule: string; severity: AlertSeverity; status: AlertStatus; reasons: TriageReason[] } | null;
  from_org: Organisation;
  to_org: Organisation;
  from_user: ClinicianRef;
  message: string;
  status: HandoverStatus;
  created_at: string | Date;
  decided_at: string | Date | null;
  decided_by: ClinicianRef | null;
  decline_reason: string | null;
}

const iso = (value: string | Date) => new Date(value).toISOString();

/** Allow-list from a row to the public Handover contract. */
export function toHandover(row: HandoverRow): Handover {
  return {
    id: row.id,
    patient: { id: row.patient_id, name: row.patient_name },
    alert: row.alert
      ? { id: row.alert.id, rule: row.alert.rule, severity: row.alert.severity, status: row.alert.status, reasons: row.alert.reasons }
      : null,
    from: toOrganisation(row.from_org),
    fromUser: toClinicianRef(row.from_user),
    to: toOrganisation(row.to_org),
    message: row.message,
    status: row.status,
    createdAt: iso(row.created_at),
    decidedAt: row.decided_at === null ? null : iso(row.decided_at),
    decidedBy: row.decided_by ? toClinicianRef(row.decided_by) : null,
    declineReason: row.decline_reason,
  };
}
