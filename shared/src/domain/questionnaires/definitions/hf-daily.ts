import type { QuestionnaireDefinitionInput } from '../definition';

const no = (da = 'Nej', en = 'No') => ({ value: 0, text: { da, en } });

/**
 * Heart-failure daily symptom check, own wording (ESC HFA patient advice topics). Triage
 * (domain.md §3): any "worse" answer about swelling, sleeping position / waking breathless,
 * breathlessness or dizziness is yellow; breathless at rest is red. Appetite is asked and counted
 * in the score but does not triage on its own.
 */
export const HF_DAILY: QuestionnaireDefinitionInput = {
  id: 'hf-daily',
  version: 1,
  title: { da: 'Dagligt symptomtjek (hjertesvigt)', en: 'Daily symptom check (heart failure)' },
  intro: {
    da: 'Sammenlign med en almindelig dag for dig. Tænk på det sidste døgn.',
    en: 'Compare with a usual day for you. Think of the last 24 hours.',
  },
  programmes: ['heart_failure'],
  cadence: 'daily',
  items: [
    {
      type: 'choice',
      id: 'swelling',
      text: { da: 'Er dine ankler eller ben mere hævede end på en almindelig dag?', en: 'Are your ankles or legs more swollen than on a usual day?' },
      label: { da: 'Hævede ankler', en: 'Swollen ankles' },
      options: [no(), { value: 1, text: { da: 'Ja, mere hævede end de plejer', en: 'Yes, more swollen than usual' } }],
    },
    {
      type: 'choice',
      id: 'night',
      text: {
        da: 'Har du i nat haft brug for flere puder end du plejer, eller er du vågnet og har været forpustet?',
        en: 'Last night, did you need more pillows than usual, or did you wake up breathless?',
      },
      label: { da: 'Flere puder eller vågnet forpustet', en: 'More pillows or woke breathless' },
      options: [no(), { value: 1, text: { da: 'Ja', en: 'Yes' } }],
    },
    {
      type: 'choice',
      id: 'breathless',
      text: { da: 'Er du mere forpustet end du plejer?', en: 'Are you more breathless than usual?' },
      label: { da: 'Åndenød', en: 'Breathlessness' },
      options: [
        no('Nej, som jeg plejer eller bedre', 'No, as usual or better'),
        { value: 1, text: { da: 'Ja, når jeg klarer mine daglige gøremål', en: 'Yes, when I do my daily activities' } },
        { value: 2, text: { da: 'Ja, også når jeg sidder stille', en: 'Yes, even when I sit still' } },
      ],
    },
    {
      type: 'choice',
      id: 'dizzy',
      text: { da: 'Har du været svimmel eller tæt på at besvime?', en: 'Have you been dizzy or close to fainting?' },
      label: { da: 'Svimmelhed', en: 'Dizziness' },
      options: [no(), { value: 1, text: { da: 'Ja', en: 'Yes' } }],
    },
    {
      type: 'choice',
      id: 'appetite',
      text: { da: 'Hvordan er din appetit?', en: 'How is your appetite?' },
      label: { da: 'Mindre appetit', en: 'Less appetite' },
      options: [no('Som den plejer', 'As usual'), { value: 1, text: { da: 'Mindre end den plejer', en: 'Less than usual' } }],
    },
  ],
  scoring: { type: 'count', atLeast: 1, label: { da: 'Symptomer, der er værre', en: 'Symptoms worse' } },
  triage: [
    {
      type: 'count',
      code: 'worse',
      label: { da: 'Symptomer, der er værre', en: 'Symptoms worse' },
      items: ['swelling', 'night', 'breathless', 'dizzy'],
      atLeast: 1,
      yellow: 1,
    },
    { type: 'answer', code: 'breathless-at-rest', item: 'breathless', op: 'ge', value: 2, level: 'red' },
  ],
};
