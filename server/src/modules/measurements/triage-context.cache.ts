import type { MeasurementKind, MeasurementValue } from '@naer/shared';
import type { CareTeamEntry, LimitRules } from '@naer/shared/domain';

const DAY_MS = 86_400_000;
const MAX_READINGS = 500;

/** One limit version of a kind, as the cache keeps them: the one in force at a reading's time is picked in memory. */
export interface LimitVersionRef {
  id: string;
  rules: LimitRules;
  validFrom: number;
  createdAt: number;
}

/** What a patient's readings of one kind are triaged against, read at one `version` of the patient's triage context. */
export interface ContextEntry {
  careTeam: CareTeamEntry[];
  /** Every version of the kind's limits, newest first (valid from, then set at). */
  limits: LimitVersionRef[];
  /** Readings of good quality measured at or after `from`, oldest first. */
  history: Array<{ value: MeasurementValue; measuredAt: Date }>;
  from: number;
}

/** Care team, limit and history for one reading, and the version they were read at. */
export interface CachedContext {
  version: string;
  careTeam: CareTeamEntry[];
  limit: { id: string; rules: LimitRules } | undefined;
  history: Array<{ value: MeasurementValue; measuredAt: Date }>;
}

const key = (patientId: string, kind: MeasurementKind) => `${patientId}:${kind}`;

/** The limit in force at `at`: the newest version valid from then or before. */
export function limitAt(limits: readonly LimitVersionRef[], at: Date): { id: string; rules: LimitRules } | undefined {
  const found = limits.find((l) => l.validFrom <= at.getTime());
  return found ? { id: found.id, rules: found.rules } : undefined;
}

/**
 * Per node: each patient's triage context (care team, limits, recent readings per kind) with the
 * version of `patients.context_version` it was read at. A submission triages against it without a
 * read and writes only if the version is still the same (the write statement checks and bumps it), so a
 * change by another node, or a limits change, makes that write refuse and the context is read again.
 * Bounded: the oldest patients are forgotten first.
 */
export function createTriageContextCache(maxEntries = 20_000) {
  const entries = new Map<string, ContextEntry>();
  const versions = new Map<string, string>();

  function forget(patientId: string): void {
    versions.delete(patientId);
    for (const k of entries.keys()) if (k.startsWith(`${patientId}:`)) entries.delete(k);
  }

  return {
    /** The context for a reading measured at `measuredAt` with `windowDays` of history, when the cache covers it. */
    get(patientId: string, kind: MeasurementKind, measuredAt: Date, windowDays: number): CachedContext | undefined {
      const version = versions.get(patientId);
      const entry = entries.get(key(patientId, kind));
      if (version === undefined || !entry) return undefined;
      const from = measuredAt.getTime() - windowDays * DAY_MS;
      if (from < entry.from) return undefined;
      return {
        version,
        careTeam: entry.careTeam,
        limit: limitAt(entry.limits, measuredAt),
        history: entry.history.filter((h) => h.measuredAt.getTime() >= from && h.measuredAt.getTime() < measuredAt.getTime()),
      };
    },

    /** Keeps what was just read at `version`; other kinds read at another version are dropped. */
    put(patientId: string, kind: MeasurementKind, version: string, entry: ContextEntry): void {
      if (versions.get(patientId) !== version) forget(patientId);
      versions.set(patientId, version);
      const k = key(patientId, kind);
      entries.delete(k);
      entries.set(k, entry);
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
    },

    /**
     * Our own write moved the version from `from` to `to`: what is cached is still true, plus this reading
     * (when it is of good quality). A write that did not start from the cached version forgets the patient.
     */
    wrote(patientId: string, kind: MeasurementKind, from: string | null, to: string, reading: { value: MeasurementValue; measuredAt: Date } | undefined): void {
      if (from === null || versions.get(patientId) !== from) {
        forget(patientId);
        return;
      }
      versions.set(patientId, to);
      const entry = entries.get(key(patientId, kind));
      if (!entry || !reading || reading.measuredAt.getTime() < entry.from) return;
      const at = entry.history.findIndex((h) => h.measuredAt.getTime() > reading.measuredAt.getTime());
      if (at === -1) entry.history.push(reading);
      else entry.history.splice(at, 0, reading);
      // A long-lived entry keeps its newest readings only; the window it covers starts later.
      if (entry.history.length > MAX_READINGS) {
        entry.history.splice(0, entry.history.length - MAX_READINGS);
        entry.from = entry.history[0]?.measuredAt.getTime() ?? entry.from;
      }
    },

    forget,
  };
}

export type TriageContextCache = ReturnType<typeof createTriageContextCache>;
