import { KIND_INFO } from '@naer/shared/domain';
import type { MeasurementKind } from '@naer/shared/domain';
import type { Measurement } from '@naer/shared/contracts';

export type Direction = 'up' | 'down' | 'same';

export interface KindTrend {
  kind: MeasurementKind;
  latest: Measurement;
  /** The same kind's reading before the latest; null when there is only one. */
  previous: Measurement | null;
  /** Latest against previous, at the kind's shown precision (systolic for blood pressure). */
  direction: Direction | null;
}

const comparable = (m: Measurement) => (typeof m.value === 'number' ? m.value : m.value.systolic);

function directionOf(kind: MeasurementKind, latest: Measurement, previous: Measurement): Direction {
  const scale = 10 ** KIND_INFO[kind].decimals;
  const diff = Math.round(comparable(latest) * scale) - Math.round(comparable(previous) * scale);
  return diff > 0 ? 'up' : diff < 0 ? 'down' : 'same';
}

/** Per kind, the newest reading and which way it moved since the one before; the most recently measured kind first. */
export function readingTrends(readings: readonly Measurement[]): KindTrend[] {
  const byKind = new Map<MeasurementKind, Measurement[]>();
  for (const m of [...readings].sort((a, b) => b.measuredAt.localeCompare(a.measuredAt))) {
    const list = byKind.get(m.kind) ?? [];
    list.push(m);
    byKind.set(m.kind, list);
  }
  return [...byKind].map(([kind, [latest, previous]]) => ({
    kind,
    latest: latest as Measurement,
    previous: previous ?? null,
    direction: previous ? directionOf(kind, latest as Measurement, previous) : null,
  }));
}
