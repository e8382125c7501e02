import type { AlertSeverity, AlertStatus } from '../contracts/alert.contract';
import type { TriageLevel, TriageReason, TriageResult } from '../contracts/triage.contract';
import { routeAlert } from './care-team';
import type { CareTeamEntry } from './care-team';

/** Alert severities, most urgent first: the one order for boards, lists and the SQL that sorts them. */
export const ALERT_SEVERITY_ORDER = ['red', 'review', 'yellow', 'missing'] as const satisfies readonly AlertSeverity[];

/** Position of a severity in ALERT_SEVERITY_ORDER: lower is more urgent. */
export function severityRank(severity: AlertSeverity): number {
  return ALERT_SEVERITY_ORDER.indexOf(severity);
}

/** The more urgent of two severities: an open alert keeps the worst it has seen. */
export function worseSeverity(a: AlertSeverity, b: AlertSeverity): AlertSeverity {
  return severityRank(b) < severityRank(a) ? b : a;
}

/** The severity a triage result raises an alert with; green raises none, and a reading triage could not judge needs review. */
export type BreachSeverity = Extract<AlertSeverity, 'red' | 'yellow' | 'review'>;

/** Triage level to alert severity: red and yellow as they are, green none, anything else (questionable, review) review. */
export function alertSeverityFor(level: TriageLevel): BreachSeverity | undefined {
  switch (level) {
    case 'green':
      return undefined;
    case 'red':
    case 'yellow':
      return level;
    case 'questionable':
    case 'review':
      return 'review';
  }
}

/**
 * The claim clock: alerts of `severity` must be claimed before a deadline or they escalate. A breach
 * of that severity on an alert that is `restartsWhile` and not yet of that severity restarts the
 * clock and routes the alert like a new one; releasing such an alert starts the clock over.
 */
export const CLAIM_CLOCK = { severity: 'red', restartsWhile: 'open' } as const satisfies { severity: AlertSeverity; restartsWhile: AlertStatus };

/** Whether a breach of `breach` severity restarts the claim clock (and routing) of the existing alert. */
export function breachRestartsClaimClock(alert: { severity: AlertSeverity; status: AlertStatus }, breach: AlertSeverity): boolean {
  return breach === CLAIM_CLOCK.severity && alert.severity !== CLAIM_CLOCK.severity && alert.status === CLAIM_CLOCK.restartsWhile;
}

/** Whether releasing an alert of this severity starts its claim clock over. */
export function releaseRestartsClaimClock(severity: AlertSeverity): boolean {
  return severity === CLAIM_CLOCK.severity;
}

/** The alert a triage result opens or updates, and who answers for it now. */
export interface AlertBreach {
  rule: string;
  severity: BreachSeverity;
  reasons: TriageReason[];
  responsibleOrgId: string | null;
  claimDueAt: Date | null;
}

/** The alert under `rule` that a triage result opens or updates, routed by the care team at `now`; undefined when green. */
export function alertForTriage(rule: string, triage: TriageResult, careTeam: CareTeamEntry[], now: Date): AlertBreach | undefined {
  const severity = alertSeverityFor(triage.level);
  if (!severity) return undefined;
  const route = routeAlert(careTeam, severity, now);
  return { rule, severity, reasons: triage.reasons, responsibleOrgId: route?.organisationId ?? null, claimDueAt: route?.claimDueAt ?? null };
}
