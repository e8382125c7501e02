import { allowedValues, compare, scoreResponse, triageResponse } from '@naer/shared/domain';
import type { CompareOp, QuestionnaireDefinition, QuestionnaireItem } from '@naer/shared/domain';
import type { ErrorDetail } from '@naer/shared';

const OP_WORDS: Record<CompareOp, string> = { lt: 'below', le: 'at most', gt: 'above', ge: 'at least', eq: 'equal to' };

const scoredValues = (item: QuestionnaireItem): number[] =>
  item.type === 'choice' ? item.options.filter((o) => !o.notApplicable).map((o) => o.value) : allowedValues(item);

const issue = (path: Array<string | number>, message: string): ErrorDetail => {
  const p = path.join('.');
  return { path: p, message: `${p}: ${message}` };
};

/** Answers that pick every item's lowest (or highest) scored value: a response the engine must be able to score. */
function extremeAnswers(d: QuestionnaireDefinition, pick: (values: number[]) => number): Record<string, number> {
  return Object.fromEntries(d.items.map((item) => [item.id, pick(scoredValues(item))]));
}

/**
 * What the field-by-field schema cannot see but a patient would hit: rules that can never (or
 * always) fire, thresholds no answer reaches, and a dry run of scoring and triage on the lowest and
 * highest possible answers. Pure; `d` has already passed QuestionnaireDefinitionSchema.
 */
export function definitionEngineIssues(d: QuestionnaireDefinition): ErrorDetail[] {
  const issues: ErrorDetail[] = [];
  const items = new Map(d.items.map((item) => [item.id, item]));
  const reachable = (ids: string[] | undefined, atLeast: number) =>
    (ids ?? [...items.keys()]).some((id) => {
      const item = items.get(id);
      return item !== undefined && scoredValues(item).some((v) => v >= atLeast);
    });

  if (d.scoring.type === 'count' && !reachable(d.scoring.items, d.scoring.atLeast)) {
    issues.push(issue(['scoring', 'atLeast'], `no counted item can be answered with ${d.scoring.atLeast} or more; lower atLeast.`));
  }
  for (const [j, rule] of d.triage.entries()) {
    if (rule.type === 'count') {
      if (!reachable(rule.items, rule.atLeast)) issues.push(issue(['triage', j, 'atLeast'], `no counted item can be answered with ${rule.atLeast} or more; lower atLeast.`));
      for (const field of ['yellow', 'red'] as const) {
        const n = rule[field];
        if (n !== undefined && n > rule.items.length) issues.push(issue(['triage', j, field], `${n} is more than the ${rule.items.length} item(s) the rule counts, so it can never be met.`));
      }
    }
    if (rule.type === 'answer') {
      const item = items.get(rule.item);
      if (!item) continue;
      const allowed = allowedValues(item);
      const met = allowed.filter((v) => compare(rule.op, v, rule.value));
      if (rule.op === 'eq' && !allowed.includes(rule.value)) {
        issues.push(issue(['triage', j, 'value'], `${rule.value} is not an answer of item ${item.id}; use one of ${allowed.join(', ')}.`));
      } else if (met.length === 0) {
        issues.push(issue(['triage', j, 'value'], `no answer of item ${item.id} is ${OP_WORDS[rule.op]} ${rule.value}, so the rule can never be met.`));
      } else if (met.length === allowed.length) {
        issues.push(issue(['triage', j, 'value'], `every answer of item ${item.id} is ${OP_WORDS[rule.op]} ${rule.value}, so every response would be ${rule.level}.`));
      }
    }
  }
  if (issues.length > 0) return issues;

  // A dry run through the same engine the server uses for answers.
  for (const [name, pick] of [['lowest', (v: number[]) => Math.min(...v)], ['highest', (v: number[]) => Math.max(...v)]] as const) {
    const answers = extremeAnswers(d, pick);
    try {
      const score = scoreResponse(d, answers);
      const triage = triageResponse(d, answers, score.total, [], new Date(0));
      if (triage.reasons.some((r) => r.code === 'questionnaire.error')) issues.push(issue(['triage'], `triage fails on a response with the ${name} answers; check the rules.`));
    } catch (error) {
      issues.push(issue(['scoring'], `scoring fails on a response with the ${name} answers (${error instanceof Error ? error.message : 'unknown error'}).`));
    }
  }
  return issues;
}
