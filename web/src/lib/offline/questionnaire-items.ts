import type { QuestionnaireResponse, QuestionnaireResponseInput, TriageResult } from '@naer/shared/contracts';
import { questionnaireErrorReason, scoreResponse, triageResponse } from '@naer/shared/domain';
import type { QuestionnaireDefinition, QuestionnaireHistoryEntry, QuestionnaireScore } from '@naer/shared/domain';
import type { QueueItem } from './queue';

/**
 * Questionnaire answers in the offline queue: the provisional feedback shown while they wait (the
 * same shared scoring and triage the server runs, see questionnaire.service.ts `assess`) and the
 * views the pages need. Pure, unit-tested in questionnaire-items.test.ts.
 */

/** What the patient sees about a set of answers: the server's record once it has them, else provisional. */
export interface QuestionnaireFeedback {
  id: string;
  questionnaireId: string;
  score: number | null;
  band: QuestionnaireResponse['band'];
  triage: TriageResult;
  /** True while computed on the device; false when it is the server's stored answer. */
  provisional: boolean;
  /** When the server received it (only for the server's answer). */
  receivedAt: string | null;
}

const NO_SCORE: QuestionnaireScore = { total: null, domains: [], band: null };
const DAY_MS = 86_400_000;

/** The earlier responses the server's baseline rules would see for `answeredAt` (same window and count). */
export function historyFor(definition: QuestionnaireDefinition, history: QuestionnaireHistoryEntry[], answeredAt: Date): QuestionnaireHistoryEntry[] {
  const baselines = definition.triage.filter((r) => r.type === 'baseline');
  if (baselines.length === 0) return [];
  const days = Math.max(...baselines.map((r) => r.windowDays));
  const limit = Math.max(...baselines.map((r) => r.maxResponses));
  const end = answeredAt.getTime();
  return history
    .filter((h) => h.answeredAt.getTime() < end && h.answeredAt.getTime() >= end - days * DAY_MS)
    .sort((a, b) => b.answeredAt.getTime() - a.answeredAt.getTime())
    .slice(0, limit);
}

/** Score and triage on the device, exactly as the server would; a scoring error goes to a nurse (review), as on the server. */
export function provisionalFeedback(definition: QuestionnaireDefinition, input: QuestionnaireResponseInput, history: QuestionnaireHistoryEntry[]): QuestionnaireFeedback {
  const answeredAt = new Date(input.answeredAt);
  let score: QuestionnaireScore;
  let triage: TriageResult;
  try {
    score = scoreResponse(definition, input.answers);
    triage = triageResponse(definition, input.answers, score.total, historyFor(definition, history, answeredAt), answeredAt);
  } catch {
    score = NO_SCORE;
    triage = { level: 'review', reasons: [questionnaireErrorReason()] };
  }
  const band = score.band ? { code: score.band.code, label: score.band.label, ...(score.band.text ? { text: score.band.text } : {}) } : null;
  return { id: input.id, questionnaireId: input.questionnaireId, score: score.total, band, triage, provisional: true, receivedAt: null };
}

/** The server's stored response as feedback (it replaces the provisional one). */
export function serverFeedback(response: QuestionnaireResponse): QuestionnaireFeedback {
  return { id: response.id, questionnaireId: response.questionnaireId, score: response.score, band: response.band, triage: response.triage, provisional: false, receivedAt: response.receivedAt };
}

export const isQuestionnaireItem = (item: QueueItem): boolean => item.kind === 'questionnaire';
export const questionnaireInput = (item: QueueItem): QuestionnaireResponseInput => item.body as QuestionnaireResponseInput;

/** Questionnaire answers not yet received by the server (waiting, or on the way). */
export function waitingAnswers(items: QueueItem[]): QueueItem[] {
  return items.filter((i) => i.kind === 'questionnaire' && (i.status === 'waiting' || i.status === 'sending'));
}

/** Ids of questionnaires with answers from the Danish day `dayKeyOf(now)` still waiting to be sent. */
export function waitingQuestionnaireIds(items: QueueItem[], isToday: (iso: string) => boolean): Set<string> {
  return new Set(
    waitingAnswers(items)
      .map(questionnaireInput)
      .filter((input) => isToday(input.answeredAt))
      .map((input) => input.questionnaireId),
  );
}

/**
 * Earlier scores of one questionnaire for offline baseline rules: what the server returned (cached),
 * plus every answer this device sent since (its server record). Each response once, by id.
 */
export function questionnaireHistory(
  questionnaireId: string,
  cached: { id: string; score: number | null; answeredAt: string }[],
  items: QueueItem[],
): QuestionnaireHistoryEntry[] {
  const byId = new Map(cached.map((c) => [c.id, c]));
  for (const item of items) {
    if (item.kind !== 'questionnaire' || item.status !== 'sent') continue;
    const record = item.serverRecord as QuestionnaireResponse | undefined;
    if (record?.questionnaireId === questionnaireId) byId.set(record.id, { id: record.id, score: record.score, answeredAt: record.answeredAt });
  }
  return [...byId.values()].map((c) => ({ score: c.score, answeredAt: new Date(c.answeredAt) }));
}
