import { z } from 'zod';
import { MEASUREMENT_KINDS } from './kinds';
import type { MeasurementKind } from './kinds';
import type { Programme } from '../contracts/patient.contract';

/** Longest window a baseline or trend rule may look back, in days; bounds the history the server loads. */
export const MAX_WINDOW_DAYS = 90;

/** Level a breached rule raises: only yellow and red come from limits (green is "nothing breached"). */
export const RuleLevelSchema = z.enum(['yellow', 'red'], { error: 'level must be yellow or red' });
export type RuleLevel = z.infer<typeof RuleLevelSchema>;

/** Which half of a blood pressure reading a rule reads; required for blood_pressure, forbidden otherwise. */
export const BloodPressureComponentSchema = z.enum(['systolic', 'diastolic'], {
  error: 'component must be systolic or diastolic',
});
export type BloodPressureComponent = z.infer<typeof BloodPressureComponentSchema>;

/**
 * How a number is compared with a threshold: lt `<`, le `≤`, gt `>`, ge `≥`.
 * Comparisons are made in whole hundredths, so 82.0 − 80.0 is exactly 2 and never 2.0000000001.
 */
export const ComparisonOpSchema = z.enum(['lt', 'le', 'gt', 'ge'], { error: 'op must be one of lt, le, gt, ge' });
export type ComparisonOp = z.infer<typeof ComparisonOpSchema>;

/** Comparison for a size of change (always positive): more than (`gt`) or at least (`ge`). */
export const ChangeOpSchema = z.enum(['gt', 'ge'], { error: 'op must be gt or ge' });
export type ChangeOp = z.infer<typeof ChangeOpSchema>;

const component = BloodPressureComponentSchema.optional();
const threshold = z.number({ error: 'value must be a number' });
const change = z.number({ error: 'by must be a number' }).positive({ error: 'by must be greater than 0' });
const windowDays = z
  .number({ error: 'windowDays must be a number' })
  .int({ error: 'windowDays must be a whole number of days' })
  .min(1, { error: 'windowDays must be at least 1' })
  .max(MAX_WINDOW_DAYS, { error: `windowDays must be at most ${MAX_WINDOW_DAYS}` });

/**
 * Absolute band edge: breached when `value op threshold`, e.g. `{ level: 'red', op: 'lt', value: 88 }`
 * is "red when below 88". A band is two rules (low edge and high edge).
 */
export const AbsoluteRuleSchema = z.strictObject({
  component,
  level: RuleLevelSchema,
  op: ComparisonOpSchema,
  value: threshold,
});
export type AbsoluteRule = z.infer<typeof AbsoluteRuleSchema>;

/**
 * Relative to the patient's own baseline: the median of readings in [measuredAt − windowDays, measuredAt).
 * Breached when the reading is `by` or more (`ge`) / more than `by` (`gt`) below or above the median.
 * Not applied until the window holds at least `minReadings` readings (no baseline yet).
 */
export const BaselineRuleSchema = z.strictObject({
  component,
  level: RuleLevelSchema,
  direction: z.enum(['below', 'above'], { error: 'direction must be below or above' }),
  op: ChangeOpSchema,
  by: change,
  windowDays,
  stat: z.literal('median', { error: 'stat must be median' }),
  minReadings: z
    .number({ error: 'minReadings must be a number' })
    .int({ error: 'minReadings must be a whole number' })
    .min(1, { error: 'minReadings must be at least 1' }),
});
export type BaselineRule = z.infer<typeof BaselineRuleSchema>;

/**
 * Trend over a window. A rise is the reading minus the LOWEST earlier reading in
 * [measuredAt − windowDays, measuredAt); a fall is the HIGHEST earlier reading minus the reading.
 * So a 2.5 kg gain only counts if all of it happened within the window. No earlier reading, no trend.
 */
export const TrendRuleSchema = z.strictObject({
  component,
  level: RuleLevelSchema,
  direction: z.enum(['rise', 'fall'], { error: 'direction must be rise or fall' }),
  op: ChangeOpSchema,
  by: change,
  windowDays,
});
export type TrendRule = z.infer<typeof TrendRuleSchema>;

/**
 * A patient's limits for one measurement kind, stored as JSON. Empty lists mean "monitored, no limits"
 * (evaluates green); having no LimitRules at all for a kind means triage cannot run (review).
 */
export const LimitRulesSchema = z
  .strictObject({
    kind: z.enum(MEASUREMENT_KINDS, { error: `kind must be one of ${MEASUREMENT_KINDS.join(', ')}` }),
    absolute: z.array(AbsoluteRuleSchema),
    baseline: z.array(BaselineRuleSchema),
    trend: z.array(TrendRuleSchema),
  })
  .superRefine((limits, ctx) => {
    const isBloodPressure = limits.kind === 'blood_pressure';
    for (const list of ['absolute', 'baseline', 'trend'] as const) {
      limits[list].forEach((rule, index) => {
        if (isBloodPressure && rule.component === undefined) {
          ctx.addIssue({ code: 'custom', path: [list, index, 'component'], message: 'component (systolic or diastolic) is required for blood_pressure' });
        }
        if (!isBloodPressure && rule.component !== undefined) {
          ctx.addIssue({ code: 'custom', path: [list, index, 'component'], message: `component is only allowed for blood_pressure, not ${limits.kind}` });
        }
      });
    }
  });
export type LimitRules = z.infer<typeof LimitRulesSchema>;

type Rules = Omit<LimitRules, 'kind'>;

const none = (): Rules => ({ absolute: [], baseline: [], trend: [] });

