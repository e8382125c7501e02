import { describe, expect, it } from 'vitest';
import { dictionaries } from '../../../../lib/messages';
import type { MessageKey } from '../../../../lib/messages';
import { describeProblem } from './definition-errors';

const t = (key: MessageKey, params: Record<string, string | number> = {}) => dictionaries.da[key].replace(/\{(\w+)\}/g, (_m, name: string) => String(params[name]));
const sent = { items: [{ id: 'cough' }, { id: 'colour', options: [{}, {}] }], triage: [{ code: 'green-sputum' }] };

describe('describing a refused definition', () => {
  it('names the question by number and id and says in Danish which language is missing', () => {
    expect(describeProblem({ path: 'items.0.text.en', message: 'items.0.text.en: en must be text' }, sent, t)).toEqual({ where: 'Spørgsmål 1 (cough): text.en', why: 'mangler engelsk tekst' });
  });

  it('names an option inside a question, and a triage rule by its code', () => {
    expect(describeProblem({ path: 'items.1.options.1.value', message: 'items.1.options.1.value: option value 1 is used twice' }, sent, t)).toEqual({
      where: 'Spørgsmål 2 (colour), svarmulighed 2: value',
      why: 'bruges to gange (option value 1)',
    });
    expect(describeProblem({ path: 'triage.0.item', message: 'triage.0.item: item sleep is not an item of this questionnaire' }, sent, t)).toEqual({
      where: 'Triageregel 1 (green-sputum): item',
      why: 'henviser til spørgsmålet «sleep», som ikke findes i skemaet',
    });
  });

  it('lists unknown fields of the whole definition, and keeps the server text when there is no translation', () => {
    expect(describeProblem({ path: '(body)', message: 'Unrecognized key: "licence"' }, sent, t)).toEqual({ where: 'Definitionen', why: 'har et felt, Naer ikke kender: licence' });
    expect(describeProblem({ path: 'scoring.minAnswers', message: 'scoring.minAnswers: minAnswers is more than the number of items summed' }, sent, t)).toEqual({
      where: 'Scoring: minAnswers',
      why: 'minAnswers is more than the number of items summed',
    });
  });
});
