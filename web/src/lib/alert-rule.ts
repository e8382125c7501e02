import { BUILT_IN_QUESTIONNAIRES, MEASUREMENT_KINDS, findQuestionnaire, questionnaireIdOfRule } from '@naer/shared/domain';
import type { MeasurementKind } from '@naer/shared/domain';
import { localized, t } from './i18n.svelte';

const isKind = (rule: string): rule is MeasurementKind => (MEASUREMENT_KINDS as readonly string[]).includes(rule);

/** What an alert is about, in words: the measurement, "reading missing", or the questionnaire's title (never `q:<id>`). */
export function ruleLabel(rule: string): string {
  if (isKind(rule)) return t(`kind.${rule}`);
  if (rule === 'missing') return t('level.missing');
  const questionnaire = questionnaireIdOfRule(rule);
  if (questionnaire === undefined) return t('alerts.rule.other');
  const definition = findQuestionnaire(BUILT_IN_QUESTIONNAIRES, questionnaire);
  return definition ? localized(definition.title) : t('alerts.rule.questionnaire');
}
