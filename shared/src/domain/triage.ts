import { compare, hundredths } from './compare';
import { LimitRulesSchema } from './limits';
import type { AbsoluteRule, BaselineRule, LimitRules, TrendRule } from './limits';
import type { MeasurementKind, MeasurementValue } from './kinds';
import { absoluteText, baselineText, trendText } from './triage-text';
import type { Target } from './triage-text';
import type { LocalizedText } from '../contracts/common.contract';
import type { TriageLevel, TriageReason, TriageResult } from '../contracts/triage.contract';

/** The reading being triaged; values in the kind's canonical unit. */
export interface TriageReading {
  kind: MeasurementKind;
  value: MeasurementValue;
  quality: 'ok' | 'questionable';
  measuredAt: Date;
}

/** An earlier reading of the same kind for the same patient (the server should pass quality `ok` ones only). */
export interface TriageHistoryEntry {
  value: MeasurementValue;
  measuredAt: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;

// Most urgent first: a person must look at red, then review (triage could not run), then questionable.
const RANK: Record<TriageLevel, number> = { red: 4, review: 3, questionable: 2, yellow: 1, green: 0 };

/** The most urgent level: red > review > questionable > yellow > green; green for an empty list. */
export function worstLevel(levels: TriageLevel[]): TriageLevel {
  return levels.reduce<TriageLevel>((worst, level) => (RANK[level] > RANK[worst] ? level : worst), 'green');
}

/** Short, plain feedback the patient sees after a reading (the app separately says: not acute, call 112). */
export function patientMessage(level: TriageLevel): LocalizedText {
  switch (level) {
    case 'green':
      return { da: 'Tak for din måling. Alt ser fint ud.', en: 'Thank you for your reading. Everything looks fine.' };
    case 'yellow':
      return {
        da: 'Tak for din måling. Vi kigger på den ved næste gennemgang.',
        en: 'Thank you for your reading. We will look at it at the next review.',
      };
    case 'red':
      return { da: 'Tak for din måling. Vi kontakter dig i dag.', en: 'Thank you for your reading. We will contact you today.' };
    case 'questionable':
      return {
        da: 'Målingen var måske ikke helt sikker. En sygeplejerske kontrollerer den. Du må gerne måle igen.',
        en: 'The reading may not be accurate. A nurse will check it. You are welcome to measure again.',
      };
    case 'review':
      return {
        da: 'Tak for din måling. Den bliver kontrolleret af en sygeplejerske.',
        en: 'Thank you for your reading. A nurse will check it.',
      };
  }
}

const reason = (code: string, level: TriageLevel, text: LocalizedText): TriageReason => ({ code, level, text });

const noLimitsReason = (): TriageReason =>
  reason('triage.no_limits', 'review', {
    da: 'Der er ingen grænser for denne måling; en sygeplejerske skal vurdere den',
    en: 'No limits are set for this measurement; a nurse must review it',
  });

const errorReason = (): TriageReason =>
  reason('triage.error', 'review', {
    da: 'Målingen kunne ikke vurderes automatisk; en sygeplejerske skal vurdere den',
    en: 'The reading could not be assessed automatically; a nurse must review it',
  });

const questionableReason = (): TriageReason =>
  reason('triage.questionable', 'questionable', {
    da: 'Apparatet har markeret målingen som usikker',
    en: 'The device flagged the reading as questionable',
  });

const withinLimitsReason = (): TriageReason =>
  reason('triage.within_limits', 'green', { da: 'Inden for dine grænser', en: 'Within your limits' });

const noRulesReason = (): TriageReason =>
  reason('triage.no_rules', 'green', {
    da: 'Målingen følges, men der er ikke sat grænser for den',
    en: 'This measurement is monitored without limits',
  });

// The number a rule reads from a value; throws when the value's shape does not fit the rule.
function read(value: MeasurementValue, target: Target): number {
  const number = target.component === undefined ? value : typeof value === 'object' ? value[target.component] : undefined;
  if (typeof number !== 'number' || !Number.isFinite(number)) {
    throw new TypeError(`value does not hold a finite ${target.component ?? target.kind}`);
  }
  return number;
}

const codeOf = (target: Target, shape: 'absolute' | 'baseline' | 'trend', level: string): string =>
  [target.kind, target.component, shape, level].filter(Boolean).join('.');

function median(sorted: number[]): number {
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? Number.NaN) + upper) / 2;
}

function absoluteBreach(rule: AbsoluteRule, kind: MeasurementKind, value: MeasurementValue): TriageReason | null {
  const target = { kind, component: rule.component };
  const valueH = hundredths(read(value, target));
  const thresholdH = hundredths(rule.value);
  if (!compare(rule.op, valueH, thresholdH)) return null;
  return reason(codeOf(target, 'absolute', rule.level), rule.level, absoluteText(target, valueH, rule.op, thresholdH));
}

// Values (in hundredths) of earlier readings inside [measuredAt − windowDays, measuredAt).
function windowValues(history: TriageHistoryEntry[], target: Target, measuredAt: Date, windowDays: number): number[] {
  const end = measuredAt.getTime();
  const start = end - windowDays * DAY_MS;
  return history
    .filter((entry) => entry.measuredAt.getTime() >= start && entry.measuredAt.getTime() < end)
    .map((entry) => hundredths(read(entry.value, target)));
}

