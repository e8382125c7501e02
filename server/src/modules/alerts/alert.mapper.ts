import type { Alert, AlertSeverity, AlertStatus, AlertTimelineEvent, ClinicianRef, Organisation, PendingHandoverRef, TriageReason } from '@naer/shared';

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
  changed_xid: number | string;
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

/** Ownership columns the alert API adds to a row (see `ownedAlertsQuery`). */
export interface OwnershipColumns {
  patient_name: string;
  owner_ref: ClinicianRef | null;
  responsible_org: Organisation | null;
  pending_handover: (Omit<PendingHandoverRef, 'createdAt'> & { createdAt: string }) | null;
}

/** An alert with who answers for it; the same allow-list as `toAlert` plus the looked-up names. */
export function toOwnedAlert(row: AlertRow & OwnershipColumns): Alert {
  const pending = row.pending_handover;
  return {
    ...toAlert(row),
    patientName: row.patient_name,
    owner: row.owner_ref ? toClinicianRef(row.owner_ref) : null,
    responsibleOrganisation: row.responsible_org ? toOrganisation(row.responsible_org) : null,
    pendingHandover: pending
      ? { id: pending.id, from: toOrganisation(pending.from), fromUser: toClinicianRef(pending.fromUser), to: toOrganisation(pending.to), message: pending.message, createdAt: iso(pending.createdAt) }
      : null,
  };
}

/** The alert as the patient's own room receives it: no clinicians' notes or inter-sector messages. */
export function toPatientAlert(alert: Alert): Alert {
  const { owner: _owner, responsibleOrganisation: _org, pendingHandover: _pending, ...rest } = alert;
  return { ...rest, outcomeNote: null };
}

export const toOrganisation = (org: Organisation): Organisation => ({ id: org.id, name: org.name, type: org.type });

export const toClinicianRef = (ref: ClinicianRef): ClinicianRef => ({
  id: ref.id,
  name: ref.name,
  jobTitle: ref.jobTitle ?? null,
  organisation: ref.organisation ? toOrganisation(ref.organisation) : null,
});

/** One timeline row from `AlertRepository.timeline`. */
export interface AlertTimelineRow {
  id: string;
  type: string;
  at: string | Date;
  data: Record<string, unknown> | null;
  actor: ClinicianRef | null;
  actor_role: string | null;
}

/** Plain values only, so a nested object someone stores in `data` never leaks unreviewed. */
function plainData(data: Record<string, unknown> | null): AlertTimelineEvent['data'] {
  const out: AlertTimelineEvent['data'] = {};
  for (const [key, value] of Object.entries(data ?? {})) {
    if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[key] = value;
  }
  return out;
}

export function toTimelineEvent(row: AlertTimelineRow): AlertTimelineEvent {
  return {
    id: String(row.id),
    type: row.type,
    at: iso(row.at),
    actor: row.actor ? { ...toClinicianRef(row.actor), role: row.actor_role ?? 'clinician' } : null,
    data: plainData(row.data),
  };
}
