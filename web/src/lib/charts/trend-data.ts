import type { AlertSeverity, TriageLevel } from '@naer/shared/contracts';
import type { LimitRules } from '@naer/shared/domain';
import { chartRange, historyOf, limitsOver, seriesValue } from './limit-lines';
import type { Band, ChartLimits, ChartReading, History, RelativeLimit, Series } from './limit-lines';

/**
 * What a trend chart draws for one series over a period, worked out without the DOM: the readings
 * (device-flagged ones marked), the limits in force at each time (absolute bands as segments that
 * step where a new limit version took over; baseline and trend thresholds as step lines), alert
 * markers and the value range. Times are ms since the epoch. Pure; trend-data.test.ts checks it.
 */

/** One version of a patient's limits for a kind, as the limit history gives it (a LimitVersion fits). */
export interface ChartLimitVersion {
  validFrom: string;
  rules: LimitRules;
}

/** An alert to mark on the time axis at `at`. */
export interface ChartAlert {
  at: string;
  severity: AlertSeverity;
}

/** A reading as a trend chart takes it: a Measurement fits as is, and so does the overview's reading (`value2`, `level`). */
export interface TrendReading extends ChartReading {
  id?: string;
  /** The level triage gave the reading, for the table: `level`, or a Measurement's `triage.level`. */
  level?: TriageLevel;
  triage?: { level: TriageLevel };
  /** Diastolic beside a systolic `value`, for blood pressure sent as two numbers. */
  value2?: number | null;
}

/** The limits of one stretch of the period: one version in force over [start, end). */
export interface LimitSpan {
  start: number;
  end: number;
  limits: ChartLimits;
}

/** An absolute band in force over [start, end). */
export interface BandSegment extends Band {
  start: number;
  end: number;
}

/**
 * A baseline or trend threshold as a step line: each vertex's value holds until the next vertex's
 * time; the last vertex closes the line at the end of its limit version (or of the period).
 */
export interface ThresholdLine {
  level: 'yellow' | 'red';
  side: 'below' | 'above';
  shape: RelativeLimit['shape'];
  vertices: Array<{ at: number; value: number }>;
}

export interface AlertMarker {
  at: number;
  severity: AlertSeverity;
}

export interface DrawnPoint<R extends ChartReading> {
  at: number;
  value: number;
  /** Flagged by the device (quality not ok): drawn hollow, and not part of any baseline or trend. */
  flagged: boolean;
  reading: R;
  /** The baseline and trend thresholds that applied to this reading, each with its one step (for `thresholdsAt`). */
  relative: RelativeLimit[];
}

export interface TrendModel<R extends ChartReading> {
  /** The period shown. */
  from: number;
  to: number;
  /** Readings in [from, to], oldest first. */
  points: Array<DrawnPoint<R>>;
  /** uPlot's aligned data: times and values of `points`. */
  data: [number[], number[]];
  flagged: number;
  spans: LimitSpan[];
  /** Yellow segments before red ones (red is drawn on top). */
  bands: BandSegment[];
  lines: ThresholdLine[];
  /** Times inside the period where one limit version replaced another. */
  changes: number[];
  markers: AlertMarker[];
  /** The limits in force at `to`: the text alternative and the labels at the right edge. */
  current: ChartLimits;
  /** Whether any reading had a threshold from its own history (the table's extra column). */
  hasRelative: boolean;
  range: { min: number; max: number };
}

export interface TrendInput<R extends TrendReading> {
  series: Series;
  /** The readings of the kind; those before `from` are not drawn but feed baseline and trend windows. */
  readings: R[];
  from: number;
  to: number;
  /** The limit history (any order), or limits already worked out for this series over the period. */
  limits?: ChartLimitVersion[] | ChartLimits | undefined;
  alerts?: ChartAlert[] | undefined;
}

const NO_LIMITS: ChartLimits = { bands: [], relative: [] };

/** The versions in force over [from, to], each clipped to the time until the next took over; scheduled ones are left out. */
export function versionsInForce(versions: ChartLimitVersion[], from: number, to: number): Array<{ start: number; end: number; rules: LimitRules }> {
  // Oldest first; of two with the same validFrom the one listed first (newest) wins, as in the history.
  const ordered = versions
    .map((v, i) => ({ at: Date.parse(v.validFrom), i, rules: v.rules }))
    .filter((v) => Number.isFinite(v.at))
    .sort((a, b) => a.at - b.at || b.i - a.i);
  const spans: Array<{ start: number; end: number; rules: LimitRules }> = [];
  ordered.forEach((v, k) => {
    const start = Math.max(from, v.at);
    const end = Math.min(to, ordered[k + 1]?.at ?? Number.POSITIVE_INFINITY);
    if (start < end) spans.push({ start, end, rules: v.rules });
  });
  return spans;
}

/** Whether `at` falls in a span (the last one also holds the period's end). */
const inSpan = (span: { start: number; end: number }, at: number, to: number) => at >= span.start && (at < span.end || (at === to && span.end === to));

