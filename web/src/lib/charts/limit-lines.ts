import type { BaselineRule, ChangeOp, ComparisonOp, LimitRules, MeasurementKind, TrendRule } from '@naer/shared/domain';

/**
 * The patient's limits as they really apply to a chart of one value (one component of blood pressure):
 * absolute bands, and the thresholds of baseline and trend rules worked out from the patient's own
 * earlier readings, the same way the shared triage does (windows [t − days, t), median for a
 * baseline, lowest/highest earlier reading for a trend, whole hundredths). Pure; limit-lines.test.ts
 * checks each threshold against `evaluateReading`.
 */

export type Component = 'systolic' | 'diastolic';
type Value = number | { systolic: number; diastolic: number };

export interface ChartReading {
  value: Value;
  measuredAt: string;
  quality?: string;
}

/** The value one chart draws: the number itself, or one half of a blood pressure. */
export interface Series {
  kind: MeasurementKind;
  component?: Component;
}

/** An absolute band edge: the area beyond `value` (below for lt/le, above for gt/ge) is the level's. */
export interface Band {
  level: 'yellow' | 'red';
  op: ComparisonOp;
  value: number;
  side: 'below' | 'above';
}

/**
 * A relative limit's threshold at one moment: a reading at `value` (with `inclusive`: also exactly
 * at it) on the `side` is breached. `reference` is the median (baseline) or lowest/highest earlier
 * reading (trend) it comes from.
 */
export interface Threshold {
  at: string;
  value: number;
  reference: number;
  inclusive: boolean;
}

export interface RelativeLimit {
  shape: 'baseline' | 'trend';
  rule: BaselineRule | TrendRule;
  level: 'yellow' | 'red';
  side: 'below' | 'above';
  /** The threshold that applied to each reading (none while there was no baseline / earlier reading). */
  steps: Threshold[];
  /** The threshold for a reading made at `now`; null when the rule does not apply yet. */
  current: Threshold | null;
}

export interface ChartLimits {
  bands: Band[];
  relative: RelativeLimit[];
}

const DAY_MS = 86_400_000;
const hundredths = (x: number) => Math.round(x * 100);

/** The number a series reads from a value; null when the value has no such number. */
export function seriesValue(series: Series, value: Value): number | null {
  const n = series.component === undefined ? value : typeof value === 'object' ? value[series.component] : undefined;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

/** The series a kind is drawn as: blood pressure as two (systolic and diastolic), every other kind as one. */
export function seriesOf(kind: MeasurementKind): Series[] {
  return kind === 'blood_pressure'
    ? [
        { kind, component: 'systolic' },
        { kind, component: 'diastolic' },
      ]
    : [{ kind }];
}

function median(sorted: number[]): number {
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? Number.NaN) + upper) / 2;
}

const inclusiveOf = (op: ChangeOp) => op === 'ge';
const forSeries = <T extends { component?: Component | undefined }>(rules: T[], series: Series) => rules.filter((r) => r.component === series.component);

/** Usable readings of one series (quality ok, a number), oldest first: times in ms, values in hundredths. */
export interface History {
  times: number[];
  values: number[];
}

/** The history baseline and trend windows read; built once, it serves any number of `limitsOver` calls. */
export function historyOf(series: Series, readings: ChartReading[]): History {
  const usable: Array<{ t: number; v: number }> = [];
  for (const r of readings) {
    const t = Date.parse(r.measuredAt);
    const v = seriesValue(series, r.value);
    if ((r.quality ?? 'ok') === 'ok' && Number.isFinite(t) && v !== null) usable.push({ t, v: hundredths(v) });
  }
  usable.sort((a, b) => a.t - b.t);
  return { times: usable.map((u) => u.t), values: usable.map((u) => u.v) };
}

