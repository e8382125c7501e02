import { z } from 'zod';
import { ProgrammeSchema } from '../../contracts/patient.contract';

/** Longest window a baseline rule may look back, in days. */
export const MAX_QUESTIONNAIRE_WINDOW_DAYS = 365;
/** Most earlier responses a baseline rule may use; bounds the history the server loads. */
export const MAX_BASELINE_RESPONSES = 20;

const text = (field: string, max: number) =>
  z
    .string({ error: `${field} must be text` })
    .trim()
    .min(1, { error: `${field} must not be empty` })
    .max(max, { error: `${field} may be at most ${max} characters` });

/** Danish and English text for a definition; both are required and non-empty. */
const localized = (max = 1000) => z.strictObject({ da: text('da', max), en: text('en', max) }, { error: 'must be { da, en } text' });
export const DefinitionTextSchema = localized();

/** Ids of questionnaires, items, domains and rules: lower-case letters, digits, `-` and `_`. */
const slug = (field: string) =>
  z
    .string({ error: `${field} must be text` })
    .regex(/^[a-z][a-z0-9_-]{0,39}$/, { error: `${field} must be 1–40 lower-case letters, digits, - or _, starting with a letter` });

export const QuestionnaireIdSchema = slug('id');

const answerValue = z
  .number({ error: 'value must be a number' })
  .int({ error: 'value must be a whole number' })
  .min(-1000, { error: 'value must be at least -1000' })
  .max(1000, { error: 'value must be at most 1000' });

/** One answer option of a choice item; `value` is what the answer stores and what scoring reads. */
export const QuestionnaireOptionSchema = z.strictObject({
  value: answerValue,
  text: DefinitionTextSchema,
  /** Counts as not answered when scoring, e.g. "I did not do this for other reasons" (KCCQ shape). */
  notApplicable: z.boolean().optional(),
});
export type QuestionnaireOption = z.infer<typeof QuestionnaireOptionSchema>;

const itemBase = {
  id: slug('item id'),
  /** The question as the patient reads it. */
  text: DefinitionTextSchema,
  /** A short topic label, for clinicians and triage reasons (e.g. "Åndenød"). */
  label: localized(80),
  help: DefinitionTextSchema.optional(),
  /** Must be answered before the response is accepted (default true). */
  required: z.boolean().default(true),
};

/** A question answered by choosing one option. */
export const ChoiceItemSchema = z.strictObject({
  ...itemBase,
  type: z.literal('choice'),
  options: z
    .array(QuestionnaireOptionSchema)
    .min(2, { error: 'options must hold at least 2 options' })
    .max(12, { error: 'options may hold at most 12 options' }),
});

/** A numeric scale answered with a whole number from `min` to `max`, with a text at each end (CAT shape). */
export const ScaleItemSchema = z.strictObject({
  ...itemBase,
  type: z.literal('scale'),
  min: answerValue,
  max: answerValue,
  minText: DefinitionTextSchema,
  maxText: DefinitionTextSchema,
});

export const QuestionnaireItemSchema = z.discriminatedUnion('type', [ChoiceItemSchema, ScaleItemSchema], {
  error: 'type must be choice or scale',
});
export type QuestionnaireItem = z.infer<typeof QuestionnaireItemSchema>;
export type ChoiceItem = z.infer<typeof ChoiceItemSchema>;
export type ScaleItem = z.infer<typeof ScaleItemSchema>;

const itemRefs = z.array(slug('item id')).min(1, { error: 'must name at least one item' });

/** One domain of a domain-scored questionnaire (KCCQ shape). */
export const ScoringDomainSchema = z.strictObject({
  id: slug('domain id'),
  label: localized(80),
  items: itemRefs,
  /** Fewer answered (applicable) items than this: the domain has no score. */
  minAnswers: z.number().int().min(1, { error: 'minAnswers must be at least 1' }),
  /** A higher answer value means better health; otherwise the item is reversed before rescaling. */
  higherIsBetter: z.boolean(),
});
export type ScoringDomain = z.infer<typeof ScoringDomainSchema>;

/**
 * How a response becomes a number:
 * - `sum`: the sum of the items' values (all listed items, default every item); no score when fewer than `minAnswers` are answered.
 * - `count`: how many of the items were answered with a value of at least `atLeast` (e.g. "symptoms worse").
 * - `domains`: each item rescaled to 0–100 over its own range (reversed unless `higherIsBetter`), each domain
 *   the mean of its answered items when at least `minAnswers` are answered, the total the mean of the
 *   domains that have a score (KCCQ shape).
 * - `none`: no score.
 */
