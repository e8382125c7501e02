import { MAX_WINDOW_DAYS } from '@naer/shared/domain';
import type { BaselineRule, BloodPressureComponent, ChangeOp, ComparisonOp, LimitRules, MeasurementKind, RuleLevel, TrendRule } from '@naer/shared/domain';
import type { LimitVersion } from '@naer/shared/contracts';
import type { MessageKey } from '$lib/i18n.svelte';
import { parseDecimal } from '../number';

export interface AbsoluteDraft {
  id: number;
  component: BloodPressureComponent | undefined;
  level: RuleLevel;
  op: ComparisonOp;
  value: string;
}
export type BaselineDraft = Omit<BaselineRule, 'op' | 'by' | 'windowDays' | 'minReadings'> & { op: ChangeOp; by: string; windowDays: string; minReadings: string };
export type TrendDraft = Omit<TrendRule, 'op' | 'by' | 'windowDays'> & { op: ChangeOp; by: string; windowDays: string };

/** One kind's limits as the clinician edits them: numbers stay text until saved. */
export interface LimitDraft {
  kind: MeasurementKind;
  absolute: AbsoluteDraft[];
  baseline: BaselineDraft[];
  trend: TrendDraft[];
  reason: string;
  /** The version in force when editing began; the server answers 409 if it changed meanwhile. */
  basedOn: string | null;
}

/** A field's problem, keyed by the form field's id; `text` is the server's own words. */
export interface FieldError {
  key: MessageKey;
  text?: string;
}

/** The version in force as a draft; `format` writes numbers the way the reader types them, `nextId` keys absolute rules. */
export function toDraft(kind: MeasurementKind, current: LimitVersion | null, format: (value: number) => string, nextId: () => number): LimitDraft {
  const rules = current?.rules ?? { kind, absolute: [], baseline: [], trend: [] };
  return {
    kind,
    absolute: rules.absolute.map((r) => ({ id: nextId(), component: r.component, level: r.level, op: r.op, value: format(r.value) })),
    baseline: rules.baseline.map((r) => ({ ...r, by: format(r.by), windowDays: String(r.windowDays), minReadings: String(r.minReadings) })),
    trend: rules.trend.map((r) => ({ ...r, by: format(r.by), windowDays: String(r.windowDays) })),
    reason: '',
    basedOn: current?.id ?? null,
  };
}

const whole = (text: string, min: number, max: number): number | null => (/^\d+$/.test(text.trim()) && Number(text) >= min && Number(text) <= max ? Number(text) : null);

/** The draft as rules, or the fields that need fixing (ids as in the form). */
export function parseDraft(draft: LimitDraft): { rules: LimitRules | null; errors: Record<string, FieldError> } {
  const found: Record<string, FieldError> = {};
  const absolute = draft.absolute.map((r, i) => {
    const value = parseDecimal(r.value);
    if (value === null) found[`abs-${i}-value`] = { key: 'limits.error.number' };
    return { ...(r.component ? { component: r.component } : {}), level: r.level, op: r.op, value: value ?? 0 };
  });
  const positive = (text: string, id: string) => {
    const value = parseDecimal(text);
    if (value === null || value <= 0) found[id] = { key: 'limits.error.positive' };
    return value ?? 0;
  };
  const days = (text: string, id: string) => {
    const value = whole(text, 1, MAX_WINDOW_DAYS);
    if (value === null) found[id] = { key: 'limits.error.whole' };
    return value ?? 1;
  };
  const baseline = draft.baseline.map((r, i) => {
    const minReadings = whole(r.minReadings, 1, 1000);
    if (minReadings === null) found[`base-${i}-minReadings`] = { key: 'limits.error.whole' };
    return { ...r, by: positive(r.by, `base-${i}-by`), windowDays: days(r.windowDays, `base-${i}-windowDays`), minReadings: minReadings ?? 1 };
  });
  const trend = draft.trend.map((r, i) => ({ ...r, by: positive(r.by, `trend-${i}-by`), windowDays: days(r.windowDays, `trend-${i}-windowDays`) }));
  const rules: LimitRules = { kind: draft.kind, absolute, baseline, trend };
  return { rules: Object.keys(found).length === 0 ? rules : null, errors: found };
}

/** Server field paths (rules.absolute.0.value) to the form's ids (abs-0-value). */
export function fieldId(path: string): string {
  const match = /^rules\.(absolute|baseline|trend)\.(\d+)\.(\w+)$/.exec(path);
  if (match) return `${match[1] === 'absolute' ? 'abs' : match[1] === 'baseline' ? 'base' : 'trend'}-${match[2]}-${match[3]}`;
  return path === 'reason' ? 'reason' : `server-${path}`;
}
