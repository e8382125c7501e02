import type { QuestionnaireDefinitionInput } from '../definition';

/**
 * Monthly patient-reported experience: one question on how involved the patient feels in their
 * treatment, answered 1–5. The score is the answer, read by the population dashboard as the
 * average answer and the share of patients who answered. It is about experience, not symptoms:
 * no triage rules, so it never raises an alert. The id, version, item id and values are a contract
 * with the dashboard; a change of wording is a new version.
 */
export const INVOLVEMENT_MONTHLY: QuestionnaireDefinitionInput = {
  id: 'involvement-monthly',
  version: 1,
  title: { da: 'Din oplevelse af behandlingen', en: 'Your experience of your treatment' },
  intro: {
    da: 'Et enkelt spørgsmål en gang om måneden. Dit svar bruges til at gøre behandlingen bedre. Det bliver ikke brugt til at vurdere, hvordan du har det.',
    en: 'A single question once a month. Your answer helps us improve the treatment. It is not used to judge how you are.',
  },
  programmes: ['copd', 'heart_failure'],
  cadence: 'monthly',
  items: [
    {
      type: 'choice',
      id: 'involved',
      text: { da: 'Føler du dig inddraget i din behandling?', en: 'Do you feel involved in your treatment?' },
      label: { da: 'Inddragelse', en: 'Involvement' },
      options: [
        { value: 1, text: { da: 'Slet ikke', en: 'Not at all' } },
        { value: 2, text: { da: 'I ringe grad', en: 'A little' } },
        { value: 3, text: { da: 'I nogen grad', en: 'Somewhat' } },
        { value: 4, text: { da: 'I høj grad', en: 'Quite a lot' } },
        { value: 5, text: { da: 'I meget høj grad', en: 'Completely' } },
      ],
    },
  ],
  scoring: { type: 'sum', label: { da: 'Inddragelse', en: 'Involvement' } },
  triage: [],
};