export const QuestionnaireScoringSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('none') }),
    z.strictObject({
      type: z.literal('sum'),
      label: localized(80).optional(),
      items: itemRefs.optional(),
      minAnswers: z.number().int().min(1).optional(),
    }),
    z.strictObject({ type: z.literal('count'), label: localized(80).optional(), items: itemRefs.optional(), atLeast: answerValue }),
    z.strictObject({
      type: z.literal('domains'),
      label: localized(80).optional(),
      domains: z.array(ScoringDomainSchema).min(1, { error: 'domains must hold at least one domain' }).max(10),
    }),
  ],
  { error: 'scoring.type must be one of none, sum, count, domains' },
);
export type QuestionnaireScoring = z.infer<typeof QuestionnaireScoringSchema>;

/** A named range of the total, e.g. CAT impact "medium" from 10; a total falls in the band with the highest `min` at or below it. */
export const ScoreBandSchema = z.strictObject({
  code: slug('band code'),
  min: z.number({ error: 'min must be a number' }),
  label: localized(80),
  /** What the band means, in plain words for the patient. */
  text: DefinitionTextSchema.optional(),
});
export type ScoreBand = z.infer<typeof ScoreBandSchema>;

const level = z.enum(['yellow', 'red'], { error: 'level must be yellow or red' });
const op = z.enum(['lt', 'le', 'gt', 'ge', 'eq'], { error: 'op must be one of lt, le, gt, ge, eq' });

/**
 * Triage rules; the response's level is the worst breached rule (green when none):
 * - `count`: n = how many of `items` were answered with a value of at least `atLeast`; yellow from
 *   `yellow`, red from `red` (e.g. 1 of 3 cardinal COPD symptoms worse is yellow, 2 or 3 red).
 * - `answer`: one item's answer compared with a value (e.g. breathless at rest is red).
 * - `score`: the total compared with a value.
 * - `baseline`: the total compared with the patient's own baseline, the median of their earlier
 *   scored responses to this questionnaire: at most `maxResponses`, the most recent, answered within
 *   `windowDays` before this one; not applied until there are `minResponses` of them.
 */
export const QuestionnaireTriageRuleSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({
      type: z.literal('count'),
      code: slug('rule code'),
      /** What is counted, e.g. "Hovedsymptomer, der er værre". */
      label: localized(120),
      items: itemRefs,
      atLeast: answerValue,
      yellow: z.number().int().min(1).optional(),
      red: z.number().int().min(1).optional(),
    }),
    z.strictObject({ type: z.literal('answer'), code: slug('rule code'), item: slug('item id'), op, value: answerValue, level }),
    z.strictObject({ type: z.literal('score'), code: slug('rule code'), op, value: z.number(), level }),
    z.strictObject({
      type: z.literal('baseline'),
      code: slug('rule code'),
      direction: z.enum(['rise', 'fall'], { error: 'direction must be rise or fall' }),
      op: z.enum(['gt', 'ge'], { error: 'op must be gt or ge' }),
      by: z.number().positive({ error: 'by must be greater than 0' }),
      windowDays: z.number().int().min(1).max(MAX_QUESTIONNAIRE_WINDOW_DAYS),
      maxResponses: z.number().int().min(1).max(MAX_BASELINE_RESPONSES),
      minResponses: z.number().int().min(1).max(MAX_BASELINE_RESPONSES),
      level,
    }),
  ],
  { error: 'triage rule type must be one of count, answer, score, baseline' },
);
export type QuestionnaireTriageRule = z.infer<typeof QuestionnaireTriageRuleSchema>;

/** How often a patient is asked to answer. */
export const QuestionnaireCadenceSchema = z.enum(['daily', 'weekly', 'monthly', 'as_needed'], { error: 'cadence must be daily, weekly, monthly or as_needed' });
export type QuestionnaireCadence = z.infer<typeof QuestionnaireCadenceSchema>;

const definitionShape = z.strictObject({
  id: QuestionnaireIdSchema,
  /** A change of wording, options, scoring or triage is a new version; responses keep the version they answered. */
  version: z.number({ error: 'version must be a number' }).int({ error: 'version must be a whole number' }).min(1, { error: 'version must be at least 1' }).max(2_147_483_647, { error: 'version must be at most 2147483647' }),
  title: localized(120),
  intro: DefinitionTextSchema.optional(),
  /** The programmes whose patients are asked to answer it. */
  programmes: z.array(ProgrammeSchema).min(1, { error: 'programmes must name at least one programme' }),
  cadence: QuestionnaireCadenceSchema,
  /** Copyright or licence notice, shown with licensed wording. */
  attribution: DefinitionTextSchema.optional(),
  items: z.array(QuestionnaireItemSchema).min(1, { error: 'items must hold at least one item' }).max(40, { error: 'items may hold at most 40 items' }),
  scoring: QuestionnaireScoringSchema,
  bands: z.array(ScoreBandSchema).max(10).optional(),
  triage: z.array(QuestionnaireTriageRuleSchema).max(20),
});