function baselineBreach(rule: BaselineRule, reading: TriageReading, history: TriageHistoryEntry[]): TriageReason | null {
  const target = { kind: reading.kind, component: rule.component };
  const values = windowValues(history, target, reading.measuredAt, rule.windowDays);
  // Too few readings is no baseline yet: the absolute rules still protect the patient.
  if (values.length < rule.minReadings) return null;
  const medianH = median(values.sort((a, b) => a - b));
  const valueH = hundredths(read(reading.value, target));
  const deviationH = rule.direction === 'below' ? medianH - valueH : valueH - medianH;
  const byH = hundredths(rule.by);
  if (!compare(rule.op, deviationH, byH)) return null;
  const text = baselineText(target, { ...rule, byH }, valueH, deviationH, medianH);
  return reason(codeOf(target, 'baseline', rule.level), rule.level, text);
}

function trendBreach(rule: TrendRule, reading: TriageReading, history: TriageHistoryEntry[]): TriageReason | null {
  const target = { kind: reading.kind, component: rule.component };
  const values = windowValues(history, target, reading.measuredAt, rule.windowDays);
  if (values.length === 0) return null;
  const valueH = hundredths(read(reading.value, target));
  const changeH = rule.direction === 'rise' ? valueH - Math.min(...values) : Math.max(...values) - valueH;
  const byH = hundredths(rule.by);
  if (!compare(rule.op, changeH, byH)) return null;
  return reason(codeOf(target, 'trend', rule.level), rule.level, trendText(target, { ...rule, byH }, changeH));
}

// Usable history: strictly before the reading and not after `now` (a device clock running ahead); invalid dates drop out.
function usableHistory(history: TriageHistoryEntry[], measuredAt: Date, now: Date): TriageHistoryEntry[] {
  return history.filter((entry) => entry.measuredAt.getTime() < measuredAt.getTime() && entry.measuredAt.getTime() <= now.getTime());
}

// Every breached rule, red first, each (code, text) once.
function breaches(reading: TriageReading, rules: LimitRules, history: TriageHistoryEntry[], now: Date): TriageReason[] {
  const earlier = usableHistory(history, reading.measuredAt, now);
  const found = [
    ...rules.absolute.map((rule) => absoluteBreach(rule, reading.kind, reading.value)),
    ...rules.baseline.map((rule) => baselineBreach(rule, reading, earlier)),
    ...rules.trend.map((rule) => trendBreach(rule, reading, earlier)),
  ].filter((r): r is TriageReason => r !== null);
  const seen = new Set<string>();
  const unique = found.filter((r) => {
    const key = `${r.code}\u0000${r.text.da}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort((a, b) => RANK[b.level] - RANK[a.level]);
}

function checkInput(reading: TriageReading, rules: LimitRules, now: Date): LimitRules {
  if (Number.isNaN(reading.measuredAt.getTime())) throw new RangeError('reading.measuredAt is not a valid date');
  if (Number.isNaN(now.getTime())) throw new RangeError('now is not a valid date');
  // Rules come from stored JSON: a malformed row must reach a person, not be half-applied.
  const parsed = LimitRulesSchema.parse(rules);
  if (parsed.kind !== reading.kind) throw new TypeError(`limits for ${parsed.kind} applied to a ${reading.kind} reading`);
  if (reading.kind === 'blood_pressure') {
    read(reading.value, { kind: reading.kind, component: 'systolic' });
    read(reading.value, { kind: reading.kind, component: 'diastolic' });
  } else {
    read(reading.value, { kind: reading.kind });
  }
  return parsed;
}

/**
 * Triages one reading against the patient's limits for its kind. Pure: `now` is passed in.
 *
 * - `rules` undefined: `review` (`triage.no_limits`); triage fails to a person, never to green.
 * - Otherwise the worst level over all breached rules; reasons list every breach, red first.
 *   Nothing breached: `green` with `triage.within_limits` (or `triage.no_rules` when the lists are empty).
 * - Quality `questionable`: never green. The level is `questionable`, with `triage.questionable` first
 *   and any breaches after it; if a red rule is breached the level is `red`, because a flagged
 *   reading that looks red must still reach a person today.
 * - `history`: earlier readings of the same kind and patient. Entries at or after the reading's
 *   `measuredAt`, after `now`, or outside a rule's window are ignored; windows are
 *   [measuredAt − windowDays × 24 h, measuredAt).
 * - Any error (malformed limits, a value of the wrong shape, a kind mismatch) returns `review`
 *   with `triage.error`; this function does not throw.
 */
export function evaluateReading(
  reading: TriageReading,
  rules: LimitRules | undefined,
  history: TriageHistoryEntry[],
  now: Date,
): TriageResult {
  const flagged = reading.quality === 'questionable' ? [questionableReason()] : [];
  if (rules === undefined) return { level: 'review', reasons: [noLimitsReason(), ...flagged] };
  try {
    const parsed = checkInput(reading, rules, now);
    const found = breaches(reading, parsed, history, now);
    if (flagged.length > 0) {
      const level = found.some((r) => r.level === 'red') ? 'red' : 'questionable';
      return { level, reasons: [...flagged, ...found] };
    }
    if (found.length === 0) {
      const empty = parsed.absolute.length + parsed.baseline.length + parsed.trend.length === 0;
      return { level: 'green', reasons: [empty ? noRulesReason() : withinLimitsReason()] };
    }
    return { level: worstLevel(found.map((r) => r.level)), reasons: found };
  } catch {
    return { level: 'review', reasons: [errorReason(), ...flagged] };
  }
}
