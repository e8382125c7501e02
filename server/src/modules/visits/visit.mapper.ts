import type { Visit } from '@naer/shared';
import type { VisitWithAuthor } from './visit.repository';

/** Allow-list from a stored visit to the public Visit contract. */
export function toVisit(row: VisitWithAuthor): Visit {
  const vitals = row.vitals as Visit['vitals'] & { onOxygen: boolean };
  const { onOxygen, ...signs } = vitals;
  const triageLevel = row.triageLevel === 'red' || row.triageLevel === 'yellow' ? row.triageLevel : 'green';
  return {
    id: row.id,
    patientId: row.patientId,
    measuredAt: row.measuredAt.toISOString(),
    recordedBy: { userId: row.recordedBy, displayName: row.recordedByName, organisation: row.organisationName },
    onOxygen,
    vitals: signs,
    tobs: row.tobs as Visit['tobs'],
    news2: row.news2 as Visit['news2'],
    triage: { level: triageLevel, reasons: row.triageReasons },
  };
}
