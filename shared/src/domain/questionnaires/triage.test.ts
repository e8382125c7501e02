import { describe, expect, it } from 'vitest';
import { alertForTriage } from '../alerts';
import { QuestionnaireDefinitionSchema } from './definition';
import type { QuestionnaireDefinition } from './definition';
import { isQuestionnaireDue } from './due';
import { BUILT_IN_QUESTIONNAIRES, findQuestionnaire, questionnaireIdOfRule, questionnaireRule, questionnairesForProgrammes } from './registry';
import { scoreResponse } from './scoring';
import type { QuestionnaireAnswers } from './scoring';
import { triageResponse } from './triage';
import type { QuestionnaireHistoryEntry } from './triage';

const AT = new Date('2026-03-10T09:00:00Z');
const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(AT.getTime() - n * DAY);

const def = (id: string): QuestionnaireDefinition => {
  const d = findQuestionnaire(BUILT_IN_QUESTIONNAIRES, id);
  if (!d) throw new Error(`no built-in ${id}`);
  return d;
};

const triage = (id: string, answers: QuestionnaireAnswers, history: QuestionnaireHistoryEntry[] = []) => {
  const d = def(id);
  return triageResponse(d, answers, scoreResponse(d, answers).total, history, AT);
};

const copd = (breathless: number, amount: number, colour: number, cough = 0) => ({ breathless, 'sputum-amount': amount, 'sputum-colour': colour, cough });
const hf = (a: Partial<Record<'swelling' | 'night' | 'breathless' | 'dizzy' | 'appetite', number>> = {}) => ({ swelling: 0, night: 0, breathless: 0, dizzy: 0, appetite: 0, ...a });
const cat = (total: number) => {
  // Spread a total over the 8 items (0–5 each).
  const values = Array.from({ length: 8 }, (_, i) => Math.min(5, Math.max(0, total - i * 5)));
  return Object.fromEntries(def('cat-weekly').items.map((item, i) => [item.id, values[i] ?? 0]));
};
const past = (...scores: Array<[days: number, score: number | null]>) => scores.map(([days, score]) => ({ score, answeredAt: daysAgo(days) }));

describe('COPD daily symptoms (cardinal symptoms: more breathless, more sputum, sputum changed colour)', () => {
  it('is green when no symptom is worse', () => {
    const result = triage('copd-daily', copd(0, 0, 0));
    expect(result.level).toBe('green');
    expect(result.reasons.map((r) => r.code)).toEqual(['q.copd-daily.none']);
  });

  it('is green when only the cough is worse (not a cardinal symptom)', () => {
    expect(triage('copd-daily', copd(0, 0, 0, 1)).level).toBe('green');
  });

  it.each([
    [copd(1, 0, 0), 'yellow'],
    [copd(0, 1, 0), 'yellow'],
    [copd(0, 0, 1, 1), 'yellow'],
    [copd(1, 1, 0), 'red'],
    [copd(0, 1, 1), 'red'],
    [copd(1, 1, 1, 1), 'red'],
  ])('triages %j as %s', (answers, level) => {
    expect(triage('copd-daily', answers).level).toBe(level);
  });

  it('names the worse cardinal symptoms in Danish and English', () => {
    const result = triage('copd-daily', copd(1, 0, 1));
    expect(result.reasons).toEqual([
      {
        code: 'q.copd-daily.cardinal.red',
        level: 'red',
        text: {
          da: 'Hovedsymptomer, der er værre: 2 af 3 (Mere åndenød, Slim har skiftet farve)',
          en: 'Cardinal symptoms worse: 2 of 3 (More breathless, Sputum changed colour)',
        },
      },
    ]);
  });
});

