import type { QuestionnaireDefinitionInput } from '../definition';

const no = (da: string, en: string) => ({ value: 0, text: { da, en } });
const yes = (da: string, en: string) => ({ value: 1, text: { da, en } });

/**
 * COPD daily symptom check, own wording. Each item compares today with the patient's usual day
 * (1 = worse). Triage (domain.md §3): the three Anthonisen cardinal symptoms (more breathless, more
 * sputum, sputum changed colour): 1 worse is yellow, 2 or 3 red. Cough is asked and counted in the
 * score but does not triage on its own.
 */
export const COPD_DAILY: QuestionnaireDefinitionInput = {
  id: 'copd-daily',
  version: 1,
  title: { da: 'Dagligt symptomtjek (KOL)', en: 'Daily symptom check (COPD)' },
  intro: {
    da: 'Sammenlign med en almindelig dag for dig. Tænk på det sidste døgn.',
    en: 'Compare with a usual day for you. Think of the last 24 hours.',
  },
  programmes: ['copd'],
  cadence: 'daily',
  items: [
    {
      type: 'choice',
      id: 'breathless',
      text: { da: 'Er du mere forpustet end på en almindelig dag?', en: 'Are you more breathless than on a usual day?' },
      label: { da: 'Mere åndenød', en: 'More breathless' },
      options: [no('Nej, som jeg plejer eller bedre', 'No, as usual or better'), yes('Ja, mere forpustet end jeg plejer', 'Yes, more breathless than usual')],
    },
    {
      type: 'choice',
      id: 'sputum-amount',
      text: { da: 'Hoster du mere slim op end på en almindelig dag?', en: 'Are you coughing up more sputum than on a usual day?' },
      label: { da: 'Mere slim', en: 'More sputum' },
      options: [no('Nej, som jeg plejer, mindre eller slet ikke', 'No, as usual, less or none'), yes('Ja, mere slim end jeg plejer', 'Yes, more sputum than usual')],
    },
    {
      type: 'choice',
      id: 'sputum-colour',
      text: { da: 'Har dit slim skiftet farve, fx til gul, grøn eller brun?', en: 'Has your sputum changed colour, for example to yellow, green or brown?' },
      label: { da: 'Slim har skiftet farve', en: 'Sputum changed colour' },
      help: { da: 'Har du ikke noget slim, så svar «Nej».', en: 'If you have no sputum, answer “No”.' },
      options: [no('Nej, samme farve som altid', 'No, the same colour as always'), yes('Ja, den har skiftet farve', 'Yes, it has changed colour')],
    },
    {
      type: 'choice',
      id: 'cough',
      text: { da: 'Hoster du mere end på en almindelig dag?', en: 'Are you coughing more than on a usual day?' },
      label: { da: 'Mere hoste', en: 'More cough' },
      options: [no('Nej, som jeg plejer eller mindre', 'No, as usual or less'), yes('Ja, mere end jeg plejer', 'Yes, more than usual')],
    },
  ],
  scoring: { type: 'count', atLeast: 1, label: { da: 'Symptomer, der er værre', en: 'Symptoms worse' } },
  triage: [
    {
      type: 'count',
      code: 'cardinal',
      label: { da: 'Hovedsymptomer, der er værre', en: 'Cardinal symptoms worse' },
      items: ['breathless', 'sputum-amount', 'sputum-colour'],
      atLeast: 1,
      yellow: 1,
      red: 2,
    },
  ],
};