/** Band segments over the spans; a band that stays the same across a change of version is one segment. */
export function bandSegments(spans: LimitSpan[]): BandSegment[] {
  const segments: BandSegment[] = [];
  const key = (b: Band) => `${b.level} ${b.op} ${b.value}`;
  for (const span of spans) {
    for (const band of span.limits.bands) {
      const running = segments.find((s) => s.end === span.start && key(s) === key(band));
      if (running) running.end = span.end;
      else segments.push({ ...band, start: span.start, end: span.end });
    }
  }
  return segments.sort((a, b) => (a.level === b.level ? a.start - b.start : a.level === 'yellow' ? -1 : 1));
}

/**
 * The baseline and trend thresholds as step lines (one per rule and span that has any), and by time
 * the thresholds that applied to each reading; each step's time is read once.
 */
export function thresholdsOf(spans: LimitSpan[]): { lines: ThresholdLine[]; byTime: Map<number, RelativeLimit[]> } {
  const lines: ThresholdLine[] = [];
  const byTime = new Map<number, RelativeLimit[]>();
  for (const span of spans) {
    for (const r of span.limits.relative) {
      const vertices: ThresholdLine['vertices'] = [];
      for (const step of r.steps) {
        const at = Date.parse(step.at);
        vertices.push({ at, value: step.value });
        const applied = byTime.get(at);
        const one = { ...r, steps: [step] };
        // Two readings at one instant share a step: one threshold per rule.
        if (!applied) byTime.set(at, [one]);
        else if (!applied.some((a) => a.rule === r.rule)) applied.push(one);
      }
      const last = vertices[vertices.length - 1];
      if (!last) continue;
      vertices.push({ at: span.end, value: r.current?.value ?? last.value });
      lines.push({ level: r.level, side: r.side, shape: r.shape, vertices });
    }
  }
  return { lines, byTime };
}

/** Alerts inside [from, to], oldest first. */
export function alertMarkers(alerts: ChartAlert[], from: number, to: number): AlertMarker[] {
  return alerts
    .map((a) => ({ at: Date.parse(a.at), severity: a.severity }))
    .filter((m) => m.at >= from && m.at <= to)
    .sort((a, b) => a.at - b.at);
}

function spansOf<R extends TrendReading>(input: TrendInput<R>, history: () => History, drawn: Array<{ at: number }>): LimitSpan[] {
  const { series, from, to, limits } = input;
  if (limits === undefined) return [];
  if (!Array.isArray(limits)) return from < to ? [{ start: from, end: to, limits }] : [];
  return versionsInForce(limits, from, to).map((v) => {
    const shown = drawn.filter((p) => inSpan(v, p.at, to)).map((p) => p.at);
    return { start: v.start, end: v.end, limits: limitsOver(v.rules, series, history(), shown, v.end) };
  });
}

/** A blood pressure sent as `value` and `value2`, as the pair limit-lines reads. */
const paired = <R extends TrendReading>(r: R): R => (typeof r.value === 'number' && typeof r.value2 === 'number' ? { ...r, value: { systolic: r.value, diastolic: r.value2 } } : r);

/** Everything one chart draws, for `series` over [from, to]. */
export function trendModel<R extends TrendReading>(input: TrendInput<R>): TrendModel<R> {
  const { series, from, to } = input;
  const readings = series.component === undefined ? input.readings : input.readings.map(paired);
  const drawn = readings
    .map((reading) => ({ reading, at: Date.parse(reading.measuredAt), value: seriesValue(series, reading.value) }))
    .filter((p): p is { reading: R; at: number; value: number } => p.value !== null && p.at >= from && p.at <= to)
    .sort((a, b) => a.at - b.at);
  let history: History | undefined;
  const spans = spansOf(input, () => (history ??= historyOf(series, readings)), drawn);
  const { lines, byTime } = thresholdsOf(spans);
  const none: RelativeLimit[] = [];
  let flagged = 0;
  const points = drawn.map(({ reading, at, value }) => {
    const isFlagged = (reading.quality ?? 'ok') !== 'ok';
    if (isFlagged) flagged += 1;
    return { reading, at, value, flagged: isFlagged, relative: byTime.get(at) ?? none };
  });
  const bands = bandSegments(spans);
  const values = [...points.map((p) => p.value), ...bands.map((b) => b.value), ...lines.flatMap((l) => l.vertices.map((v) => v.value))];
  return {
    from,
    to,
    points,
    data: [points.map((p) => p.at), points.map((p) => p.value)],
    flagged,
    spans,
    bands,
    lines,
    // The first version's start is where limits begin, not a change.
    changes: spans.slice(1).map((s) => s.start),
    markers: alertMarkers(input.alerts ?? [], from, to),
    current: spans[spans.length - 1]?.limits ?? NO_LIMITS,
    hasRelative: byTime.size > 0,
    range: chartRange(values, NO_LIMITS),
  };
}
