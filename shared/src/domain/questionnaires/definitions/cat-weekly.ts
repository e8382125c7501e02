import type { QuestionnaireDefinitionInput } from '../definition';

const scale = (id: string, da: string, en: string, label: [string, string], min: [string, string], max: [string, string]) => ({
  type: 'scale' as const,
  id,
  text: { da, en },
  label: { da: label[0], en: label[1] },
  min: 0,
  max: 5,
  minText: { da: min[0], en: min[1] },
  maxText: { da: max[0], en: max[1] },
});

/**
 * Weekly COPD impact score with the structure of the COPD Assessment Test (8 topics scored 0–5,
 * total 0–40, impact bands <10 low, 10–20 medium, 21–30 high, >30 very high), in wording of our
 * own: the CAT wording is licensed and can be loaded by an administrator as its own definition.
 *
 * Triage (domain.md §3): yellow when the total is 4 or more above the patient's baseline. The
 * baseline is the median total of the patient's up to 4 most recent earlier responses within
 * 8 weeks (one earlier response is enough); the first response sets it and raises nothing.
 */
export const CAT_WEEKLY: QuestionnaireDefinitionInput = {
  id: 'cat-weekly',
  version: 1,
  title: { da: 'Ugentligt KOL-skema', en: 'Weekly COPD check' },
  intro: {
    da: 'Vælg for hvert emne det tal fra 0 til 5, der passer bedst på dig i den seneste uge. 0 er bedst, 5 er værst.',
    en: 'For each topic, choose the number from 0 to 5 that fits you best over the past week. 0 is best, 5 is worst.',
  },
  programmes: ['copd'],
  cadence: 'weekly',
  attribution: {
    da: 'Emnerne følger opbygningen af COPD Assessment Test (CAT). Teksten er Naers egen.',
    en: 'The topics follow the structure of the COPD Assessment Test (CAT). The wording is Naer’s own.',
  },
  items: [
    scale('cough', 'Hvor meget har du hostet?', 'How much have you coughed?', ['Hoste', 'Cough'], ['Ingen hoste', 'No cough'], ['Hoster næsten hele tiden', 'Coughing almost constantly']),
    scale('phlegm', 'Hvor meget slim har du haft i brystet?', 'How much phlegm have you had in your chest?', ['Slim', 'Phlegm'], ['Intet slim', 'No phlegm'], ['Meget slim hele tiden', 'A lot of phlegm all the time']),
    scale('chest', 'Hvor meget har det trykket i dit bryst?', 'How much pressure have you felt in your chest?', ['Trykken for brystet', 'Chest tightness'], ['Ingen trykken', 'No pressure'], ['Stærk trykken', 'Strong pressure']),
    scale('stairs', 'Hvor forpustet bliver du, når du går op ad en trappe eller bakke?', 'How breathless do you get going up stairs or a hill?', ['Åndenød på trapper', 'Breathless on stairs'], ['Ikke forpustet', 'Not breathless'], ['Meget forpustet', 'Very breathless']),
    scale('home', 'Hvor meget begrænser din lunge dig i det, du gør derhjemme?', 'How much do your lungs limit what you do at home?', ['Begrænset derhjemme', 'Limited at home'], ['Slet ikke', 'Not at all'], ['Rigtig meget', 'Very much']),
    scale('going-out', 'Hvor utryg er du ved at gå hjemmefra på grund af din lunge?', 'How uneasy are you about leaving home because of your lungs?', ['Tryghed ved at gå ud', 'Confidence leaving home'], ['Helt tryg', 'Not uneasy at all'], ['Meget utryg', 'Very uneasy']),
    scale('sleep', 'Hvor meget forstyrrer din lunge din søvn?', 'How much do your lungs disturb your sleep?', ['Søvn', 'Sleep'], ['Jeg sover godt', 'I sleep well'], ['Jeg sover meget dårligt', 'I sleep very badly']),
    scale('energy', 'Hvor træt og uden energi har du følt dig?', 'How tired and low on energy have you felt?', ['Energi', 'Energy'], ['Fuld af energi', 'Full of energy'], ['Helt uden energi', 'No energy at all']),
  ],
  scoring: { type: 'sum', label: { da: 'KOL-score', en: 'COPD score' } },
  bands: [
    { code: 'low', min: 0, label: { da: 'Lav påvirkning', en: 'Low impact' }, text: { da: 'Din KOL påvirker din hverdag lidt.', en: 'Your COPD affects your daily life a little.' } },
    { code: 'medium', min: 10, label: { da: 'Middel påvirkning', en: 'Medium impact' }, text: { da: 'Din KOL påvirker din hverdag en del.', en: 'Your COPD affects your daily life quite a lot.' } },
    { code: 'high', min: 21, label: { da: 'Høj påvirkning', en: 'High impact' }, text: { da: 'Din KOL påvirker din hverdag meget.', en: 'Your COPD affects your daily life a lot.' } },
    { code: 'very-high', min: 31, label: { da: 'Meget høj påvirkning', en: 'Very high impact' }, text: { da: 'Din KOL påvirker din hverdag rigtig meget.', en: 'Your COPD affects your daily life very much.' } },
  ],
  triage: [{ type: 'baseline', code: 'baseline', direction: 'rise', op: 'ge', by: 4, windowDays: 56, maxResponses: 4, minResponses: 1, level: 'yellow' }],
};
