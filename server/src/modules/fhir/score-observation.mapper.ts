import type { TriageLevel, TriageReason } from '@naer/shared';
import { visitReasonText } from '@naer/shared/domain';
import { CATEGORY, EXTENSION, SCORE_CODING, SYSTEM, questionnaireScoreCode } from './fhir-codes';
import type { Observation } from './fhir.types';
import type { QuestionnaireFhirRow, VisitFhirRow } from './fhir.repository';
import { interpretationOf, patientReference, performerOf, sourceExtension } from './observation.mapper';

/** FHIR ids of the Observations derived from an answer or a visit (a reading's Observation keeps the reading's id). */
export const SCORE_ID = {
  questionnaire: 'score-',
  tobs: 'tobs-',
  news2: 'news2-',
} as const;

const score = (value: number) => ({ value, unit: 'score', system: SYSTEM.ucum, code: '{score}' });
const level = (triageLevel: TriageLevel) => ({ url: EXTENSION.triageLevel, valueCode: triageLevel });

/** A questionnaire answer's total score, derived from its QuestionnaireResponse. */
export function toScoreObservation(row: QuestionnaireFhirRow & { score: number }): Observation {
  return {
    resourceType: 'Observation',
    id: `${SCORE_ID.questionnaire}${row.id}`,
    extension: [sourceExtension(row.source), level(row.triageLevel)],
    status: 'final',
    category: [CATEGORY.survey],
    code: { coding: [{ system: SYSTEM.naer.score, code: questionnaireScoreCode(row.questionnaireId) }], text: `Score of questionnaire ${row.questionnaireId}` },
    subject: patientReference(row.patientId),
    effectiveDateTime: row.answeredAt.toISOString(),
    issued: row.receivedAt.toISOString(),
    performer: performerOf(row.source, row.patientId, { name: row.enteredByName, jobTitle: row.enteredByJobTitle }),
    valueQuantity: score(row.score),
    ...interpretationOf(row.triageLevel, row.triageReasons),
    derivedFrom: [{ reference: `QuestionnaireResponse/${row.id}` }],
  };
}

/** A home visit's TOBS or NEWS2 total, with each parameter's points as a component. */
export function toVisitScoreObservation(row: VisitFhirRow, which: 'tobs' | 'news2'): Observation {
  const parts = (which === 'tobs' ? row.tobs : row.news2).parts as Record<string, number> | undefined;
  const reasons: TriageReason[] = row.triageReasons.map(visitReasonText);
  const nurse = `${row.recordedByName}${row.recordedByJobTitle ? `, ${row.recordedByJobTitle}` : ''}${row.organisationName ? ` (${row.organisationName})` : ''}`;
  return {
    resourceType: 'Observation',
    id: `${SCORE_ID[which]}${row.id}`,
    extension: [sourceExtension('nurse'), level(row.triageLevel)],
    status: 'final',
    category: [CATEGORY.survey],
    code: SCORE_CODING[which],
    subject: patientReference(row.patientId),
    effectiveDateTime: row.measuredAt.toISOString(),
    issued: row.createdAt.toISOString(),
    performer: [{ display: nurse }],
    valueQuantity: score(which === 'tobs' ? row.tobsTotal : row.news2Total),
    ...interpretationOf(row.triageLevel, reasons),
    ...(which === 'news2' ? { note: [{ text: `SpO2 scale ${row.spo2Scale}` }] } : {}),
    component: Object.entries(parts ?? {}).map(([part, points]) => ({
      code: { coding: [{ system: SYSTEM.naer.scorePart, code: `${which}-${part}` }], text: part },
      valueInteger: points,
    })),
  };
}
