import type { QuestionnaireList, QuestionnaireResponse, QuestionnaireResponseInput } from '@naer/shared/contracts';
import { BUILT_IN_QUESTIONNAIRES, findQuestionnaire } from '@naer/shared/domain';
import type { QuestionnaireDefinition } from '@naer/shared/domain';
import { ApiError, call } from '$lib/api';
import { fromDevice as cached, keepOnDevice as keep } from './device-cache';
import { offline } from './state.svelte';
import { submitItem } from './client';
import { provisionalFeedback, questionnaireHistory, serverFeedback } from './questionnaire-items';
import type { QuestionnaireFeedback } from './questionnaire-items';
import type { QueueItem } from './queue';

/**
 * Questionnaires offline: what the device keeps so a questionnaire can be opened, answered and
 * given provisional feedback without a connection (the list, each definition, recent scores), and
 * submitting answers through the offline queue like readings.
 */

/** No connection, or the server is down: the device's copy may stand in. A 4xx never falls back. */
const unreachable = (error: unknown) => !(error instanceof ApiError) || error.isNetwork || error.status >= 500;

const listKey = 'questionnaires:list';
const definitionKey = (id: string) => `questionnaire:${id}`;
const historyKey = (patientId: string, id: string) => `questionnaire-history:${patientId}:${id}`;

/** The patient's questionnaire list: from the server (kept for offline), else the copy on the device. */
export async function questionnaireList(): Promise<{ list: QuestionnaireList; fromDevice: boolean }> {
  try {
    const list = await call('questionnaires.list');
    await keep(listKey, list);
    return { list, fromDevice: false };
  } catch (error) {
    const copy = unreachable(error) ? await cached<QuestionnaireList>(listKey) : undefined;
    if (copy) return { list: copy, fromDevice: true };
    throw error;
  }
}

/** Keeps a list fetched elsewhere (today's plan) for offline use. */
export const keepQuestionnaireList = (list: QuestionnaireList): Promise<void> => keep(listKey, list);
export const cachedQuestionnaireList = (): Promise<QuestionnaireList | undefined> => cached<QuestionnaireList>(listKey);

/**
 * One definition: from the server (kept), else the device's copy, else the copy built into the app
 * (the same definitions the server ships), so a questionnaire opens offline.
 */
export async function questionnaireDefinition(id: string): Promise<QuestionnaireDefinition> {
  try {
    const definition = await call('questionnaires.definition', { params: { id } });
    await keep(definitionKey(id), definition);
    return definition;
  } catch (error) {
    if (!unreachable(error)) throw error;
    const copy = (await cached<QuestionnaireDefinition>(definitionKey(id))) ?? findQuestionnaire(BUILT_IN_QUESTIONNAIRES, id);
    if (copy) return copy;
    throw error;
  }
}

type HistoryEntry = { id: string; score: number | null; answeredAt: string };

/** Keeps the patient's recent scores of a questionnaire whose triage compares with their own baseline (while online). */
export async function keepQuestionnaireHistory(patientId: string, definition: QuestionnaireDefinition): Promise<void> {
  if (!definition.triage.some((r) => r.type === 'baseline')) return;
  try {
    const page = await call('questionnaires.responses', { params: { patientId }, query: { questionnaireId: definition.id, limit: 20 } });
    const entries: HistoryEntry[] = page.items.map((r) => ({ id: r.id, score: r.score, answeredAt: r.answeredAt }));
    await keep(historyKey(patientId, definition.id), entries);
  } catch {
    // offline: keep what is cached
  }
}

/** Feedback for answers the server has not confirmed: the shared engine over the cached history. */
export async function provisionalFor(patientId: string, definition: QuestionnaireDefinition, input: QuestionnaireResponseInput): Promise<QuestionnaireFeedback> {
  const history = (await cached<HistoryEntry[]>(historyKey(patientId, definition.id))) ?? [];
  return provisionalFeedback(definition, input, questionnaireHistory(definition.id, history, offline.items));
}

export type QuestionnaireSubmission =
  | { state: 'sent'; item: QueueItem; feedback: QuestionnaireFeedback }
  | { state: 'waiting'; item: QueueItem }
  | { state: 'failed'; item: QueueItem; message: string };

/** Stores the answers on the device, then tries to send them; `input.id` makes every resend idempotent. */
export async function submitQuestionnaire(input: QuestionnaireResponseInput): Promise<QuestionnaireSubmission> {
  const item = await submitItem('questionnaire', input.id, input);
  if (item.status === 'sent') return { state: 'sent', item, feedback: serverFeedback(item.serverRecord as QuestionnaireResponse) };
  if (item.status === 'failed') return { state: 'failed', item, message: item.lastError ?? '' };
  return { state: 'waiting', item };
}

/** A definition without a request: from a loaded list, else the copy built into the app. */
export function knownDefinition(id: string, list: QuestionnaireList | null): QuestionnaireDefinition | undefined {
  return list?.items.find((i) => i.definition.id === id)?.definition ?? findQuestionnaire(BUILT_IN_QUESTIONNAIRES, id);
}