// Pulse bands are the same in both programmes (TELBIL): yellow 40–49 or 101–120, red < 40 or > 120.
const pulse = (): Rules => ({
  absolute: [
    { level: 'red', op: 'lt', value: 40 },
    { level: 'yellow', op: 'lt', value: 50 },
    { level: 'yellow', op: 'gt', value: 100 },
    { level: 'red', op: 'gt', value: 120 },
  ],
  baseline: [],
  trend: [],
});

// Visit vital signs, the same in both programmes: NEWS2's 2- and 3-point respiratory bands, and any
// consciousness other than alert (rank 0) yellow, new confusion or worse (rank ≥ 2) red.
const visitSigns = (): Pick<Record<MeasurementKind, Rules>, 'respiratory_rate' | 'consciousness'> => ({
  respiratory_rate: {
    absolute: [
      { level: 'red', op: 'le', value: 8 },
      { level: 'yellow', op: 'le', value: 11 },
      { level: 'yellow', op: 'ge', value: 21 },
      { level: 'red', op: 'ge', value: 25 },
    ],
    baseline: [],
    trend: [],
  },
  consciousness: {
    absolute: [
      { level: 'yellow', op: 'ge', value: 1 },
      { level: 'red', op: 'ge', value: 2 },
    ],
    baseline: [],
    trend: [],
  },
});

// Built fresh on every call so a caller that edits one patient's limits never changes another's.
const DEFAULTS: Record<Programme, () => Record<MeasurementKind, Rules>> = {
  copd: () => ({
    spo2: {
      absolute: [
        { level: 'red', op: 'lt', value: 88 },
        { level: 'yellow', op: 'lt', value: 92 },
      ],
      baseline: [{ level: 'yellow', direction: 'below', op: 'ge', by: 4, windowDays: 7, stat: 'median', minReadings: 3 }],
      trend: [],
    },
    heart_rate: pulse(),
    body_temperature: {
      absolute: [
        { level: 'red', op: 'lt', value: 35.5 },
        { level: 'yellow', op: 'ge', value: 38.0 },
        { level: 'red', op: 'ge', value: 39.0 },
      ],
      baseline: [],
      trend: [],
    },
    body_weight: none(),
    blood_pressure: none(),
    ...visitSigns(),
  }),
  heart_failure: () => ({
    body_weight: {
      absolute: [],
      baseline: [],
      trend: [
        { level: 'yellow', direction: 'rise', op: 'gt', by: 1, windowDays: 3 },
        { level: 'red', direction: 'rise', op: 'gt', by: 2, windowDays: 3 },
      ],
    },
    blood_pressure: {
      absolute: [
        { component: 'systolic', level: 'red', op: 'lt', value: 90 },
        { component: 'systolic', level: 'yellow', op: 'lt', value: 100 },
        { component: 'systolic', level: 'yellow', op: 'gt', value: 160 },
        { component: 'systolic', level: 'red', op: 'gt', value: 180 },
        { component: 'diastolic', level: 'yellow', op: 'lt', value: 60 },
        { component: 'diastolic', level: 'yellow', op: 'gt', value: 95 },
      ],
      baseline: [],
      trend: [],
    },
    heart_rate: pulse(),
    spo2: {
      absolute: [
        { level: 'red', op: 'lt', value: 92 },
        { level: 'yellow', op: 'lt', value: 94 },
      ],
      baseline: [],
      trend: [],
    },
    body_temperature: none(),
    ...visitSigns(),
  }),
};

function withKinds(rules: Record<MeasurementKind, Rules>): Record<MeasurementKind, LimitRules> {
  const entries = MEASUREMENT_KINDS.map((kind) => [kind, { kind, ...rules[kind] }] as const);
  return Object.fromEntries(entries) as Record<MeasurementKind, LimitRules>;
}

/**
 * Default limits of one programme (domain.md §3), one LimitRules per kind. Kinds without a default
 * get empty rule lists (monitored, no limits). Returns new objects on every call.
 */
export function defaultLimits(programme: Programme): Record<MeasurementKind, LimitRules> {
  return withKinds(DEFAULTS[programme]());
}

// Identical rules from two programmes (e.g. pulse) add nothing but a duplicate reason.
function unionRules<T>(lists: T[][]): T[] {
  const seen = new Set<string>();
  return lists.flat().filter((rule) => {
    const key = JSON.stringify(rule);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Limits for a patient enrolled in one or more programmes: per kind, the union of every programme's
 * rules (identical rules kept once); evaluation takes the worst level, so the strictest rule wins.
 * Throws on an empty list: a patient with no programme has no defaults to start from.
 */
export function mergeLimits(programmes: Programme[]): Record<MeasurementKind, LimitRules> {
  if (programmes.length === 0) throw new RangeError('mergeLimits needs at least one programme');
  const all = programmes.map((programme) => defaultLimits(programme));
  const merged = MEASUREMENT_KINDS.map((kind) => {
    const rules = all.map((limits) => limits[kind]);
    const limits: LimitRules = {
      kind,
      absolute: unionRules(rules.map((r) => r.absolute)),
      baseline: unionRules(rules.map((r) => r.baseline)),
      trend: unionRules(rules.map((r) => r.trend)),
    };
    return [kind, limits] as const;
  });
  return Object.fromEntries(merged) as Record<MeasurementKind, LimitRules>;
}

/**
 * Days of earlier readings the server must load to evaluate a reading of this kind: the longest
 * baseline or trend window, 0 when only absolute rules (or none) apply. Load [measuredAt − days, measuredAt).
 */
export function historyWindowDays(rules: LimitRules): number {
  return Math.max(0, ...rules.baseline.map((r) => r.windowDays), ...rules.trend.map((r) => r.windowDays));
}
