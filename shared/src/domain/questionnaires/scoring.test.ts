import { describe, expect, it } from 'vitest';
import { QuestionnaireDefinitionSchema } from './definition';
import type { QuestionnaireDefinition, QuestionnaireDefinitionInput } from './definition';
import { BUILT_IN_QUESTIONNAIRES, findQuestionnaire } from './registry';
import { bandFor, scoreResponse, validateAnswers } from './scoring';

const builtIn = (id: string): QuestionnaireDefinition => {
  const d = findQuestionnaire(BUILT_IN_QUESTIONNAIRES, id);
  if (!d) throw new Error(`no built-in ${id}`);
  return d;
};

const text = (s: string) => ({ da: s, en: s });
const five = (id: string, required = true) => ({
  type: 'choice' as const,
  id,
  text: text(`Question ${id}`),
  label: text(`Topic ${id}`),
  required,
  options: [1, 2, 3, 4, 5].map((value) => ({ value, text: text(`Level ${value}`) })),
});

/**
 * A KCCQ-shaped definition with neutral made-up wording: two 1–5 items per domain plus one 1–7 item,
 * an item whose "did not do it" answer counts as missing, minimum answers per domain.
 */
const KCCQ_SHAPED: QuestionnaireDefinitionInput = {
  id: 'synthetic-kccq',
  version: 1,
  title: text('Synthetic domain-scored form'),
  programmes: ['heart_failure'],
  cadence: 'as_needed',
  items: [
    { ...five('a1'), options: [...five('a1').options, { value: 6, text: text('Did not do it'), notApplicable: true }] },
    five('a2', false),
    five('a3', false),
    { ...five('b1', false), options: [1, 2, 3, 4, 5, 6, 7].map((value) => ({ value, text: text(`Level ${value}`) })) },
    five('b2', false),
    five('c1', false),
    five('d1', false),
    five('d2', false),
  ],
  scoring: {
    type: 'domains',
    label: text('Summary'),
    domains: [
      { id: 'alpha', label: text('Alpha'), items: ['a1', 'a2', 'a3'], minAnswers: 2, higherIsBetter: true },
      { id: 'beta', label: text('Beta'), items: ['b1', 'b2'], minAnswers: 1, higherIsBetter: true },
      { id: 'gamma', label: text('Gamma'), items: ['c1'], minAnswers: 1, higherIsBetter: false },
      { id: 'delta', label: text('Delta'), items: ['d1', 'd2'], minAnswers: 2, higherIsBetter: true },
    ],
  },
  bands: [
    { code: 'poor', min: 0, label: text('Poor') },
    { code: 'fair', min: 25, label: text('Fair') },
    { code: 'good', min: 50, label: text('Good') },
    { code: 'excellent', min: 75, label: text('Excellent') },
  ],
  triage: [{ type: 'score', code: 'low-summary', op: 'lt', value: 25, level: 'yellow' }],
};
const kccq = QuestionnaireDefinitionSchema.parse(KCCQ_SHAPED);

describe('the built-in definitions', () => {
  it('ship the COPD daily check, the heart-failure daily check, the weekly CAT-structured score and the monthly involvement question, all valid', () => {
    expect(BUILT_IN_QUESTIONNAIRES.map((d) => [d.id, d.version, d.cadence, d.programmes])).toEqual([
      ['copd-daily', 1, 'daily', ['copd']],
      ['hf-daily', 1, 'daily', ['heart_failure']],
      ['cat-weekly', 1, 'weekly', ['copd']],
      ['involvement-monthly', 1, 'monthly', ['copd', 'heart_failure']],
    ]);
    for (const d of BUILT_IN_QUESTIONNAIRES) expect(QuestionnaireDefinitionSchema.safeParse(d).success).toBe(true);
  });

  it('have Danish and English text on every question and option', () => {
    for (const d of BUILT_IN_QUESTIONNAIRES) {
      for (const item of d.items) {
        expect(item.text.da).not.toBe(item.text.en);
        if (item.type === 'choice') for (const o of item.options) expect(o.text.da.length * o.text.en.length).toBeGreaterThan(0);
      }
    }
  });

  it('give the CAT-structured score 8 topics scored 0 to 5', () => {
    const cat = builtIn('cat-weekly');
    expect(cat.items.map((i) => i.id)).toEqual(['cough', 'phlegm', 'chest', 'stairs', 'home', 'going-out', 'sleep', 'energy']);
    for (const item of cat.items) expect(item).toMatchObject({ type: 'scale', min: 0, max: 5 });
  });
});

