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
  responsible_org_id: string | null;
  claim_due_at: string | Date | null;
  escalation_level: number;
  claimed_at: string | Date | null;
  resolved_at: string | Date | null;
  outcome: string | null;
  outcome_note: string | null;
  seq: number | string;
  /** Present on an upsert: true when this write opened the alert. */
  raised?: boolean;
}

const iso = (value: string | Date) => new Date(value).toISOString();
const isoOrNull = (value: string | Date | null) => (value === null ? null : iso(value));

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
    responsibleOrgId: row.responsible_org_id,
    claimDueAt: isoOrNull(row.claim_due_at),
    escalationLevel: Number(row.escalation_level),
    claimedAt: isoOrNull(row.claimed_at),
    resolvedAt: isoOrNull(row.resolved_at),
    outcome: row.outcome,
    outcomeNote: row.outcome_note,
    cursor: String(row.seq),
  };
}
