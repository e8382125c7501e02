import { CATEGORY_CLINICAL, EXTENSION, SYSTEM } from './fhir-codes';
import type { Flag } from './fhir.types';
import type { AlertFhirRow } from './fhir.repository';
import { patientReference } from './observation.mapper';

const SEVERITY_TEXT = { red: 'Red alert', yellow: 'Yellow alert', missing: 'Missing reading', review: 'Needs review' } as const;

/** An alert as a Flag: active until resolved, with its severity, rule and reasons, and the organisation answering for it. */
export function toFlag(row: AlertFhirRow): Flag {
  const reasons = row.reasons.map((r) => r.text.en).join('; ');
  return {
    resourceType: 'Flag',
    id: row.id,
    extension: [
      { url: EXTENSION.triageLevel, valueCode: row.severity },
      { url: EXTENSION.alertStatus, valueCode: row.status },
    ],
    status: row.status === 'resolved' ? 'inactive' : 'active',
    category: [CATEGORY_CLINICAL],
    code: {
      coding: [{ system: SYSTEM.naer.alertRule, code: row.rule }],
      text: reasons ? `${SEVERITY_TEXT[row.severity]}: ${reasons}` : SEVERITY_TEXT[row.severity],
    },
    subject: patientReference(row.patientId),
    period: { start: row.openedAt.toISOString(), ...(row.resolvedAt ? { end: row.resolvedAt.toISOString() } : {}) },
    ...(row.responsibleOrgName ? { author: { display: row.responsibleOrgName } } : {}),
  };
}
