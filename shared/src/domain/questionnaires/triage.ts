import type { LocalizedText } from '../../contracts/common.contract';
import type { TriageLevel, TriageReason, TriageResult } from '../../contracts/triage.contract';
import { compare, hundredths } from '../compare';
import type { CompareOp } from '../compare';
import { worstLevel } from '../triage';
import type { QuestionnaireDefinition, QuestionnaireItem, QuestionnaireTriageRule } from './definition';
import { scoredValue } from './scoring';
import type { QuestionnaireAnswers } from './scoring';

/** An earlier response of the same patient to the same questionnaire (any version). */
export interface QuestionnaireHistoryEntry {
  score: number | null;
  answeredAt: Date;
}

type Lang = keyof LocalizedText;

const DAY_MS = 86_400_000;

/** A number for people: at most one decimal, a decimal comma in Danish. */
export function formatScore(value: number, lang: Lang): string {
  const rounded = Math.round(value * 10) / 10;
  const s = Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1);
  return lang === 'da' ? s.replace('.', ',') : s;
}

const both = (make: (lang: Lang) => string): LocalizedText => ({ da: make('da'), en: make('en') });

const OP_TEXT: Record<CompareOp, LocalizedText> = {
  lt: { da: 'er under', en: 'is below' },
  le: { da: 'er højst', en: 'is at most' },
  gt: { da: 'er over', en: 'is above' },
  ge: { da: 'er mindst', en: 'is at least' },
  eq: { da: 'er', en: 'is' },
};

const SCORE_LABEL: LocalizedText = { da: 'Score', en: 'Score' };

/** The score's name in reasons, e.g. "CAT-score". */
export function scoreLabel(definition: QuestionnaireDefinition): LocalizedText {
  const s = definition.scoring;
  return s.type === 'none' ? SCORE_LABEL : (s.label ?? SCORE_LABEL);
}

/** The answer as words: the chosen option's text, or the number on a scale. */
export function answerText(item: QuestionnaireItem, value: number): LocalizedText {
  if (item.type === 'choice') {
    const option = item.options.find((o) => o.value === value);
    if (option) return option.text;
  }
  return { da: String(value), en: String(value) };
}

function median(sorted: number[]): number {
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? Number.NaN) + upper) / 2;
}

interface Context {
  definition: QuestionnaireDefinition;
  items: Map<string, QuestionnaireItem>;
  answers: QuestionnaireAnswers;
  score: number | null;
  history: QuestionnaireHistoryEntry[];
  at: Date;
}

const reasonCode = (ctx: Context, rule: QuestionnaireTriageRule, level: TriageLevel) => `q.${ctx.definition.id}.${rule.code}.${level}`;

function itemOf(ctx: Context, id: string): QuestionnaireItem {
  const item = ctx.items.get(id);
  if (!item) throw new RangeError(`triage names unknown item ${id}`);
  return item;
}

function noScore(ctx: Context, rule: QuestionnaireTriageRule): TriageReason {
  const label = scoreLabel(ctx.definition);
  return {
    code: reasonCode(ctx, rule, 'review'),
    level: 'review',
    text: both((lang) =>
      lang === 'da'
        ? `${label.da} kunne ikke beregnes (for få svar); en sygeplejerske skal se besvarelsen`
        : `${label.en} could not be computed (too few answers); a nurse must review the response`,
    ),
  };
}

function countRule(ctx: Context, rule: Extract<QuestionnaireTriageRule, { type: 'count' }>): TriageReason[] {
  const items = rule.items.map((id) => itemOf(ctx, id));
  const hit = items.filter((item) => (scoredValue(item, ctx.answers) ?? Number.NEGATIVE_INFINITY) >= rule.atLeast);
  const n = hit.length;
  const level = rule.red !== undefined && n >= rule.red ? 'red' : rule.yellow !== undefined && n >= rule.yellow ? 'yellow' : null;
  if (!level) return [];
  const text = both((lang) => {
    const of = lang === 'da' ? 'af' : 'of';
    return `${rule.label[lang]}: ${n} ${of} ${items.length} (${hit.map((item) => item.label[lang]).join(', ')})`;
  });
  return [{ code: reasonCode(ctx, rule, level), level, text }];
}

function answerRule(ctx: Context, rule: Extract<QuestionnaireTriageRule, { type: 'answer' }>): TriageReason[] {
  const item = itemOf(ctx, rule.item);
  const value = ctx.answers[item.id];
  if (value === undefined || !compare(rule.op, value, rule.value)) return [];
  const answer = answerText(item, value);
  return [{ code: reasonCode(ctx, rule, rule.level), level: rule.level, text: both((lang) => `${item.label[lang]}: ${answer[lang]}`) }];
}

function scoreRule(ctx: Context, rule: Extract<QuestionnaireTriageRule, { type: 'score' }>): TriageReason[] {
  if (ctx.score === null) return [noScore(ctx, rule)];
  if (!compare(rule.op, hundredths(ctx.score), hundredths(rule.value))) return [];
  const label = scoreLabel(ctx.definition);
  const score = ctx.score;
  return [
    {
      code: reasonCode(ctx, rule, rule.level),
      level: rule.level,
      text: both((lang) => `${label[lang]} ${formatScore(score, lang)} ${OP_TEXT[rule.op][lang]} ${formatScore(rule.value, lang)}`),
    },
  ];
}

