import type { QuestionnaireLastResponse, QuestionnaireResponse } from '@naer/shared';
import { bandFor, findQuestionnaire, scoreResponse } from '@naer/shared/domain';
import type { QuestionnaireDefinition, ScoreBand } from '@naer/shared/domain';
import type { LastResponseRow, QuestionnaireResponseRow } from './questionnaire.repository';

const band = (b: ScoreBand | null) => (b ? { code: b.code, label: b.label, ...(b.text ? { text: b.text } : {}) } : null);

/** Numbers only: what the table holds is JSON, and only numeric answers were ever accepted. */
function numericAnswers(answers: Record<string, unknown>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(answers)) if (typeof value === 'number') out[key] = value;
  return out;
}

// Domain scores are not stored: recomputed from the answers with the version they answered.
function domainsOf(definition: QuestionnaireDefinition | undefined, answers: Record<string, number>): QuestionnaireResponse['domains'] {
  if (definition?.scoring.type !== 'domains') return [];
  try {
    return scoreResponse(definition, answers).domains;
  } catch {
    return [];
  }
}

/** Allow-list from a stored row to the public QuestionnaireResponse contract. */
export function toQuestionnaireResponse(row: QuestionnaireResponseRow, definitions: readonly QuestionnaireDefinition[]): QuestionnaireResponse {
  const definition = findQuestionnaire(definitions, row.questionnaireId, row.questionnaireVersion);
  const answers = numericAnswers(row.answers);
  return {
    id: row.id,
    patientId: row.patientId,
    questionnaireId: row.questionnaireId,
    version: row.questionnaireVersion,
    answers,
    score: row.score,
    band: band(bandFor(definition?.bands, row.score)),
    domains: domainsOf(definition, answers),
    answeredAt: row.answeredAt.toISOString(),
    receivedAt: row.receivedAt.toISOString(),
    source: row.source,
    enteredBy: row.enteredBy,
    triage: { level: row.triageLevel, reasons: row.triageReasons },
  };
}

/** The newest response to a questionnaire, as the questionnaire list shows it. */
export function toLastResponse(row: LastResponseRow, definitions: readonly QuestionnaireDefinition[]): QuestionnaireLastResponse {
  const definition = findQuestionnaire(definitions, row.questionnaire_id, row.questionnaire_version);
  return {
    id: row.id,
    answeredAt: new Date(row.answered_at).toISOString(),
    score: row.score,
    band: band(bandFor(definition?.bands, row.score)),
    triageLevel: row.triage_level,
  };
}