describe('the monthly involvement question (a contract with the population dashboard)', () => {
  const involvement = builtIn('involvement-monthly');

  it('asks one question, involved, answered 1 (not at all) to 5 (completely), with no triage rules', () => {
    expect(involvement.items).toHaveLength(1);
    expect(involvement.items[0]).toMatchObject({ id: 'involved', type: 'choice', required: true, text: { da: 'Føler du dig inddraget i din behandling?' } });
    const options = involvement.items[0]?.type === 'choice' ? involvement.items[0].options : [];
    expect(options.map((o) => [o.value, o.text.da, o.text.en])).toEqual([
      [1, 'Slet ikke', 'Not at all'],
      [2, 'I ringe grad', 'A little'],
      [3, 'I nogen grad', 'Somewhat'],
      [4, 'I høj grad', 'Quite a lot'],
      [5, 'I meget høj grad', 'Completely'],
    ]);
    expect(involvement.triage).toEqual([]);
    expect(involvement.bands).toBeUndefined();
  });

  it.each([1, 2, 3, 4, 5])('scores the answer %i as itself', (value) => {
    expect(scoreResponse(involvement, { involved: value }).total).toBe(value);
  });

  it('refuses 0, 6 and a missing answer', () => {
    expect(validateAnswers(involvement, { involved: 0 })[0]?.path).toBe('answers.involved');
    expect(validateAnswers(involvement, { involved: 6 })[0]?.path).toBe('answers.involved');
    expect(validateAnswers(involvement, {})[0]?.path).toBe('answers.involved');
  });
});

describe('validating answers', () => {
  const copd = builtIn('copd-daily');
  const all = { breathless: 0, 'sputum-amount': 0, 'sputum-colour': 0, cough: 0 };

  it('accepts a complete set of allowed answers', () => {
    expect(validateAnswers(copd, all)).toEqual([]);
  });

  it('names a required item that is not answered', () => {
    const { cough: _cough, ...rest } = all;
    expect(validateAnswers(copd, rest)).toEqual([{ path: 'answers.cough', message: 'answers.cough (More cough): is not answered; answer it before sending.' }]);
  });

  it('names an answer that is not one of the item\u2019s values, and lists the allowed ones', () => {
    const [issue] = validateAnswers(copd, { ...all, breathless: 3 });
    expect(issue).toEqual({ path: 'answers.breathless', message: 'answers.breathless (More breathless): 3 is not an allowed answer; use one of 0, 1.' });
  });

  it('refuses text, fractions and values outside a scale', () => {
    const cat = builtIn('cat-weekly');
    const ok = Object.fromEntries(cat.items.map((i) => [i.id, 2]));
    expect(validateAnswers(cat, ok)).toEqual([]);
    expect(validateAnswers(cat, { ...ok, sleep: 6 })[0]?.path).toBe('answers.sleep');
    expect(validateAnswers(cat, { ...ok, sleep: 2.5 })[0]?.path).toBe('answers.sleep');
    expect(validateAnswers(cat, { ...ok, sleep: '2' })[0]?.message).toMatch(/"2" is not an allowed answer/);
  });

  it('names an answer to a question the questionnaire does not have', () => {
    expect(validateAnswers(copd, { ...all, fever: 1 })).toEqual([{ path: 'answers.fever', message: 'answers.fever: is not a question in copd-daily version 1; leave it out.' }]);
  });

  it('allows optional items to be left out', () => {
    expect(validateAnswers(kccq, { a1: 3 })).toEqual([]);
  });
});