function baselineRule(ctx: Context, rule: Extract<QuestionnaireTriageRule, { type: 'baseline' }>): TriageReason[] {
  if (ctx.score === null) return [noScore(ctx, rule)];
  const end = ctx.at.getTime();
  const start = end - rule.windowDays * DAY_MS;
  const earlier = ctx.history
    .filter((h): h is { score: number; answeredAt: Date } => h.score !== null && Number.isFinite(h.score))
    .filter((h) => h.answeredAt.getTime() < end && h.answeredAt.getTime() >= start)
    .sort((a, b) => b.answeredAt.getTime() - a.answeredAt.getTime())
    .slice(0, rule.maxResponses);
  const label = scoreLabel(ctx.definition);
  if (earlier.length < rule.minResponses) {
    // Not a breach: tells the clinician why a high first score raised nothing.
    return [
      {
        code: `q.${ctx.definition.id}.${rule.code}.no_baseline`,
        level: 'green',
        text: both((lang) =>
          lang === 'da'
            ? `${label.da}: dit udgangspunkt fastlægges ud fra dine første besvarelser (${earlier.length} af ${rule.minResponses} indtil nu)`
            : `${label.en}: your usual level is set from your first responses (${earlier.length} of ${rule.minResponses} so far)`,
        ),
      },
    ];
  }
  const baseH = median(earlier.map((h) => hundredths(h.score)).sort((a, b) => a - b));
  const scoreH = hundredths(ctx.score);
  const deviationH = rule.direction === 'rise' ? scoreH - baseH : baseH - scoreH;
  if (!compare(rule.op, deviationH, hundredths(rule.by))) return [];
  const score = ctx.score;
  const text = both((lang) => {
    const f = (h: number) => formatScore(h / 100, lang);
    const limit = rule.op === 'ge' ? { da: `${f(hundredths(rule.by))} point eller mere`, en: `${f(hundredths(rule.by))} points or more` } : { da: `mere end ${f(hundredths(rule.by))} point`, en: `more than ${f(hundredths(rule.by))} points` };
    return lang === 'da'
      ? `${label.da} ${formatScore(score, 'da')} er ${f(deviationH)} point ${rule.direction === 'rise' ? 'over' : 'under'} dit udgangspunkt (median ${f(baseH)} af ${earlier.length} tidligere besvarelser; grænse: ${limit.da})`
      : `${label.en} ${formatScore(score, 'en')} is ${f(deviationH)} points ${rule.direction === 'rise' ? 'above' : 'below'} your usual level (median ${f(baseH)} of ${earlier.length} earlier responses; limit: ${limit.en})`;
  });
  return [{ code: reasonCode(ctx, rule, rule.level), level: rule.level, text }];
}

const RANK: Record<TriageLevel, number> = { red: 4, review: 3, questionable: 2, yellow: 1, green: 0 };

/** Reason of a response that no rule flagged. */
const nothingFlagged = (definition: QuestionnaireDefinition): TriageReason => ({
  code: `q.${definition.id}.none`,
  level: 'green',
  text: { da: 'Ingen af svarene kræver opfølgning', en: 'None of the answers calls for follow-up' },
});

/** Reason of a response that triage could not judge. */
export const questionnaireErrorReason = (): TriageReason => ({
  code: 'questionnaire.error',
  level: 'review',
  text: {
    da: 'Besvarelsen kunne ikke vurderes automatisk; en sygeplejerske skal se den',
    en: 'The response could not be assessed automatically; a nurse must review it',
  },
});

/**
 * Triages one response with its definition's rules. Pure: `at` is when the response was answered
 * (baseline windows end there), `history` the patient's earlier responses to the same questionnaire
 * (entries at or after `at` are ignored).
 *
 * The level is the worst breached rule; reasons list every breach, red first. Nothing breached:
 * green, with `q.<id>.none` (and, for a baseline rule without enough earlier responses, a green
 * note saying so). A score rule without a score gives `review`. Any error gives `review` with
 * `questionnaire.error`: this function does not throw.
 */
export function triageResponse(
  definition: QuestionnaireDefinition,
  answers: QuestionnaireAnswers,
  score: number | null,
  history: QuestionnaireHistoryEntry[],
  at: Date,
): TriageResult {
  try {
    if (Number.isNaN(at.getTime())) throw new RangeError('at is not a valid date');
    const ctx: Context = { definition, items: new Map(definition.items.map((i) => [i.id, i])), answers, score, history, at };
    const found = definition.triage.flatMap((rule): TriageReason[] => {
      switch (rule.type) {
        case 'count':
          return countRule(ctx, rule);
        case 'answer':
          return answerRule(ctx, rule);
        case 'score':
          return scoreRule(ctx, rule);
        case 'baseline':
          return baselineRule(ctx, rule);
      }
    });
    const flagged = found.filter((r) => r.level !== 'green').sort((a, b) => RANK[b.level] - RANK[a.level]);
    const notes = found.filter((r) => r.level === 'green');
    if (flagged.length === 0) return { level: 'green', reasons: [nothingFlagged(definition), ...notes] };
    return { level: worstLevel(flagged.map((r) => r.level)), reasons: [...flagged, ...notes] };
  } catch {
    return { level: 'review', reasons: [questionnaireErrorReason()] };
  }
}
