import type { Alert, Handover } from '@naer/shared/contracts';

/** The feed: open and claimed alerts, newest change first, and the version that resolved each alert that left it. */
export interface FeedState {
  alerts: Alert[];
  /** Alert id to the cursor of its resolved version: an older open version arriving late must not bring it back. */
  resolved: Readonly<Record<string, string>>;
}

/** What merging one alert version did to the feed. */
export interface AlertMerge {
  feed: FeedState;
  /** The version that was shown before, if any. */
  previous: Alert | undefined;
  /** The version now shown (owner details filled in), or null when the incoming one was not newer and changed nothing. */
  merged: Alert | null;
  /** The incoming version lacked owner details that could not be kept: ask the alert API. */
  needsSync: boolean;
}

/** Each alert's versions are ordered by its own cursor (a number as text); a version at or below the known one changes nothing. */
export function isNewerVersion(incoming: Alert, knownCursor: string | undefined): boolean {
  return knownCursor === undefined || BigInt(incoming.cursor) > BigInt(knownCursor);
}

const newestChangeFirst = (a: Alert, b: Alert) => b.updatedAt.localeCompare(a.updatedAt);

/**
 * Events from the measurement path carry no owner details (`owner` is absent): keep what the shown
 * version knew when ownership did not change; otherwise the caller must resync.
 */
export function withKnownOwner(incoming: Alert, previous: Alert | undefined): { alert: Alert; needsSync: boolean } {
  if (incoming.owner !== undefined) return { alert: incoming, needsSync: false };
  const same = previous !== undefined && previous.ownerId === incoming.ownerId && previous.responsibleOrgId === incoming.responsibleOrgId;
  if (!same) return { alert: incoming, needsSync: true };
  return {
    alert: { ...incoming, owner: previous.owner, responsibleOrganisation: previous.responsibleOrganisation, pendingHandover: previous.pendingHandover },
    needsSync: false,
  };
}

/** Puts one alert version into the feed (newest change first); a resolved alert leaves it, an older version is ignored. */
export function mergeAlert(feed: FeedState, incoming: Alert): AlertMerge {
  const previous = feed.alerts.find((a) => a.id === incoming.id);
  if (!isNewerVersion(incoming, previous?.cursor ?? feed.resolved[incoming.id])) return { feed, previous, merged: null, needsSync: false };
  const { alert, needsSync } = withKnownOwner(incoming, previous);
  const others = feed.alerts.filter((a) => a.id !== alert.id);
  const next: FeedState =
    alert.status === 'resolved'
      ? { alerts: others, resolved: { ...feed.resolved, [alert.id]: alert.cursor } }
      : { alerts: [alert, ...others].sort(newestChangeFirst), resolved: feed.resolved };
  return { feed: next, previous, merged: alert, needsSync };
}

/** A red alert is news when it is open and was not red before (a new alert, or one that turned red). */
export function becameRed(merged: Alert, previous: Alert | undefined): boolean {
  return merged.status !== 'resolved' && merged.severity === 'red' && previous?.severity !== 'red';
}

/** Keeps pending handovers that involve my organisation (all of them when I have none); decided ones leave. */
export function mergeHandover(handovers: readonly Handover[], handover: Handover, myOrganisationId: string | null): Handover[] {
  const others = handovers.filter((h) => h.id !== handover.id);
  const mine = myOrganisationId === null || handover.to.id === myOrganisationId || handover.from.id === myOrganisationId;
  return handover.status === 'pending' && mine ? [handover, ...others] : others;
}