describe('scoring', () => {
  it('counts the COPD symptoms that are worse', () => {
    const copd = builtIn('copd-daily');
    expect(scoreResponse(copd, { breathless: 1, 'sputum-amount': 0, 'sputum-colour': 1, cough: 1 })).toEqual({ total: 3, domains: [], band: null });
    expect(scoreResponse(copd, { breathless: 0, 'sputum-amount': 0, 'sputum-colour': 0, cough: 0 }).total).toBe(0);
  });

  it('counts breathless at rest once among the heart-failure symptoms that are worse', () => {
    const hf = builtIn('hf-daily');
    expect(scoreResponse(hf, { swelling: 1, night: 0, breathless: 2, dizzy: 0, appetite: 1 }).total).toBe(3);
  });

  it.each([
    [[0, 0, 0, 0, 0, 0, 0, 0], 0, 'low'],
    [[1, 1, 1, 1, 1, 1, 1, 2], 9, 'low'],
    [[1, 1, 1, 1, 1, 1, 2, 2], 10, 'medium'],
    [[3, 3, 3, 3, 2, 2, 2, 2], 20, 'medium'],
    [[3, 3, 3, 3, 3, 2, 2, 2], 21, 'high'],
    [[4, 4, 4, 4, 4, 4, 3, 3], 30, 'high'],
    [[4, 4, 4, 4, 4, 4, 4, 3], 31, 'very-high'],
    [[5, 5, 5, 5, 5, 5, 5, 5], 40, 'very-high'],
  ])('sums the CAT-structured answers %j to %i with impact band %s', (values, total, band) => {
    const cat = builtIn('cat-weekly');
    const answers = Object.fromEntries(cat.items.map((item, i) => [item.id, values[i] ?? 0]));
    const score = scoreResponse(cat, answers);
    expect(score.total).toBe(total);
    expect(score.band?.code).toBe(band);
  });

  it('throws on answers that do not fit, so a caller cannot score them by mistake', () => {
    expect(() => scoreResponse(builtIn('copd-daily'), { breathless: 1 })).toThrow(RangeError);
  });

  it('gives no sum when fewer than minAnswers items are answered', () => {
    const def = QuestionnaireDefinitionSchema.parse({
      ...KCCQ_SHAPED,
      id: 'partial-sum',
      scoring: { type: 'sum', items: ['a1', 'a2', 'a3'], minAnswers: 2 },
      bands: undefined,
      triage: [],
    });
    expect(scoreResponse(def, { a1: 2 }).total).toBeNull();
    expect(scoreResponse(def, { a1: 2, a3: 4 }).total).toBe(6);
    // "Did not do it" is not an answer for scoring.
    expect(scoreResponse(def, { a1: 6, a3: 4 }).total).toBeNull();
  });
});

describe('domain scoring (KCCQ shape)', () => {
  it('rescales each item over its own range to 0–100 and averages the domains', () => {
    // alpha: (5−1)/4 and (3−1)/4 → 100, 50 → 75; beta: (7−1)/6 → 100 and (1−1)/4 → 0 → 50;
    // gamma reversed: 100 − (2−1)/4·100 = 75; delta: (4−1)/4, (2−1)/4 → 75, 25 → 50. Summary (75+50+75+50)/4 = 62.5.
    const score = scoreResponse(kccq, { a1: 5, a2: 3, b1: 7, b2: 1, c1: 2, d1: 4, d2: 2 });
    expect(score.domains.map((d) => [d.id, d.score, d.answered])).toEqual([
      ['alpha', 75, 2],
      ['beta', 50, 2],
      ['gamma', 75, 1],
      ['delta', 50, 2],
    ]);
    expect(score.total).toBe(62.5);
    expect(score.band?.code).toBe('good');
  });

  it('leaves out a domain with fewer answers than its minimum, and averages the domains that remain', () => {
    // alpha has one applicable answer (a1 "did not do it" is missing) of the 2 it needs; delta has 1 of 2.
    const score = scoreResponse(kccq, { a1: 6, a2: 5, b1: 4, c1: 1, d1: 5 });
    expect(score.domains.map((d) => [d.id, d.score])).toEqual([
      ['alpha', null],
      ['beta', 50],
      ['gamma', 100],
      ['delta', null],
    ]);
    expect(score.total).toBe(75);
    expect(score.band?.code).toBe('excellent');
  });

  it('has no summary when no domain has enough answers', () => {
    const score = scoreResponse(kccq, { a1: 6 });
    expect(score.total).toBeNull();
    expect(score.band).toBeNull();
  });

  it('rounds domain scores and the summary to one decimal, the summary from unrounded domains', () => {
    // alpha: a1=2 → 25, a2=3 → 50, a3=3 → 50 → 41.666…; beta: b1=2 → 16.666…; summary 29.166… → 29.2.
    const score = scoreResponse(kccq, { a1: 2, a2: 3, a3: 3, b1: 2 });
    expect(score.domains.map((d) => d.score)).toEqual([41.7, 16.7, null, null]);
    expect(score.total).toBe(29.2);
  });
});

