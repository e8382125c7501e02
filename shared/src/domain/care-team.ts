import type { AlertSeverity } from '../contracts/alert.contract';

/** Weekly service hours in Danish local time; days 1 = Monday .. 7 = Sunday. */
export interface ServiceHours {
  days: number[];
  from: string;
  to: string;
}

/** One organisation's place on a patient's care team, as routing and escalation need it. */
export interface CareTeamEntry {
  organisationId: string;
  /** Position in the escalation chain, lowest first. */
  escalationOrder: number;
  /** Minutes a red alert may stay unclaimed before it escalates. */
  claimWithinMinutes: number;
  /** Open around the clock (e.g. the municipal acute team). */
  alwaysOpen: boolean;
  serviceHours: ServiceHours | null;
  /** What it answers for: red, yellow, missing, ... */
  responsibilities: string[];
}

export const SERVICE_TIME_ZONE = 'Europe/Copenhagen';

const WEEKDAY: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formatter = new Intl.DateTimeFormat('en-GB', { timeZone: SERVICE_TIME_ZONE, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** Weekday (1-7) and minutes since midnight in Danish local time. */
function localTime(at: Date): { day: number; minutes: number } {
  const parts = Object.fromEntries(formatter.formatToParts(at).map((p) => [p.type, p.value]));
  return { day: WEEKDAY[parts.weekday ?? ''] ?? 0, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

const toMinutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** Whether an organisation is staffed at `at` (always, or within its service hours). */
export function isOpenAt(entry: Pick<CareTeamEntry, 'alwaysOpen' | 'serviceHours'>, at: Date): boolean {
  if (entry.alwaysOpen || !entry.serviceHours) return true;
  const { day, minutes } = localTime(at);
  return entry.serviceHours.days.includes(day) && minutes >= toMinutes(entry.serviceHours.from) && minutes < toMinutes(entry.serviceHours.to);
}

const byOrder = (team: CareTeamEntry[]) => [...team].sort((a, b) => a.escalationOrder - b.escalationOrder);

/** The organisation that is open around the clock, the last resort of every chain. */
export function alwaysOpenOrganisation(team: CareTeamEntry[]): CareTeamEntry | undefined {
  return byOrder(team).find((e) => e.alwaysOpen);
}

/**
 * Who answers for a new alert: the first organisation in the chain that takes this severity;
 * a red outside its service hours goes straight to the 24/7 organisation. Red alerts get a claim deadline.
 */
export function routeAlert(team: CareTeamEntry[], severity: AlertSeverity, now: Date): { organisationId: string; claimDueAt: Date | null } | undefined {
  const ordered = byOrder(team);
  const takes = ordered.find((e) => e.responsibilities.includes(severity)) ?? ordered[0];
  if (!takes) return undefined;
  const chosen = severity === 'red' && !isOpenAt(takes, now) ? (alwaysOpenOrganisation(ordered) ?? takes) : takes;
  const claimDueAt = severity === 'red' ? new Date(now.getTime() + chosen.claimWithinMinutes * 60_000) : null;
  return { organisationId: chosen.organisationId, claimDueAt };
}

/**
 * Where an unclaimed red goes next: the next open organisation after the current one that takes red
 * alerts, else the 24/7 one (by default the municipal acute team).
 */
export function nextInChain(team: CareTeamEntry[], currentOrgId: string | null, now: Date): CareTeamEntry | undefined {
  const ordered = byOrder(team);
  const current = ordered.findIndex((e) => e.organisationId === currentOrgId);
  const next = ordered.slice(current + 1).find((e) => (e.responsibilities.includes('red') || e.alwaysOpen) && isOpenAt(e, now));
  if (next) return next;
  const fallback = alwaysOpenOrganisation(ordered);
  return fallback && fallback.organisationId !== currentOrgId ? fallback : undefined;
}
