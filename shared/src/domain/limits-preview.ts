import { evaluateReading } from './triage';
import type { TriageHistoryEntry } from './triage';
import type { LimitRules } from './limits';
import type { MeasurementKind, MeasurementValue } from './kinds';
import type { TriageLevel } from '../contracts/triage.contract';

/** Days of readings a what-if preview re-evaluates. */
export const PREVIEW_WINDOW_DAYS = 30;

const DAY_MS = 24 * 60 * 60 * 1000;

/** A stored reading as the preview needs it: canonical value, time and the device's quality flag. */
export interface PreviewReading {
  id: string;
  kind: MeasurementKind;
  value: MeasurementValue;
  measuredAt: Date;
  quality: 'ok' | 'questionable';
}

/** How many readings landed on each triage level. */
export type LevelCounts = Record<TriageLevel, number>;

/** One reading whose level differs between the old and the new rules. */
export interface PreviewChange {
  id: string;
  measuredAt: Date;
  value: MeasurementValue;
  old: TriageLevel;
  new: TriageLevel;
}

export interface LimitsComparison {
  /** Readings of the window that were evaluated. */
  readings: number;
  old: LevelCounts;
  new: LevelCounts;
  /** Readings whose level would change, newest first. */
  changes: PreviewChange[];
  window: { days: number; from: Date; to: Date };
}

const emptyCounts = (): LevelCounts => ({ green: 0, yellow: 0, red: 0, questionable: 0, review: 0 });

/**
 * What-if for a limit change: re-triages every reading of the last `windowDays` (up to `now`) under
 * the old and the new rules, each with the patient's own earlier readings as history, and counts the
 * levels. Pure. Pass readings from `now − windowDays − the longest rule window` on, so baseline and
 * trend rules see the history they need; earlier readings are used as history only. Readings of
 * another kind than the rules' are ignored; questionable readings are evaluated but never history
 * (as at submission).
 */
export function compareLimits(
  readings: PreviewReading[],
  oldRules: LimitRules | undefined,
  newRules: LimitRules,
  now: Date,
  windowDays: number = PREVIEW_WINDOW_DAYS,
): LimitsComparison {
  const from = new Date(now.getTime() - windowDays * DAY_MS);
  const ofKind = readings
    .filter((r) => r.kind === newRules.kind && !Number.isNaN(r.measuredAt.getTime()))
    .sort((a, b) => a.measuredAt.getTime() - b.measuredAt.getTime());
  const history: TriageHistoryEntry[] = ofKind.filter((r) => r.quality === 'ok').map((r) => ({ value: r.value, measuredAt: r.measuredAt }));
  const inWindow = ofKind.filter((r) => r.measuredAt.getTime() >= from.getTime() && r.measuredAt.getTime() <= now.getTime());

  const counts = { old: emptyCounts(), new: emptyCounts() };
  const changes: PreviewChange[] = [];
  for (const reading of inWindow) {
    // evaluateReading ignores history at or after the reading, so the whole list can be passed.
    const subject = { kind: reading.kind, value: reading.value, quality: reading.quality, measuredAt: reading.measuredAt };
    const before = evaluateReading(subject, oldRules, history, now).level;
    const after = evaluateReading(subject, newRules, history, now).level;
    counts.old[before] += 1;
    counts.new[after] += 1;
    if (before !== after) changes.push({ id: reading.id, measuredAt: reading.measuredAt, value: reading.value, old: before, new: after });
  }
  changes.reverse();
  return { readings: inWindow.length, old: counts.old, new: counts.new, changes, window: { days: windowDays, from, to: now } };
}
