import { describe, expect, it } from 'vitest';
import { isOpenAt, nextInChain, routeAlert } from './care-team';
import type { CareTeamEntry } from './care-team';

const weekdays = { days: [1, 2, 3, 4, 5], from: '08:00', to: '15:30' };
const team: CareTeamEntry[] = [
  { organisationId: 'hospital', escalationOrder: 0, claimWithinMinutes: 30, alwaysOpen: false, serviceHours: weekdays, responsibilities: ['red', 'yellow'] },
  { organisationId: 'gp', escalationOrder: 1, claimWithinMinutes: 30, alwaysOpen: false, serviceHours: { ...weekdays, to: '16:00' }, responsibilities: ['yellow'] },
  { organisationId: 'kommune', escalationOrder: 2, claimWithinMinutes: 30, alwaysOpen: true, serviceHours: null, responsibilities: ['missing'] },
];
// 2026-11-23 is a Monday; Copenhagen is UTC+1 in November.
const mondayAt = (hhmm: string) => new Date(`2026-11-23T${hhmm}:00+01:00`);

describe('care team routing', () => {
  it('knows service hours in Danish local time, start inclusive and end exclusive', () => {
    expect(isOpenAt(team[0]!, mondayAt('08:00'))).toBe(true);
    expect(isOpenAt(team[0]!, mondayAt('07:59'))).toBe(false);
    expect(isOpenAt(team[0]!, mondayAt('15:29'))).toBe(true);
    expect(isOpenAt(team[0]!, mondayAt('15:30'))).toBe(false);
    expect(isOpenAt(team[0]!, new Date('2026-11-22T10:00:00+01:00'))).toBe(false);
    expect(isOpenAt(team[2]!, new Date('2026-11-22T03:00:00+01:00'))).toBe(true);
  });

  it('routes a red in service hours to the first organisation taking red, due in its claim time', () => {
    const now = mondayAt('10:00');
    expect(routeAlert(team, 'red', now)).toEqual({ organisationId: 'hospital', claimDueAt: new Date(now.getTime() + 30 * 60_000) });
  });

  it('routes a red outside service hours straight to the 24/7 organisation', () => {
    expect(routeAlert(team, 'red', mondayAt('22:00'))?.organisationId).toBe('kommune');
  });

  it('routes yellow without a claim deadline and missing to the municipality', () => {
    expect(routeAlert(team, 'yellow', mondayAt('22:00'))).toEqual({ organisationId: 'hospital', claimDueAt: null });
    expect(routeAlert(team, 'missing', mondayAt('10:00'))?.organisationId).toBe('kommune');
  });

  it('escalates to the next open organisation taking red, else the 24/7 one, and nowhere from there', () => {
    expect(nextInChain(team, 'hospital', mondayAt('10:00'))?.organisationId).toBe('kommune');
    const gpTakesRed = team.map((e) => (e.organisationId === 'gp' ? { ...e, responsibilities: ['red'] } : e));
    expect(nextInChain(gpTakesRed, 'hospital', mondayAt('10:00'))?.organisationId).toBe('gp');
    expect(nextInChain(gpTakesRed, 'hospital', mondayAt('16:30'))?.organisationId).toBe('kommune');
    expect(nextInChain(team, 'gp', mondayAt('10:00'))?.organisationId).toBe('kommune');
    expect(nextInChain(team, 'hospital', mondayAt('20:00'))?.organisationId).toBe('kommune');
    expect(nextInChain(team, 'kommune', mondayAt('20:00'))).toBeUndefined();
  });
});