describe('score bands', () => {
  const bands = [
    { code: 'low', min: 0, label: text('Low') },
    { code: 'high', min: 10, label: text('High') },
  ];

  it('picks the band with the highest minimum at or below the total, leaving no gaps', () => {
    expect(bandFor(bands, 9.99)?.code).toBe('low');
    expect(bandFor(bands, 10)?.code).toBe('high');
    expect(bandFor(bands, -1)).toBeNull();
    expect(bandFor(bands, null)).toBeNull();
    expect(bandFor(undefined, 5)).toBeNull();
  });
});

describe('the definition schema', () => {
  const errors = (input: unknown) => {
    const result = QuestionnaireDefinitionSchema.safeParse(input);
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('accepts a KCCQ-shaped definition (domains, minimum answers, not-applicable options)', () => {
    expect(errors(KCCQ_SHAPED)).toEqual([]);
  });

  it('refuses rules and domains that name items the questionnaire does not have', () => {
    const bad = {
      ...KCCQ_SHAPED,
      scoring: { type: 'domains', domains: [{ id: 'x', label: text('X'), items: ['nope'], minAnswers: 1, higherIsBetter: true }] },
      triage: [{ type: 'answer', code: 'r', item: 'missing', op: 'ge', value: 1, level: 'red' }],
    };
    expect(errors(bad)).toEqual(['scoring.domains.0.items.0: item nope is not an item of this questionnaire', 'triage.0.item: item missing is not an item of this questionnaire']);
  });

  it('refuses empty text', () => {
    const base = builtIn('copd-daily');
    const [first, ...rest] = base.items;
    expect(errors({ ...base, items: [{ ...first, text: { da: ' ', en: 'x' } }, ...rest] })).toEqual(['items.0.text.da: da must not be empty']);
  });

  it('refuses duplicate item ids and option values, and a count rule without levels', () => {
    const base = builtIn('copd-daily');
    const [first] = base.items;
    if (first?.type !== 'choice') throw new Error('expected a choice item');
    const bad = {
      ...base,
      items: [first, { ...first, options: [first.options[0], first.options[0]] }],
      triage: [{ type: 'count', code: 'c', label: text('C'), items: ['breathless'], atLeast: 1 }],
    };
    expect(errors(bad)).toEqual([
      'items.1.id: item id breathless is used twice',
      'items.1.options.1.value: option value 0 is used twice',
      'triage.0: a count rule needs yellow, red or both',
    ]);
  });

  it('refuses a baseline rule on a questionnaire without a score, and unknown fields', () => {
    const base = builtIn('cat-weekly');
    expect(errors({ ...base, scoring: { type: 'none' }, bands: undefined })).toEqual(['triage.0: this rule needs a score; scoring is none']);
    expect(errors({ ...base, colour: 'blue' })[0]).toMatch(/colour/);
  });
});
