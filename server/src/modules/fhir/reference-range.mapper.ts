import { KIND_INFO, describeRules } from '@naer/shared/domain';
import type { AbsoluteRule, BloodPressureComponent, LimitRules } from '@naer/shared/domain';
import { KIND_CODING, SYSTEM } from './fhir-codes';
import type { ReferenceRange } from './fhir.types';

type Edge = { value: number; system: string; code: string; unit: string };

/**
 * The inclusive range a set of absolute band edges leaves open. Stored values are rounded to the
 * kind's decimals, so "red at most 8" means "from 9" exactly (one step above), never an approximation.
 */
function openRange(rules: readonly AbsoluteRule[], kind: LimitRules['kind']): { low?: number; high?: number } {
  const decimals = KIND_INFO[kind].decimals;
  const step = 10 ** -decimals;
  const round = (value: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;
  const lows = rules.filter((r) => r.op === 'lt' || r.op === 'le').map((r) => round(r.op === 'lt' ? r.value : r.value + step));
  const highs = rules.filter((r) => r.op === 'gt' || r.op === 'ge').map((r) => round(r.op === 'gt' ? r.value : r.value - step));
  return { ...(lows.length > 0 ? { low: Math.max(...lows) } : {}), ...(highs.length > 0 ? { high: Math.min(...highs) } : {}) };
}

function quantityRange(range: { low?: number; high?: number }, kind: LimitRules['kind']): Pick<ReferenceRange, 'low' | 'high'> {
  const { ucum, unit } = KIND_CODING[kind];
  const edge = (value: number): Edge => ({ value, system: SYSTEM.ucum, code: ucum, unit });
  return { ...(range.low !== undefined ? { low: edge(range.low) } : {}), ...(range.high !== undefined ? { high: edge(range.high) } : {}) };
}

/**
 * The limits a reading was judged against (its limit version), as reference ranges: the green band
 * (type normal), the band outside which the reading is red, and every rule in words (baseline and
 * trend rules have no fixed bounds). For blood pressure, pass the component: each half has its own.
 */
export function referenceRanges(rules: LimitRules, component?: BloodPressureComponent): ReferenceRange[] {
  if (rules.kind === 'consciousness') return [];
  const own = <T extends { component?: BloodPressureComponent | undefined }>(list: readonly T[]) => list.filter((r) => r.component === component);
  const absolute = own(rules.absolute);
  const ranges: ReferenceRange[] = [];
  const green = openRange(absolute, rules.kind);
  if (green.low !== undefined || green.high !== undefined) {
    ranges.push({
      ...quantityRange(green, rules.kind),
      type: { coding: [{ system: SYSTEM.referenceRangeMeaning, code: 'normal', display: 'Normal Range' }], text: 'No alarm (green)' },
      text: 'Within the patient\u2019s limits: no alarm',
    });
  }
  const red = openRange(absolute.filter((r) => r.level === 'red'), rules.kind);
  if (red.low !== undefined || red.high !== undefined) ranges.push({ ...quantityRange(red, rules.kind), text: 'Outside this range the reading is red' });
  const words = describeRules({ ...rules, absolute, baseline: own(rules.baseline), trend: own(rules.trend) }).map((line) => line.en);
  if (words.length > 0) ranges.push({ text: `Limits in force: ${words.join('; ')}` });
  return ranges;
}
