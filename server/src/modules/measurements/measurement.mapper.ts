import type { Measurement } from '@naer/shared';
import type { MeasurementRow } from './measurement.repository';

/** Allow-list from a stored row to the public Measurement contract. */
export function toMeasurement(row: MeasurementRow): Measurement {
  return {
    id: row.id,
    patientId: row.patientId,
    kind: row.kind,
    value: row.value2 === null ? row.value : { systolic: row.value, diastolic: row.value2 },
    unit: row.unit,
    original: { value: row.originalValue, unit: row.originalUnit },
    measuredAt: row.measuredAt.toISOString(),
    receivedAt: row.receivedAt.toISOString(),
    source: row.source,
    device: row.device ?? null,
    quality: row.quality,
    enteredBy: row.enteredBy,
    triage: { level: row.triageLevel, reasons: row.triageReasons },
    limitId: row.limitId,
  };
}