type Issue = { path: Array<string | number>; message: string };

function* unique<T>(values: T[], path: (i: number) => Array<string | number>, what: string): Generator<Issue> {
  const seen = new Set<T>();
  for (const [i, value] of values.entries()) {
    if (seen.has(value)) yield { path: path(i), message: `${what} ${String(value)} is used twice` };
    seen.add(value);
  }
}

// Cross-references a field-by-field schema cannot see: every referenced item exists, values are unique, ranges make sense.
function* crossCheck(d: z.infer<typeof definitionShape>): Generator<Issue> {
  const items = new Map(d.items.map((item) => [item.id, item]));
  yield* unique(d.items.map((i) => i.id), (i) => ['items', i, 'id'], 'item id');
  for (const [i, item] of d.items.entries()) {
    if (item.type === 'choice') {
      yield* unique(item.options.map((o) => o.value), (j) => ['items', i, 'options', j, 'value'], 'option value');
      if (item.options.every((o) => o.notApplicable)) yield { path: ['items', i, 'options'], message: 'at least one option must be scored (not notApplicable)' };
    } else if (item.max <= item.min || item.max - item.min > 10) {
      yield { path: ['items', i, 'max'], message: 'max must be above min, and the scale at most 11 steps' };
    }
  }
  const known = (id: string, path: Array<string | number>): Issue[] => (items.has(id) ? [] : [{ path, message: `item ${id} is not an item of this questionnaire` }]);
  const s = d.scoring;
  if (s.type === 'sum' || s.type === 'count') for (const [j, id] of (s.items ?? []).entries()) yield* known(id, ['scoring', 'items', j]);
  if (s.type === 'sum' && s.minAnswers !== undefined && s.minAnswers > (s.items ?? d.items).length) {
    yield { path: ['scoring', 'minAnswers'], message: 'minAnswers is more than the number of items summed' };
  }
  if (s.type === 'domains') {
    yield* unique(s.domains.map((dm) => dm.id), (j) => ['scoring', 'domains', j, 'id'], 'domain id');
    for (const [j, domain] of s.domains.entries()) {
      for (const [k, id] of domain.items.entries()) yield* known(id, ['scoring', 'domains', j, 'items', k]);
      if (domain.minAnswers > domain.items.length) yield { path: ['scoring', 'domains', j, 'minAnswers'], message: 'minAnswers is more than the items in the domain' };
    }
  }
  if (d.bands) {
    if (s.type === 'none') yield { path: ['bands'], message: 'bands need a score; scoring is none' };
    yield* unique(d.bands.map((b) => b.code), (j) => ['bands', j, 'code'], 'band code');
    yield* unique(d.bands.map((b) => b.min), (j) => ['bands', j, 'min'], 'band min');
  }
  yield* unique(d.triage.map((r) => r.code), (j) => ['triage', j, 'code'], 'rule code');
  for (const [j, rule] of d.triage.entries()) {
    if (rule.type === 'count') {
      for (const [k, id] of rule.items.entries()) yield* known(id, ['triage', j, 'items', k]);
      if (rule.yellow === undefined && rule.red === undefined) yield { path: ['triage', j], message: 'a count rule needs yellow, red or both' };
      if (rule.yellow !== undefined && rule.red !== undefined && rule.red <= rule.yellow) yield { path: ['triage', j, 'red'], message: 'red must be above yellow' };
    }
    if (rule.type === 'answer') yield* known(rule.item, ['triage', j, 'item']);
    if ((rule.type === 'score' || rule.type === 'baseline') && s.type === 'none') yield { path: ['triage', j], message: 'this rule needs a score; scoring is none' };
    if (rule.type === 'baseline' && rule.minResponses > rule.maxResponses) yield { path: ['triage', j, 'minResponses'], message: 'minResponses is more than maxResponses' };
  }
}

/**
 * A questionnaire as data: items with Danish and English text, answer values, scoring, score bands
 * and triage rules. Built-in definitions and licensed wording loaded by an administrator are both
 * checked with this schema, including that every item a rule or domain names exists.
 */
export const QuestionnaireDefinitionSchema = definitionShape.superRefine((d, ctx) => {
  for (const issue of crossCheck(d)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
});
export type QuestionnaireDefinition = z.infer<typeof QuestionnaireDefinitionSchema>;
/** A definition as written in source or sent by an administrator (`required` may be left out). */
export type QuestionnaireDefinitionInput = z.input<typeof QuestionnaireDefinitionSchema>;

/** Allowed answer values of an item: option values (scored or not), or every whole number of the scale. */
export function allowedValues(item: QuestionnaireItem): number[] {
  if (item.type === 'choice') return item.options.map((o) => o.value);
  return Array.from({ length: item.max - item.min + 1 }, (_, i) => item.min + i);
}
