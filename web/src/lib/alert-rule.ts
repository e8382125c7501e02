import { SvelteMap } from 'svelte/reactivity';
import { BUILT_IN_QUESTIONNAIRES, MEASUREMENT_KINDS, findQuestionnaire, questionnaireIdOfRule } from '@naer/shared/domain';
import type { MeasurementKind, QuestionnaireDefinition } from '@naer/shared/domain';
import { localized, t } from './i18n.svelte';
import { questionnaireApi } from './questionnaires';

type Title = QuestionnaireDefinition['title'];

const isKind = (rule: string): rule is MeasurementKind => (MEASUREMENT_KINDS as readonly string[]).includes(rule);

// Titles of questionnaires an administrator loaded at run time, fetched once each; a label re-renders when one arrives.
const loadedTitles = new SvelteMap<string, Title>();
const asked = new Set<string>();

function loadedTitle(id: string): Title | undefined {
  if (!asked.has(id)) {
    asked.add(id);
    questionnaireApi.definition(id).then(
      (definition) => loadedTitles.set(id, definition.title),
      () => asked.delete(id), // ask again next time it is shown
    );
  }
  return loadedTitles.get(id);
}

/** What an alert is about, in words: the measurement, "reading missing", a home visit's score, or the questionnaire's title (never `q:<id>`). */
export function ruleLabel(rule: string): string {
  if (isKind(rule)) return t(`kind.${rule}`);
  if (rule === 'early_warning') return t('board.rule.early_warning');
  if (rule === 'missing') return t('level.missing');
  const questionnaire = questionnaireIdOfRule(rule);
  if (questionnaire === undefined) return t('alerts.rule.other');
  const title = findQuestionnaire(BUILT_IN_QUESTIONNAIRES, questionnaire)?.title ?? loadedTitle(questionnaire);
  return title ? localized(title) : t('alerts.rule.questionnaire');
}