describe('heart-failure daily symptoms', () => {
  it('is green when nothing is worse, and when only the appetite is less', () => {
    expect(triage('hf-daily', hf()).level).toBe('green');
    expect(triage('hf-daily', hf({ appetite: 1 })).level).toBe('green');
  });

  it.each(['swelling', 'night', 'breathless', 'dizzy'] as const)('is yellow when %s is worse', (item) => {
    const result = triage('hf-daily', hf({ [item]: 1 }));
    expect(result.level).toBe('yellow');
    expect(result.reasons[0]?.code).toBe('q.hf-daily.worse.yellow');
  });

  it('is red for breathlessness at rest, with the red reason first', () => {
    const result = triage('hf-daily', hf({ breathless: 2, swelling: 1 }));
    expect(result.level).toBe('red');
    expect(result.reasons.map((r) => r.code)).toEqual(['q.hf-daily.breathless-at-rest.red', 'q.hf-daily.worse.yellow']);
    expect(result.reasons[0]?.text).toEqual({ da: 'Åndenød: Ja, også når jeg sidder stille', en: 'Breathlessness: Yes, even when I sit still' });
  });
});

describe('CAT-structured weekly score against the patient\u2019s baseline', () => {
  it('raises nothing on the first response and says the baseline is being set', () => {
    const result = triage('cat-weekly', cat(30));
    expect(result.level).toBe('green');
    expect(result.reasons.map((r) => r.code)).toEqual(['q.cat-weekly.none', 'q.cat-weekly.baseline.no_baseline']);
  });

  it('is yellow when the total is 4 above the median of the earlier responses', () => {
    const result = triage('cat-weekly', cat(16), past([7, 12], [14, 11], [21, 13]));
    expect(result.level).toBe('yellow');
    expect(result.reasons[0]).toEqual({
      code: 'q.cat-weekly.baseline.yellow',
      level: 'yellow',
      text: {
        da: 'KOL-score 16 er 4 point over dit udgangspunkt (median 12 af 3 tidligere besvarelser; grænse: 4 point eller mere)',
        en: 'COPD score 16 is 4 points above your usual level (median 12 of 3 earlier responses; limit: 4 points or more)',
      },
    });
  });

  it('is green when the total is 3 above the baseline', () => {
    expect(triage('cat-weekly', cat(15), past([7, 12], [14, 11], [21, 13])).level).toBe('green');
  });

  it('uses the median of an even number of responses', () => {
    // Median of 10, 11, 12, 14 is 11.5; 15 is 3.5 above (green), 16 is 4.5 above (yellow).
    const history = past([7, 10], [14, 11], [21, 12], [28, 14]);
    expect(triage('cat-weekly', cat(15), history).level).toBe('green');
    expect(triage('cat-weekly', cat(16), history).reasons[0]?.text.da).toMatch(/4,5 point over dit udgangspunkt \(median 11,5 af 4/);
  });

  it('uses only the 4 most recent earlier responses within 8 weeks', () => {
    // The most recent four are all 20; five older low scores in the window would pull a median of all nine down to 2.
    const history = past([7, 20], [14, 20], [21, 20], [28, 20], [35, 2], [42, 2], [49, 2], [50, 2], [51, 2]);
    expect(triage('cat-weekly', cat(22), history).level).toBe('green');
    // Responses older than 56 days are no baseline.
    expect(triage('cat-weekly', cat(30), past([57, 5], [90, 5])).reasons.map((r) => r.code)).toContain('q.cat-weekly.baseline.no_baseline');
  });

  it('ignores responses at or after this one, and earlier responses without a score', () => {
    const history = [...past([7, 10], [2, null]), { score: 0, answeredAt: AT }, { score: 0, answeredAt: new Date(AT.getTime() + DAY) }];
    expect(triage('cat-weekly', cat(14), history).reasons[0]?.text.en).toMatch(/median 10 of 1 earlier/);
  });
});

describe('the monthly involvement question (experience, not symptoms)', () => {
  it.each([1, 3, 5])('is green and opens no alert whatever the answer (%i), with or without earlier answers', (value) => {
    const result = triage('involvement-monthly', { involved: value }, past([30, 1], [60, 5]));
    expect(result.level).toBe('green');
    expect(result.reasons.map((r) => r.code)).toEqual(['q.involvement-monthly.none']);
    expect(alertForTriage(questionnaireRule('involvement-monthly'), result, [], AT)).toBeUndefined();
  });
});

describe('failing to a person', () => {
  it('returns review when a score rule has no score to judge', () => {
    const d = QuestionnaireDefinitionSchema.parse({ ...def('cat-weekly'), id: 'x', triage: [{ type: 'score', code: 'high', op: 'gt', value: 30, level: 'yellow' }] });
    const result = triageResponse(d, {}, null, [], AT);
    expect(result.level).toBe('review');
    expect(result.reasons[0]?.code).toBe('q.x.high.review');
  });

  it('returns review, never throws, when the definition does not hold together', () => {
    const broken = { ...def('copd-daily'), items: [] } as QuestionnaireDefinition;
    expect(triageResponse(broken, copd(1, 1, 1), 3, [], AT)).toEqual({
      level: 'review',
      reasons: [expect.objectContaining({ code: 'questionnaire.error', level: 'review' })],
    });
    expect(triageResponse(def('copd-daily'), copd(0, 0, 0), 0, [], new Date('nope')).level).toBe('review');
  });

  it('compares score thresholds in whole hundredths', () => {
    const d = QuestionnaireDefinitionSchema.parse({ ...def('cat-weekly'), id: 'y', triage: [{ type: 'score', code: 'low', op: 'le', value: 0.3, level: 'yellow' }] });
    expect(triageResponse(d, {}, 0.1 + 0.2, [], AT).level).toBe('yellow');
  });
});

describe('which questionnaires a patient is asked, and when', () => {
  it('asks COPD patients the daily check and the weekly score, heart-failure patients the daily check, and everyone the monthly involvement question', () => {
    expect(questionnairesForProgrammes(BUILT_IN_QUESTIONNAIRES, ['copd']).map((d) => d.id)).toEqual(['copd-daily', 'cat-weekly', 'involvement-monthly']);
    expect(questionnairesForProgrammes(BUILT_IN_QUESTIONNAIRES, ['heart_failure']).map((d) => d.id)).toEqual(['hf-daily', 'involvement-monthly']);
    expect(questionnairesForProgrammes(BUILT_IN_QUESTIONNAIRES, ['copd', 'heart_failure'])).toHaveLength(4);
  });

  it('finds the newest version unless a version is asked for', () => {
    const v2 = { ...def('copd-daily'), version: 2 };
    const all = [...BUILT_IN_QUESTIONNAIRES, v2];
    expect(findQuestionnaire(all, 'copd-daily')?.version).toBe(2);
    expect(findQuestionnaire(all, 'copd-daily', 1)?.version).toBe(1);
    expect(findQuestionnaire(all, 'copd-daily', 3)).toBeUndefined();
    expect(questionnairesForProgrammes(all, ['copd']).map((d) => [d.id, d.version])).toEqual([
      ['copd-daily', 2],
      ['cat-weekly', 1],
      ['involvement-monthly', 1],
    ]);
  });

  it('makes a daily questionnaire due again after Danish midnight, not 24 hours later', () => {
    // 22:30 UTC on 9 March is 23:30 in Copenhagen; 23:10 UTC is 00:10 on 10 March.
    const lastEvening = new Date('2026-03-09T22:30:00Z');
    expect(isQuestionnaireDue('daily', lastEvening, new Date('2026-03-09T22:50:00Z'))).toBe(false);
    expect(isQuestionnaireDue('daily', lastEvening, new Date('2026-03-09T23:10:00Z'))).toBe(true);
    expect(isQuestionnaireDue('daily', null, AT)).toBe(true);
  });

  it('makes a weekly questionnaire due on the same weekday a week later, and never one answered as needed', () => {
    const monday = new Date('2026-03-02T18:00:00Z');
    expect(isQuestionnaireDue('weekly', monday, new Date('2026-03-08T20:00:00Z'))).toBe(false);
    expect(isQuestionnaireDue('weekly', monday, new Date('2026-03-09T06:00:00Z'))).toBe(true);
    expect(isQuestionnaireDue('as_needed', null, AT)).toBe(false);
  });
});

describe('alert rules of questionnaires', () => {
  it('are q:<questionnaire id>, and other rules are not questionnaires', () => {
    expect(questionnaireRule('copd-daily')).toBe('q:copd-daily');
    expect(questionnaireIdOfRule('q:cat-weekly')).toBe('cat-weekly');
    expect(questionnaireIdOfRule('spo2')).toBeUndefined();
    expect(questionnaireIdOfRule('q:')).toBeUndefined();
  });
});
