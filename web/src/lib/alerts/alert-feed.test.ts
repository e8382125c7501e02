import { describe, expect, it } from 'vitest';
import type { Alert, Handover } from '@naer/shared/contracts';
import { becameRed, isNewerVersion, mergeAlert, mergeHandover } from './alert-merge';
import type { FeedState } from './alert-merge';

const owner = { id: '00000000-0000-4000-8000-0000000000a1', name: 'Hanne Holm', jobTitle: 'Sygeplejerske', organisation: null };

function alert(overrides: Partial<Alert> & Pick<Alert, 'id' | 'cursor'>): Alert {
  return {
    patientId: 'p-1',
    rule: 'spo2',
    severity: 'red',
    status: 'open',
    reasons: [],
    openedAt: '2026-11-22T08:00:00.000Z',
    updatedAt: '2026-11-22T08:00:00.000Z',
    lastMeasurementId: null,
    breaches: 1,
    ownerId: null,
    responsibleOrgId: 'org-hospital',
    claimDueAt: null,
    escalationLevel: 0,
    claimedAt: null,
    resolvedAt: null,
    outcome: null,
    outcomeNote: null,
    owner: null,
    responsibleOrganisation: null,
    pendingHandover: null,
    ...overrides,
  };
}

const feedOf = (...alerts: Alert[]): FeedState => ({ alerts, resolved: {} });

describe('mergeAlert', () => {
  it('adds a new alert and keeps the feed newest change first', () => {
    const older = alert({ id: 'a', cursor: '10', updatedAt: '2026-11-22T08:00:00.000Z' });
    const newer = alert({ id: 'b', cursor: '11', updatedAt: '2026-11-22T09:00:00.000Z' });
    const { feed: { alerts }, previous, merged } = mergeAlert(feedOf(older), newer);
    expect(alerts.map((a) => a.id)).toEqual(['b', 'a']);
    expect(previous).toBeUndefined();
    expect(merged).toBe(newer);
  });

  it('never lets an older version replace a newer one, even when it arrives later', () => {
    const claimed = alert({ id: 'a', cursor: '20', status: 'claimed', ownerId: owner.id, owner });
    const stale = alert({ id: 'a', cursor: '19', status: 'open' });
    const { feed: { alerts }, merged } = mergeAlert(feedOf(claimed), stale);
    expect(merged).toBeNull();
    expect(alerts).toEqual([claimed]);
  });

  it('ignores a repeat of the version already shown (a resync may send it again)', () => {
    const shown = alert({ id: 'a', cursor: '20' });
    expect(mergeAlert(feedOf(shown), { ...shown }).merged).toBeNull();
  });

  it('compares cursors as numbers, not as text', () => {
    expect(isNewerVersion(alert({ id: 'a', cursor: '100' }), '99')).toBe(true);
    expect(isNewerVersion(alert({ id: 'a', cursor: '99' }), '100')).toBe(false);
  });

  it('replaces the shown version with a newer one and moves it to the top', () => {
    const a = alert({ id: 'a', cursor: '10', updatedAt: '2026-11-22T08:00:00.000Z' });
    const b = alert({ id: 'b', cursor: '11', updatedAt: '2026-11-22T09:00:00.000Z' });
    const a2 = alert({ id: 'a', cursor: '12', updatedAt: '2026-11-22T10:00:00.000Z', breaches: 2 });
    const { feed: { alerts }, previous } = mergeAlert(feedOf(b, a), a2);
    expect(alerts).toEqual([a2, b]);
    expect(previous).toBe(a);
  });

  it('takes a resolved alert out of the open list', () => {
    const open = alert({ id: 'a', cursor: '10' });
    const other = alert({ id: 'b', cursor: '11' });
    const resolved = alert({ id: 'a', cursor: '12', status: 'resolved', resolvedAt: '2026-11-22T10:00:00.000Z', outcome: 'called' });
    expect(mergeAlert(feedOf(open, other), resolved).feed.alerts).toEqual([other]);
  });

  it('does not bring a resolved alert back when an older open version arrives after it', () => {
    const resolved = alert({ id: 'a', cursor: '12', status: 'resolved' });
    const afterResolve = mergeAlert(feedOf(alert({ id: 'a', cursor: '10' })), resolved).feed;
    const late = mergeAlert(afterResolve, alert({ id: 'a', cursor: '11', status: 'claimed', ownerId: owner.id, owner }));
    expect(late.merged).toBeNull();
    expect(late.feed.alerts).toEqual([]);
  });

  it('keeps the known owner when a version without owner details does not change ownership', () => {
    const claimed = alert({ id: 'a', cursor: '10', status: 'claimed', ownerId: owner.id, owner });
    const fromMeasurement = alert({ id: 'a', cursor: '11', status: 'claimed', ownerId: owner.id, breaches: 2, owner: undefined, pendingHandover: undefined });
    const { merged, needsSync } = mergeAlert(feedOf(claimed), fromMeasurement);
    expect(merged?.owner).toEqual(owner);
    expect(merged?.breaches).toBe(2);
    expect(needsSync).toBe(false);
  });

  it('asks for a resync when a version without owner details changed the owner', () => {
    const open = alert({ id: 'a', cursor: '10' });
    const claimedElsewhere = alert({ id: 'a', cursor: '11', status: 'claimed', ownerId: owner.id, owner: undefined });
    expect(mergeAlert(feedOf(open), claimedElsewhere).needsSync).toBe(true);
  });
});

describe('becameRed', () => {
  it('announces a new red alert and one that turned red, but not one that stayed red', () => {
    expect(becameRed(alert({ id: 'a', cursor: '1' }), undefined)).toBe(true);
    expect(becameRed(alert({ id: 'a', cursor: '2' }), alert({ id: 'a', cursor: '1', severity: 'yellow' }))).toBe(true);
    expect(becameRed(alert({ id: 'a', cursor: '2' }), alert({ id: 'a', cursor: '1' }))).toBe(false);
  });

  it('does not announce a resolved red alert', () => {
    expect(becameRed(alert({ id: 'a', cursor: '2', status: 'resolved' }), undefined)).toBe(false);
  });
});

describe('mergeHandover', () => {
  const org = (id: string) => ({ id, name: id });
  function handover(id: string, status: Handover['status'], from = 'org-hospital', to = 'org-municipality'): Handover {
    return { id, status, from: org(from), to: org(to) } as Handover;
  }

  it('keeps a pending handover to or from my organisation, newest first', () => {
    const first = handover('h1', 'pending');
    const list = mergeHandover([first], handover('h2', 'pending', 'org-municipality', 'org-hospital'), 'org-hospital');
    expect(list.map((h) => h.id)).toEqual(['h2', 'h1']);
  });

  it('drops a handover once it is decided', () => {
    const list = mergeHandover([handover('h1', 'pending')], handover('h1', 'accepted'), 'org-hospital');
    expect(list).toEqual([]);
  });

  it('ignores a handover between two other organisations', () => {
    expect(mergeHandover([], handover('h1', 'pending', 'org-a', 'org-b'), 'org-hospital')).toEqual([]);
  });
});