/** Index of the first time at or after `t` (times sorted ascending). */
function firstAtOrAfter(times: number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((times[mid] ?? Number.POSITIVE_INFINITY) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Values (hundredths) of usable earlier readings in [at − days, at), as the server's history; found by binary search, so a chart of many readings stays linear-ish. */
function windowValues(history: History, at: number, days: number): number[] {
  return history.values.slice(firstAtOrAfter(history.times, at - days * DAY_MS), firstAtOrAfter(history.times, at));
}

function baselineThreshold(rule: BaselineRule, history: History, at: number): Threshold | null {
  const values = windowValues(history, at, rule.windowDays);
  if (values.length < rule.minReadings) return null;
  const m = median(values.sort((a, b) => a - b));
  const by = hundredths(rule.by);
  const value = rule.direction === 'below' ? m - by : m + by;
  return { at: new Date(at).toISOString(), value: value / 100, reference: m / 100, inclusive: inclusiveOf(rule.op) };
}

function trendThreshold(rule: TrendRule, history: History, at: number): Threshold | null {
  const values = windowValues(history, at, rule.windowDays);
  if (values.length === 0) return null;
  const by = hundredths(rule.by);
  const reference = values.reduce((acc, v) => (rule.direction === 'rise' ? Math.min(acc, v) : Math.max(acc, v)));
  const value = rule.direction === 'rise' ? reference + by : reference - by;
  return { at: new Date(at).toISOString(), value: value / 100, reference: reference / 100, inclusive: inclusiveOf(rule.op) };
}

/** Whether band `a` covers every value band `b` covers (same side). */
function covers(a: Band, b: Band): boolean {
  if (a.side !== b.side) return false;
  if (a.value !== b.value) return a.side === 'below' ? a.value > b.value : a.value < b.value;
  return a.op === 'le' || a.op === 'ge' || a.op === b.op;
}

/**
 * The bands that decide the level, yellow before red (red is drawn on top): the worst level wins, so
 * a band covered by a wider one of the same level, or a yellow one inside a red one, changes nothing
 * (two programmes' limits merged give e.g. red below 88 and below 92: only "below 92" applies).
 */
export function effectiveBands(bands: Band[]): Band[] {
  const kept = bands.filter((b, i) => {
    const wider = bands.some((o, j) => j !== i && o.level === b.level && covers(o, b) && (!covers(b, o) || j < i));
    const insideRed = b.level === 'yellow' && bands.some((o) => o.level === 'red' && covers(o, b));
    return !wider && !insideRed;
  });
  return kept.sort((a, b) => (a.level === b.level ? 0 : a.level === 'yellow' ? -1 : 1));
}

/**
 * The limits of one series. `readings` are the patient's readings of the kind (any order, including
 * those before the chart's range, which windows need); `shown` the instants thresholds are drawn at.
 */
export function chartLimits(rules: LimitRules | undefined, series: Series, readings: ChartReading[], shown: string[], now: Date): ChartLimits {
  return limitsOver(rules, series, historyOf(series, readings), shown.map((iso) => Date.parse(iso)), now.getTime());
}

/** As `chartLimits`, from a history built once and instants in ms (a chart with several limit versions calls it per version). */
export function limitsOver(rules: LimitRules | undefined, series: Series, history: History, shown: number[], now: number): ChartLimits {
  if (!rules) return { bands: [], relative: [] };
  const bands = effectiveBands(
    forSeries(rules.absolute, series).map((r) => ({
      level: r.level,
      op: r.op,
      value: r.value,
      side: r.op === 'lt' || r.op === 'le' ? 'below' : 'above',
    })),
  );
  const relative: RelativeLimit[] = [];
  const stepsOf = (threshold: (at: number) => Threshold | null) => shown.map(threshold).filter((t): t is Threshold => t !== null);
  for (const rule of forSeries(rules.baseline, series)) {
    const at = (t: number) => baselineThreshold(rule, history, t);
    relative.push({ shape: 'baseline', rule, level: rule.level, side: rule.direction, steps: stepsOf(at), current: at(now) });
  }
  for (const rule of forSeries(rules.trend, series)) {
    const at = (t: number) => trendThreshold(rule, history, t);
    relative.push({ shape: 'trend', rule, level: rule.level, side: rule.direction === 'rise' ? 'above' : 'below', steps: stepsOf(at), current: at(now) });
  }
  // Red first, as the patient reads them.
  relative.sort((a, b) => (a.level === b.level ? 0 : a.level === 'red' ? -1 : 1));
  return { bands, relative };
}

/** Lowest and highest value the chart must show: readings, band edges and relative thresholds. */
export function chartRange(values: number[], limits: ChartLimits): { min: number; max: number } {
  const all = [...values, ...limits.bands.map((b) => b.value), ...limits.relative.flatMap((r) => r.steps.map((s) => s.value))];
  if (all.length === 0) return { min: 0, max: 1 };
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const pad = (hi - lo) * 0.1 || 1;
  return { min: lo - pad, max: hi + pad };
}
