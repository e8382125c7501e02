import { describe, expect, it } from 'vitest';
import type { QuestionnaireResponse, QuestionnaireResponseInput } from '@naer/shared/contracts';
import { BUILT_IN_QUESTIONNAIRES, findQuestionnaire } from '@naer/shared/domain';
import { historyFor, provisionalFeedback, questionnaireHistory, serverFeedback, waitingAnswers, waitingQuestionnaireIds } from './questionnaire-items';
import { newItem } from './queue';
import type { QueueItem } from './queue';

const def = (id: string) => {
  const d = findQuestionnaire(BUILT_IN_QUESTIONNAIRES, id);
  if (!d) throw new Error(id);
  return d;
};

const AT = '2026-03-10T08:00:00.000Z';
const input = (questionnaireId: string, answers: Record<string, number>, id = '00000000-0000-4000-8000-000000000001', answeredAt = AT): QuestionnaireResponseInput => ({
  id,
  questionnaireId,
  version: 1,
  answers,
  answeredAt,
  source: 'manual',
});
const CAT = ['cough', 'phlegm', 'chest', 'stairs', 'home', 'going-out', 'sleep', 'energy'];
const cat = (values: number[]) => Object.fromEntries(CAT.map((id, i) => [id, values[i] ?? 0]));
const daysBefore = (days: number) => new Date(Date.parse(AT) - days * 86_400_000);

describe('provisionalFeedback (the shared engine the server runs)', () => {
  it('scores the COPD daily check and triages two cardinal symptoms worse red, with the same reason code as the server', () => {
    const f = provisionalFeedback(def('copd-daily'), input('copd-daily', { breathless: 1, 'sputum-amount': 1, 'sputum-colour': 0, cough: 0 }), []);
    expect(f).toMatchObject({ provisional: true, score: 2, receivedAt: null, triage: { level: 'red' } });
    expect(f.triage.reasons[0]?.code).toBe('q.copd-daily.cardinal.red');
  });

  it('gives the CAT-structured score its total and band, green without a baseline and yellow 4 points above it', () => {
    const answers = cat([2, 3, 1, 4, 2, 1, 3, 2]);
    const first = provisionalFeedback(def('cat-weekly'), input('cat-weekly', answers), []);
    expect(first).toMatchObject({ score: 18, band: { code: 'medium' }, triage: { level: 'green' } });

    const rising = provisionalFeedback(def('cat-weekly'), input('cat-weekly', answers), [{ score: 14, answeredAt: daysBefore(7) }]);
    expect(rising.triage.level).toBe('yellow');
    expect(rising.triage.reasons[0]?.code).toBe('q.cat-weekly.baseline.yellow');

    // An answer outside the 8-week window is no baseline, as on the server.
    const old = provisionalFeedback(def('cat-weekly'), input('cat-weekly', answers), [{ score: 14, answeredAt: daysBefore(60) }]);
    expect(old.triage.level).toBe('green');
  });

  it('sends answers that do not fit the definition to a nurse (review), never green', () => {
    const f = provisionalFeedback(def('copd-daily'), input('copd-daily', { breathless: 7 }), []);
    expect(f).toMatchObject({ score: null, triage: { level: 'review' } });
  });
});

describe('historyFor', () => {
  it('keeps what the server loads: the newest earlier responses inside the longest window, at most maxResponses', () => {
    const history = [1, 2, 3, 4, 5, 70].map((d) => ({ score: d, answeredAt: daysBefore(d) }));
    const later = { score: 99, answeredAt: new Date(Date.parse(AT) + 1000) };
    expect(historyFor(def('cat-weekly'), [...history, later], new Date(AT)).map((h) => h.score)).toEqual([1, 2, 3, 4]);
    expect(historyFor(def('copd-daily'), history, new Date(AT))).toEqual([]);
  });
});

describe('serverFeedback', () => {
  it('replaces the provisional feedback with the stored response', () => {
    const response = {
      id: '00000000-0000-4000-8000-000000000001',
      questionnaireId: 'cat-weekly',
      score: 18,
      band: { code: 'medium', label: { da: 'Middel påvirkning', en: 'Medium impact' } },
      triage: { level: 'yellow', reasons: [] },
      receivedAt: '2026-03-10T09:00:00.000Z',
    } as unknown as QuestionnaireResponse;
    expect(serverFeedback(response)).toMatchObject({ provisional: false, score: 18, triage: { level: 'yellow' }, receivedAt: '2026-03-10T09:00:00.000Z' });
  });
});

describe('queue views of questionnaire answers', () => {
  const item = (id: string, questionnaireId: string, answeredAt: string, status: QueueItem['status']): QueueItem => ({
    ...newItem(id, 'questionnaire', input(questionnaireId, {}, id, answeredAt), new Date(answeredAt)),
    status,
  });
  const reading = newItem('r', 'measurement', { id: 'r', kind: 'spo2' }, new Date(AT));

  it('lists answers still waiting or on the way, and which questionnaires of today they belong to', () => {
    const items = [
      item('a', 'copd-daily', AT, 'waiting'),
      item('b', 'cat-weekly', AT, 'sending'),
      item('c', 'hf-daily', AT, 'sent'),
      item('d', 'hf-daily', '2026-03-09T08:00:00.000Z', 'waiting'),
      reading,
    ];
    expect(waitingAnswers(items).map((i) => i.id)).toEqual(['a', 'b', 'd']);
    const today = (iso: string) => iso.startsWith('2026-03-10');
    expect([...waitingQuestionnaireIds(items, today)].sort()).toEqual(['cat-weekly', 'copd-daily']);
  });

  it('adds answers this device sent since to the cached history, each response once', () => {
    const sent: QueueItem = {
      ...item('x', 'cat-weekly', AT, 'sent'),
      serverRecord: { id: 'x', questionnaireId: 'cat-weekly', score: 12, answeredAt: AT },
    };
    const other: QueueItem = { ...item('y', 'copd-daily', AT, 'sent'), serverRecord: { id: 'y', questionnaireId: 'copd-daily', score: 1, answeredAt: AT } };
    const cached = [
      { id: 'x', score: 12, answeredAt: AT },
      { id: 'w', score: 10, answeredAt: '2026-03-03T08:00:00.000Z' },
    ];
    const history = questionnaireHistory('cat-weekly', cached, [sent, other, reading]);
    expect(history.map((h) => h.score).sort()).toEqual([10, 12]);
  });
});
