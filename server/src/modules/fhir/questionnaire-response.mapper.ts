import { QUESTIONNAIRE_BASE } from './fhir-codes';
import type { QuestionnaireResponse } from './fhir.types';
import type { QuestionnaireFhirRow } from './fhir.repository';
import { patientReference, performerOf } from './observation.mapper';

/** One answered questionnaire: each item's chosen option value, keyed by the item id. */
export function toQuestionnaireResponse(row: QuestionnaireFhirRow): QuestionnaireResponse {
  const [author] = performerOf(row.source, row.patientId, { name: row.enteredByName, jobTitle: row.enteredByJobTitle });
  return {
    resourceType: 'QuestionnaireResponse',
    id: row.id,
    questionnaire: `${QUESTIONNAIRE_BASE}/${row.questionnaireId}|${row.questionnaireVersion}`,
    status: 'completed',
    subject: patientReference(row.patientId),
    authored: row.answeredAt.toISOString(),
    ...(author ? { author } : {}),
    source: patientReference(row.patientId),
    item: Object.entries(row.answers)
      .filter((entry): entry is [string, number] => typeof entry[1] === 'number')
      .map(([linkId, value]) => ({ linkId, answer: [Number.isInteger(value) ? { valueInteger: value } : { valueDecimal: value }] })),
  };
}
