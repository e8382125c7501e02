import { describe, expect, it } from 'vitest';
import type { TriageResult } from '../contracts/triage.contract';
import { ALERT_SEVERITY_ORDER, alertForTriage, alertSeverityFor, breachRestartsClaimClock, releaseRestartsClaimClock, severityRank, worseSeverity } from './alerts';
import type { CareTeamEntry } from './care-team';

const team: CareTeamEntry[] = [
  { organisationId: 'hospital', escalationOrder: 0, claimWithinMinutes: 30, alwaysOpen: false, serviceHours: null, responsibilities: ['red', 'yellow'] },
  { organisationId: 'kommune', escalationOrder: 1, claimWithinMinutes: 45, alwaysOpen: true, serviceHours: null, responsibilities: ['review', 'missing'] },
];
const now = new Date('2026-11-23T10:00:00+01:00');
const triage = (level: TriageResult['level']): TriageResult => ({ level, reasons: [{ code: 'x', level, text: { da: 'x', en: 'x' } }] });

describe('alert rules', () => {
  it('orders severities red, review, yellow, missing, as the contract ranks them', () => {
    expect(ALERT_SEVERITY_ORDER).toEqual(['red', 'review', 'yellow', 'missing']);
    expect(ALERT_SEVERITY_ORDER.map(severityRank)).toEqual([0, 1, 2, 3]);
  });

  it('keeps the more urgent severity', () => {
    expect(worseSeverity('yellow', 'red')).toBe('red');
    expect(worseSeverity('review', 'yellow')).toBe('review');
    expect(worseSeverity('missing', 'missing')).toBe('missing');
  });

  it('maps triage to an alert: green none, red and yellow as they are, questionable and review to review', () => {
    expect(alertSeverityFor('green')).toBeUndefined();
    expect(alertSeverityFor('red')).toBe('red');
    expect(alertSeverityFor('yellow')).toBe('yellow');
    expect(alertSeverityFor('questionable')).toBe('review');
    expect(alertSeverityFor('review')).toBe('review');
  });

  it('routes a red breach with a claim deadline and a review breach without one', () => {
    expect(alertForTriage('spo2', triage('red'), team, now)).toEqual({
      rule: 'spo2', severity: 'red', reasons: triage('red').reasons, responsibleOrgId: 'hospital', claimDueAt: new Date(now.getTime() + 30 * 60_000),
    });
    expect(alertForTriage('spo2', triage('questionable'), team, now)).toMatchObject({ severity: 'review', responsibleOrgId: 'kommune', claimDueAt: null });
    expect(alertForTriage('spo2', triage('green'), team, now)).toBeUndefined();
  });

  it('restarts the claim clock only when a red breach turns an open alert red', () => {
    expect(breachRestartsClaimClock({ severity: 'yellow', status: 'open' }, 'red')).toBe(true);
    expect(breachRestartsClaimClock({ severity: 'red', status: 'open' }, 'red')).toBe(false);
    expect(breachRestartsClaimClock({ severity: 'yellow', status: 'claimed' }, 'red')).toBe(false);
    expect(breachRestartsClaimClock({ severity: 'yellow', status: 'open' }, 'review')).toBe(false);
  });

  it('starts the claim clock over when a red alert is released', () => {
    expect(releaseRestartsClaimClock('red')).toBe(true);
    expect(releaseRestartsClaimClock('yellow')).toBe(false);
  });
});
