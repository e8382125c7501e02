import type { Alert, AlertSeverity, AlertStatus, TriageReason } from '@naer/shared';

/** An alert row as raw SQL returns it (row_to_json or a plain select). */
export interface AlertRow {
  id: string;
  patient_id: string;
  rule: string;
  severity: AlertSeverity;
  status: AlertStatus;
  reasons: TriageReason[];
  opened_at: string | Date;
  updated_at: string | Date;
  last_measurement_id: string | null;
  breaches: number;
  owner_id: string | null;
  seq: number | string;
  /** Present on an upsert: true when this write opened the alert. */
  raised?: boolean;
}

const iso = (value: string | Date) => new Date(value).toISOString();

/** Allow-list from a row to the public Alert contract. */
export function toAlert(row: AlertRow): Alert {
  return {
    id: row.id,
    patientId: row.patient_id,
    rule: row.rule,
    severity: row.severity,
    status: row.status,
    reasons: row.reasons,
    openedAt: iso(row.opened_at),
    updatedAt: iso(row.updated_at),
    lastMeasurementId: row.last_measurement_id,
    breaches: Number(row.breaches),
    ownerId: row.owner_id,
    cursor: String(row.seq),
  };
}
