import type { Programme } from '../../contracts/patient.contract';
import { QuestionnaireDefinitionSchema } from './definition';
import type { QuestionnaireDefinition } from './definition';
import { CAT_WEEKLY } from './definitions/cat-weekly';
import { COPD_DAILY } from './definitions/copd-daily';
import { HF_DAILY } from './definitions/hf-daily';
import { INVOLVEMENT_MONTHLY } from './definitions/involvement-monthly';

/**
 * The questionnaires Naer ships, every version (a response names the version it answered, so an
 * old version stays here as long as responses to it may still arrive). Checked with the same
 * schema as administrator-loaded definitions when this module loads.
 */
export const BUILT_IN_QUESTIONNAIRES: readonly QuestionnaireDefinition[] = Object.freeze(
  [COPD_DAILY, HF_DAILY, CAT_WEEKLY, INVOLVEMENT_MONTHLY].map((d) => QuestionnaireDefinitionSchema.parse(d)),
);

/** One version of a questionnaire, or the newest when `version` is left out. */
export function findQuestionnaire(definitions: readonly QuestionnaireDefinition[], id: string, version?: number): QuestionnaireDefinition | undefined {
  let found: QuestionnaireDefinition | undefined;
  for (const d of definitions) {
    if (d.id !== id) continue;
    if (version !== undefined) {
      if (d.version === version) return d;
    } else if (!found || d.version > found.version) {
      found = d;
    }
  }
  return found;
}

/** The newest version of each questionnaire, in the order they were given. */
export function latestQuestionnaires(definitions: readonly QuestionnaireDefinition[]): QuestionnaireDefinition[] {
  const ids = [...new Set(definitions.map((d) => d.id))];
  return ids.map((id) => findQuestionnaire(definitions, id)).filter((d): d is QuestionnaireDefinition => d !== undefined);
}

/** The newest version of each questionnaire asked of patients in any of these programmes. */
export function questionnairesForProgrammes(definitions: readonly QuestionnaireDefinition[], programmes: readonly Programme[]): QuestionnaireDefinition[] {
  return latestQuestionnaires(definitions).filter((d) => d.programmes.some((p) => programmes.includes(p)));
}

/** Alert rules of questionnaires start with this: one open alert per patient per questionnaire. */
export const QUESTIONNAIRE_RULE_PREFIX = 'q:';

/** The alert rule of a questionnaire, e.g. `q:copd-daily`. */
export const questionnaireRule = (questionnaireId: string): string => `${QUESTIONNAIRE_RULE_PREFIX}${questionnaireId}`;

/**
 * The questionnaire an alert rule is about, for showing its title instead of the raw rule
 * (e.g. `findQuestionnaire(BUILT_IN_QUESTIONNAIRES, id)?.title`); undefined for other rules.
 */
export function questionnaireIdOfRule(rule: string): string | undefined {
  return rule.startsWith(QUESTIONNAIRE_RULE_PREFIX) ? rule.slice(QUESTIONNAIRE_RULE_PREFIX.length) || undefined : undefined;
}
