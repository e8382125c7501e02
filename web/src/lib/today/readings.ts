import type { Measurement } from '@naer/shared/contracts';
import type { MeasurementKind } from '@naer/shared/domain';

/** A reading as the offline queue keeps it until it is sent. */
export type QueuedReading = { id: string; kind: MeasurementKind; value: Measurement['value']; unit: string; measuredAt: string };

/** The queue stores bodies untyped; a measurement item's body is the reading as entered. */
export const asReading = (body: unknown) => body as QueuedReading;

/** The newest readings first, at most 20, each once: a live or queued one replaces the copy from an earlier load. */
export function mergeNewestFirst(incoming: Measurement[], current: Measurement[]): Measurement[] {
  const kept = current.filter((m) => !incoming.some((i) => i.id === m.id));
  return [...incoming, ...kept].sort((a, b) => b.measuredAt.localeCompare(a.measuredAt)).slice(0, 20);
}
