import { sql } from 'drizzle-orm';
import type { SQL, SQLWrapper } from 'drizzle-orm';
import { ALERT_SEVERITY_ORDER, CLAIM_CLOCK } from '@naer/shared/domain';
import type { AlertBreach } from '@naer/shared/domain';

// Fragments other features compose so their own row and its alert are written by ONE statement;
// only this module writes `alerts` and `alert_events`.

/** The shared severity order as an SQL array (constants from code, never input). */
const SEVERITY_ARRAY = sql.raw(`array[${ALERT_SEVERITY_ORDER.map((s) => `'${s}'`).join(',')}]::text[]`);

/** Rank of a severity inside SQL: lower is more urgent (ALERT_SEVERITY_ORDER). */
export const severityRank = (column: SQL): SQL => sql`array_position(${SEVERITY_ARRAY}, ${column}::text)`;

/** CLAIM_CLOCK inside an upsert: the incoming severity turns the open current alert red. */
const RESTARTS_CLAIM_CLOCK = sql.raw(
  `excluded.severity = '${CLAIM_CLOCK.severity}' and alerts.severity <> '${CLAIM_CLOCK.severity}' and alerts.status = '${CLAIM_CLOCK.restartsWhile}'`,
);

/** The alert a submission opens or updates, as values inside the caller's statement. */
export interface SubmissionAlert {
  /** Rows the alert is written for (one, or none for a replay or a green result), e.g. sql`ins where ...`. */
  from: SQL;
  patientId: SQLWrapper;
  rule: SQLWrapper;
  severity: SQLWrapper;
  reasons: SQLWrapper;
  at: SQLWrapper;
  responsibleOrgId: SQLWrapper;
  claimDueAt: SQLWrapper;
  /** The reading that caused it, when the submission is a reading (an expression over `from`). */
  lastMeasurementId?: SQL;
  actorId: SQLWrapper;
  /** The `raised`/`breach` timeline event's data (jsonb). */
  eventData: SQL;
  /** A reading closes the patient's missing-reading alert: when it applies, and its `resolved` event's data. */
  closesMissing?: { when: SQL; eventData: SQL };
}

/**
 * The alert fields of a submission whose own row is inserted by the CTE `ins`: written only when that
 * insert wrote a row (not for a replay) and there is a breach (not for a green result).
 */
export function breachAlert(a: AlertBreach | undefined, patientId: string, at: Date): Pick<SubmissionAlert, 'from' | 'patientId' | 'rule' | 'severity' | 'reasons' | 'at' | 'responsibleOrgId' | 'claimDueAt'> {
  return {
    from: sql`ins where ${a !== undefined}::boolean`,
    patientId: sql`${patientId}`,
    rule: sql`${a?.rule ?? ''}`,
    severity: sql`${a?.severity ?? 'review'}`,
    reasons: sql`${JSON.stringify(a?.reasons ?? [])}`,
    at: sql`${at.toISOString()}`,
    responsibleOrgId: sql`${a?.responsibleOrgId ?? null}`,
    claimDueAt: sql`${a?.claimDueAt ? a.claimDueAt.toISOString() : null}`,
  };
}

/**
 * CTEs (to follow the caller's own in one WITH) that open or update the alert: `alert` (the row,
 * with `raised` true when this write opened it), with `closesMissing` also `closed` (missing-reading
 * alerts it resolved), and their timeline events. An open alert keeps its worst severity; see CLAIM_CLOCK.
 */
export function submissionAlertCtes(a: SubmissionAlert): SQL {
  const measured = a.lastMeasurementId !== undefined;
  const alert = sql`
  alert as (
    insert into alerts (patient_id, rule, severity, reasons, opened_at, updated_at, ${measured ? sql`last_measurement_id, ` : sql``}responsible_org_id, claim_due_at)
    select ${a.patientId}::uuid, ${a.rule}::text, ${a.severity}::alert_severity, ${a.reasons}::jsonb,
           ${a.at}::timestamptz, ${a.at}::timestamptz, ${measured ? sql`${a.lastMeasurementId}, ` : sql``}${a.responsibleOrgId}::uuid, ${a.claimDueAt}::timestamptz
      from ${a.from}
    on conflict (patient_id, rule) where status <> 'resolved' do update set
      severity = case when ${severityRank(sql`excluded.severity`)} < ${severityRank(sql`alerts.severity`)} then excluded.severity else alerts.severity end,
      claim_due_at = case when ${RESTARTS_CLAIM_CLOCK} then excluded.claim_due_at else alerts.claim_due_at end,
      responsible_org_id = case when ${RESTARTS_CLAIM_CLOCK} then excluded.responsible_org_id else alerts.responsible_org_id end,
      reasons = excluded.reasons, updated_at = excluded.updated_at, ${measured ? sql`last_measurement_id = excluded.last_measurement_id, ` : sql``}
      breaches = alerts.breaches + 1, seq = nextval('alert_change_seq')
    returning alerts.*, (xmax = 0) as raised
  )`;
  const raisedEvent = sql`
    select alert.id, case when alert.raised then 'raised' else 'breach' end, ${a.actorId}::uuid, ${a.at}::timestamptz, ${a.eventData}
      from alert`;
  if (!a.closesMissing) return sql`${alert}, alert_event as (insert into alert_events (alert_id, type, actor_id, at, data) ${raisedEvent})`;
  return sql`${alert},
  closed as (
    update alerts set status = 'resolved', resolved_at = ${a.at}::timestamptz, outcome = 'reading_received',
           updated_at = ${a.at}::timestamptz, seq = nextval('alert_change_seq')
     where patient_id = ${a.patientId}::uuid and rule = 'missing' and status <> 'resolved' and ${a.closesMissing.when}
    returning alerts.*
  ),
  alert_event as (
    insert into alert_events (alert_id, type, actor_id, at, data)
    ${raisedEvent}
    union all
    select closed.id, 'resolved', ${a.actorId}::uuid, ${a.at}::timestamptz, ${a.closesMissing.eventData}
      from closed
  )`;
}
