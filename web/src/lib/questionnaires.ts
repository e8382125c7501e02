import type { QuestionnaireResponseInput } from '@naer/shared/contracts';
import type { QuestionnaireDefinition } from '@naer/shared/domain';
import { call } from './api';
import { newId } from './id';

/** Questionnaire calls: the patient's list (due and last answer), one definition, and submitting answers. */
export const questionnaireApi = {
  list: () => call('questionnaires.list'),
  definition: (id: string) => call('questionnaires.definition', { params: { id } }),
  /** Idempotent on `input.id`: resend the same input after a failure, never a new one. */
  submit: (input: QuestionnaireResponseInput) => call('questionnaires.answer', { body: input }),
};

/**
 * The submission for a set of answers. The same answers give back `previous` unchanged (same id and
 * time), so a retry, or a later resend from an offline queue, is stored once; changed answers get a new id.
 */
export function responseInput(
  definition: Pick<QuestionnaireDefinition, 'id' | 'version'>,
  answers: Record<string, number>,
  previous: QuestionnaireResponseInput | null,
  now: Date = new Date(),
): QuestionnaireResponseInput {
  const same =
    previous !== null &&
    previous.questionnaireId === definition.id &&
    previous.version === definition.version &&
    sameAnswers(previous.answers, answers);
  if (same) return previous;
  return { id: newId(), questionnaireId: definition.id, version: definition.version, answers: { ...answers }, answeredAt: now.toISOString(), source: 'manual' };
}

function sameAnswers(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}

/** The highest score a definition can give, for "14 af 40"; null when it has no fixed maximum. */
export function maxScore(definition: QuestionnaireDefinition): number | null {
  const s = definition.scoring;
  const items = (ids: string[] | undefined) => definition.items.filter((i) => !ids || ids.includes(i.id));
  switch (s.type) {
    case 'none':
      return null;
    case 'count':
      return items(s.items).length;
    case 'sum':
      return items(s.items).reduce((sum, item) => sum + (item.type === 'scale' ? item.max : Math.max(...item.options.filter((o) => !o.notApplicable).map((o) => o.value))), 0);
    case 'domains':
      return 100;
  }
}
