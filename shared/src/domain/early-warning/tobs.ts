import { bandPoints, levelPoints } from './bands';
import type { VitalSignBand } from './bands';
import type { Consciousness } from './consciousness';

/** The five TOBS parameters, each scoring 0–3. */
export const TOBS_PARTS = ['pulse', 'systolic', 'respiratoryRate', 'temperature', 'consciousness'] as const;
export type TobsPart = (typeof TOBS_PARTS)[number];

/** none (0), check (1: urine, blood sugar, fluids, medication, consider the GP, repeat 3 times in 24 h), call_nurse (≥ 2). */
export const TOBS_RESPONSES = ['none', 'check', 'call_nurse'] as const;
export type TobsResponse = (typeof TOBS_RESPONSES)[number];

/** Vital signs TOBS reads: pulse /min, systolic mmHg, respiratory rate /min, temperature °C. */
export interface TobsInput {
  pulse: number;
  systolic: number;
  respiratoryRate: number;
  temperature: number;
  consciousness: Consciousness;
}

/** A TOBS score: total 0–15, the points of each part, and what the visit should do next. */
export interface TobsResult {
  total: number;
  parts: Record<TobsPart, number>;
  response: TobsResponse;
}

/**
 * The TOBS chart (domain.md §5), the one place its bands live. Half-open rows: the chart's "50–89"
 * is [50, 90) and "36–37.9" is [36, 38), so pulse 89.5 and temperature 37.95 score as 89 and 37.9 do.
 */
export const TOBS_CHART: readonly VitalSignBand<Exclude<TobsPart, 'consciousness'>>[] = [
  { part: 'pulse', below: 40, points: 2 },
  { part: 'pulse', atLeast: 40, below: 50, points: 1 },
  { part: 'pulse', atLeast: 50, below: 90, points: 0 },
  { part: 'pulse', atLeast: 90, below: 110, points: 1 },
  { part: 'pulse', atLeast: 110, below: 130, points: 2 },
  { part: 'pulse', atLeast: 130, points: 3 },

  { part: 'systolic', below: 70, points: 3 },
  { part: 'systolic', atLeast: 70, below: 80, points: 2 },
  { part: 'systolic', atLeast: 80, below: 100, points: 1 },
  { part: 'systolic', atLeast: 100, below: 200, points: 0 },
  { part: 'systolic', atLeast: 200, points: 2 },

  { part: 'respiratoryRate', below: 9, points: 3 },
  { part: 'respiratoryRate', atLeast: 9, below: 12, points: 1 },
  { part: 'respiratoryRate', atLeast: 12, below: 21, points: 0 },
  { part: 'respiratoryRate', atLeast: 21, below: 25, points: 2 },
  { part: 'respiratoryRate', atLeast: 25, points: 3 },

  { part: 'temperature', below: 34, points: 3 },
  { part: 'temperature', atLeast: 34, below: 36, points: 2 },
  { part: 'temperature', atLeast: 36, below: 38, points: 0 },
  { part: 'temperature', atLeast: 38, below: 39, points: 1 },
  { part: 'temperature', atLeast: 39, below: 40, points: 2 },
  { part: 'temperature', atLeast: 40, points: 3 },
];

/** TOBS points per level of consciousness: usual 0; agitated, new confusion or voice only 1; pain only 2; none 3. */
export const TOBS_CONSCIOUSNESS: Readonly<Record<Consciousness, number>> = {
  alert: 0,
  agitated: 1,
  new_confusion: 1,
  voice: 1,
  pain: 2,
  unresponsive: 3,
};

function tobsResponse(total: number): TobsResponse {
  if (total >= 2) return 'call_nurse';
  return total === 1 ? 'check' : 'none';
}

/**
 * Scores TOBS (Danish municipal early-warning score, 0–15) from one set of vital signs. Pure.
 * Throws a RangeError on a non-finite number or an unknown level (the visit contract refuses both first).
 */
export function scoreTobs(input: TobsInput): TobsResult {
  const parts: Record<TobsPart, number> = {
    pulse: bandPoints(TOBS_CHART, 'pulse', input.pulse),
    systolic: bandPoints(TOBS_CHART, 'systolic', input.systolic),
    respiratoryRate: bandPoints(TOBS_CHART, 'respiratoryRate', input.respiratoryRate),
    temperature: bandPoints(TOBS_CHART, 'temperature', input.temperature),
    consciousness: levelPoints(TOBS_CONSCIOUSNESS, 'consciousness', input.consciousness),
  };
  const total = TOBS_PARTS.reduce((sum, part) => sum + parts[part], 0);
  return { total, parts, response: tobsResponse(total) };
}
