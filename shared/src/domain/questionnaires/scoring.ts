import type { LocalizedText } from '../../contracts/common.contract';
import { allowedValues } from './definition';
import type { QuestionnaireDefinition, QuestionnaireItem, ScoreBand, ScoringDomain } from './definition';

/** A response's answers: item id → the chosen option value (or scale value). Unanswered optional items are left out. */
export type QuestionnaireAnswers = Record<string, number>;

/** One problem with a set of answers, naming the item. */
export interface AnswerIssue {
  /** `answers.<item id>`, or `answers` for the whole set. */
  path: string;
  message: string;
}

/** The score of one response. */
export interface QuestionnaireScore {
  /** The total (sum, count, or the mean of the domains); null when there is no score or too few answers. */
  total: number | null;
  /** Per-domain scores (0–100) for domain scoring; empty otherwise. */
  domains: Array<{ id: string; label: LocalizedText; score: number | null; answered: number }>;
  /** The band the total falls in, e.g. CAT impact "medium"; null without bands or total. */
  band: ScoreBand | null;
}

const named = (item: QuestionnaireItem) => `answers.${item.id} (${item.label.en})`;

/**
 * Checks answers against a definition: every required item answered, every answer one of the
 * item's allowed values, no unknown items. Returns one issue per problem (empty when valid).
 */
export function validateAnswers(definition: QuestionnaireDefinition, answers: Record<string, unknown>): AnswerIssue[] {
  const issues: AnswerIssue[] = [];
  const ids = new Set(definition.items.map((i) => i.id));
  for (const key of Object.keys(answers)) {
    if (!ids.has(key)) {
      issues.push({ path: `answers.${key}`, message: `answers.${key}: is not a question in ${definition.id} version ${definition.version}; leave it out.` });
    }
  }
  for (const item of definition.items) {
    const value = Object.hasOwn(answers, item.id) ? answers[item.id] : undefined;
    if (value === undefined || value === null) {
      if (item.required) issues.push({ path: `answers.${item.id}`, message: `${named(item)}: is not answered; answer it before sending.` });
      continue;
    }
    const allowed = allowedValues(item);
    if (typeof value !== 'number' || !allowed.includes(value)) {
      const shown = typeof value === 'number' ? String(value) : JSON.stringify(value);
      issues.push({ path: `answers.${item.id}`, message: `${named(item)}: ${shown} is not an allowed answer; use one of ${allowed.join(', ')}.` });
    }
  }
  return issues;
}

/** The value scoring reads for an item: undefined when unanswered or answered "not applicable". */
export function scoredValue(item: QuestionnaireItem, answers: QuestionnaireAnswers): number | undefined {
  const value = answers[item.id];
  if (value === undefined) return undefined;
  if (item.type === 'choice' && item.options.find((o) => o.value === value)?.notApplicable) return undefined;
  return value;
}

// The lowest and highest scored value of an item.
function range(item: QuestionnaireItem): { lo: number; hi: number } {
  if (item.type === 'scale') return { lo: item.min, hi: item.max };
  const values = item.options.filter((o) => !o.notApplicable).map((o) => o.value);
  return { lo: Math.min(...values), hi: Math.max(...values) };
}

const oneDecimal = (x: number) => Math.round(x * 10) / 10;

function domainScore(domain: ScoringDomain, items: Map<string, QuestionnaireItem>, answers: QuestionnaireAnswers) {
  const rescaled: number[] = [];
  for (const id of domain.items) {
    const item = items.get(id);
    if (!item) throw new RangeError(`domain ${domain.id} names unknown item ${id}`);
    const value = scoredValue(item, answers);
    if (value === undefined) continue;
    const { lo, hi } = range(item);
    const up = hi === lo ? 100 : ((value - lo) / (hi - lo)) * 100;
    rescaled.push(domain.higherIsBetter ? up : 100 - up);
  }
  const score = rescaled.length >= domain.minAnswers ? rescaled.reduce((a, b) => a + b, 0) / rescaled.length : null;
  return { id: domain.id, label: domain.label, score, answered: rescaled.length };
}

/** The band a total falls in: the one with the highest `min` at or below it. */
export function bandFor(bands: readonly ScoreBand[] | undefined, total: number | null): ScoreBand | null {
  if (!bands || total === null) return null;
  let found: ScoreBand | null = null;
  for (const band of bands) if (band.min <= total && (found === null || band.min > found.min)) found = band;
  return found;
}

/**
 * Scores a response. Pure. Throws a RangeError when the answers do not fit the definition
 * (callers validate first with `validateAnswers`; the server turns a throw into a response a nurse reviews).
 *
 * Domain scores and a domain total are rounded to one decimal; the total of domain scoring is the
 * mean of the unrounded domain scores that exist.
 */
export function scoreResponse(definition: QuestionnaireDefinition, answers: QuestionnaireAnswers): QuestionnaireScore {
  const issues = validateAnswers(definition, answers);
  if (issues.length > 0) throw new RangeError(issues.map((i) => i.message).join(' '));
  const items = new Map(definition.items.map((i) => [i.id, i]));
  const pick = (ids: string[] | undefined) =>
    (ids ?? definition.items.map((i) => i.id)).map((id) => {
      const item = items.get(id);
      if (!item) throw new RangeError(`scoring names unknown item ${id}`);
      return item;
    });
  const scoring = definition.scoring;
  let total: number | null = null;
  let domains: QuestionnaireScore['domains'] = [];
  switch (scoring.type) {
    case 'none':
      break;
    case 'sum': {
      const chosen = pick(scoring.items);
      const values = chosen.map((item) => scoredValue(item, answers)).filter((v): v is number => v !== undefined);
      total = values.length >= (scoring.minAnswers ?? chosen.length) ? values.reduce((a, b) => a + b, 0) : null;
      break;
    }
    case 'count':
      total = pick(scoring.items).filter((item) => (scoredValue(item, answers) ?? Number.NEGATIVE_INFINITY) >= scoring.atLeast).length;
      break;
    case 'domains': {
      const raw = scoring.domains.map((domain) => domainScore(domain, items, answers));
      const present = raw.map((d) => d.score).filter((s): s is number => s !== null);
      total = present.length > 0 ? oneDecimal(present.reduce((a, b) => a + b, 0) / present.length) : null;
      domains = raw.map((d) => ({ ...d, score: d.score === null ? null : oneDecimal(d.score) }));
      break;
    }
  }
  return { total, domains, band: bandFor(definition.bands, total) };
}
