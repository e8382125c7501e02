import type { OverviewQuestionnaire } from '@naer/shared/contracts';

/** One answered questionnaire in a history row: its score and which items changed since the answer before. */
export interface HistoryRow {
  response: OverviewQuestionnaire;
  /** Item ids whose answer differs from the previous response to the same questionnaire (none for the first). */
  changed: string[];
  /** Score minus the previous response's score; null without both. */
  scoreChange: number | null;
}

/** Responses grouped per questionnaire, newest first, each with what changed since the one before it. */
export function questionnaireHistory(responses: OverviewQuestionnaire[]): Map<string, HistoryRow[]> {
  const byId = new Map<string, OverviewQuestionnaire[]>();
  for (const r of responses) byId.set(r.questionnaireId, [...(byId.get(r.questionnaireId) ?? []), r]);
  const out = new Map<string, HistoryRow[]>();
  for (const [id, list] of byId) {
    const oldestFirst = [...list].sort((a, b) => a.answeredAt.localeCompare(b.answeredAt));
    const rows = oldestFirst.map((response, i): HistoryRow => {
      const previous = oldestFirst[i - 1];
      if (!previous) return { response, changed: [], scoreChange: null };
      const items = new Set([...Object.keys(previous.answers), ...Object.keys(response.answers)]);
      const changed = [...items].filter((item) => JSON.stringify(previous.answers[item]) !== JSON.stringify(response.answers[item])).sort();
      const scoreChange = response.score !== null && previous.score !== null ? response.score - previous.score : null;
      return { response, changed, scoreChange };
    });
    out.set(id, rows.reverse());
  }
  return out;
}
