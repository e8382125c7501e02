import { describe, expect, it } from 'vitest';
import { BUILT_IN_QUESTIONNAIRES, findQuestionnaire } from '@naer/shared/domain';
import { maxScore, responseInput } from './questionnaires';

const def = (id: string) => {
  const d = findQuestionnaire(BUILT_IN_QUESTIONNAIRES, id);
  if (!d) throw new Error(id);
  return d;
};

describe('responseInput', () => {
  it('keeps the id and time of an earlier attempt with the same answers, so a retry is stored once', () => {
    const copd = def('copd-daily');
    const first = responseInput(copd, { breathless: 1, cough: 0 }, null, new Date('2026-03-10T08:00:00Z'));
    expect(first).toMatchObject({ questionnaireId: 'copd-daily', version: 1, source: 'manual', answeredAt: '2026-03-10T08:00:00.000Z' });
    expect(responseInput(copd, { cough: 0, breathless: 1 }, first, new Date('2026-03-10T08:05:00Z'))).toBe(first);
  });

  it('gives changed answers a new id and time', () => {
    const copd = def('copd-daily');
    const first = responseInput(copd, { breathless: 1 }, null);
    const changed = responseInput(copd, { breathless: 0 }, first);
    expect(changed.id).not.toBe(first.id);
    expect(responseInput(copd, { breathless: 1, cough: 1 }, first).id).not.toBe(first.id);
  });
});

describe('maxScore', () => {
  it('is 40 for the CAT-structured score and the number of symptoms for the daily checks', () => {
    expect(maxScore(def('cat-weekly'))).toBe(40);
    expect(maxScore(def('copd-daily'))).toBe(4);
    expect(maxScore(def('hf-daily'))).toBe(5);
  });
});
