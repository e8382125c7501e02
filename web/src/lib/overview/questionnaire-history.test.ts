import { describe, expect, it } from 'vitest';
import type { OverviewQuestionnaire } from '@naer/shared/contracts';
import { questionnaireHistory } from './questionnaire-history';

const response = (id: string, questionnaireId: string, answeredAt: string, score: number | null, answers: Record<string, unknown>): OverviewQuestionnaire => ({
  id, questionnaireId, version: 1, answeredAt, score, level: 'green', answers,
});

describe('questionnaire history', () => {
  it('groups per questionnaire, newest first, with the items and score that changed since the answer before', () => {
    const history = questionnaireHistory([
      response('b', 'cat', '2026-11-14T09:00:00.000Z', 14, { cough: 2, sleep: 3 }),
      response('a', 'cat', '2026-11-07T09:00:00.000Z', 10, { cough: 1, sleep: 3 }),
      response('d', 'copd-daily', '2026-11-14T08:00:00.000Z', 0, { breathless: 0 }),
      response('c', 'cat', '2026-11-21T09:00:00.000Z', 14, { cough: 2, sleep: 3 }),
    ]);
    expect([...history.keys()]).toEqual(['cat', 'copd-daily']);
    const cat = history.get('cat') ?? [];
    expect(cat.map((r) => r.response.id)).toEqual(['c', 'b', 'a']);
    expect(cat.map((r) => r.changed)).toEqual([[], ['cough'], []]);
    expect(cat.map((r) => r.scoreChange)).toEqual([0, 4, null]);
  });

  it('counts an item that appears or disappears as changed, and has no score change without both scores', () => {
    const [newer] = questionnaireHistory([
      response('a', 'hf', '2026-11-01T09:00:00.000Z', null, { swelling: 0 }),
      response('b', 'hf', '2026-11-02T09:00:00.000Z', 1, { swelling: 0, dizzy: 1 }),
    ]).get('hf') ?? [];
    expect(newer?.changed).toEqual(['dizzy']);
    expect(newer?.scoreChange).toBeNull();
  });
});
