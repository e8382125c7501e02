import { bandPoints, levelPoints } from './bands';
import type { VitalSignBand } from './bands';
import type { Consciousness } from './consciousness';

/** The seven NEWS2 parameters; air or oxygen scores 0 or 2, the others 0–3. */
export const NEWS2_PARTS = ['respiratoryRate', 'spo2', 'airOrOxygen', 'systolic', 'pulse', 'consciousness', 'temperature'] as const;
export type News2Part = (typeof NEWS2_PARTS)[number];

/** none (0), low (1–4), low_single_red (a single parameter scoring 3, total under 5), medium (5–6), high (≥ 7). */
export const NEWS2_RISK_BANDS = ['none', 'low', 'low_single_red', 'medium', 'high'] as const;
export type News2RiskBand = (typeof NEWS2_RISK_BANDS)[number];

/**
 * The RCP clinical response: routine (0); ward_assessment (1–4, assessment by a nurse);
 * urgent_review (a single 3: urgent ward-based review; 5–6: urgent review within 1 h); emergency (≥ 7).
 */
export const NEWS2_RESPONSES = ['routine', 'ward_assessment', 'urgent_review', 'emergency'] as const;
export type News2Response = (typeof NEWS2_RESPONSES)[number];

/** SpO2 scale 1, or scale 2 for hypercapnic respiratory failure with a prescribed 88–92 % target. */
export type Spo2Scale = 1 | 2;

/** Vital signs NEWS2 reads: rates /min, SpO2 %, systolic mmHg, temperature °C; onOxygen when on supplemental oxygen. */
export interface News2Input {
  respiratoryRate: number;
  spo2: number;
  onOxygen: boolean;
  systolic: number;
  pulse: number;
  consciousness: Consciousness;
  temperature: number;
}

/** A NEWS2 score: total 0–20, the SpO2 scale used, the risk band, each part's points and the response. */
export interface News2Result {
  total: number;
  scale: Spo2Scale;
  band: News2RiskBand;
  parts: Record<News2Part, number>;
  response: News2Response;
}

/** A chart row; `scale` and `onOxygen`, when set, limit the row to that SpO2 scale or oxygen state. */
export interface News2Band extends VitalSignBand<Exclude<News2Part, 'airOrOxygen' | 'consciousness'>> {
  scale?: Spo2Scale;
  onOxygen?: boolean;
}

/**
 * The NEWS2 chart (Royal College of Physicians 2017, domain.md §5), the one place its bands live.
 * Rows start at the chart's printed lower edge and run up to the next row's: "35.1–36.0" is
 * [35.1, 36.1), so 36.05 °C scores as 36.0 (1 point) and pulse 90.5 as 90.
 */
export const NEWS2_CHART: readonly News2Band[] = [
  { part: 'respiratoryRate', below: 9, points: 3 },
  { part: 'respiratoryRate', atLeast: 9, below: 12, points: 1 },
  { part: 'respiratoryRate', atLeast: 12, below: 21, points: 0 },
  { part: 'respiratoryRate', atLeast: 21, below: 25, points: 2 },
  { part: 'respiratoryRate', atLeast: 25, points: 3 },

  { part: 'spo2', scale: 1, below: 92, points: 3 },
  { part: 'spo2', scale: 1, atLeast: 92, below: 94, points: 2 },
  { part: 'spo2', scale: 1, atLeast: 94, below: 96, points: 1 },
  { part: 'spo2', scale: 1, atLeast: 96, points: 0 },

  { part: 'spo2', scale: 2, below: 84, points: 3 },
  { part: 'spo2', scale: 2, atLeast: 84, below: 86, points: 2 },
  { part: 'spo2', scale: 2, atLeast: 86, below: 88, points: 1 },
  { part: 'spo2', scale: 2, atLeast: 88, below: 93, points: 0 },
  { part: 'spo2', scale: 2, onOxygen: false, atLeast: 93, points: 0 },
  { part: 'spo2', scale: 2, onOxygen: true, atLeast: 93, below: 95, points: 1 },
  { part: 'spo2', scale: 2, onOxygen: true, atLeast: 95, below: 97, points: 2 },
  { part: 'spo2', scale: 2, onOxygen: true, atLeast: 97, points: 3 },

  { part: 'systolic', below: 91, points: 3 },
  { part: 'systolic', atLeast: 91, below: 101, points: 2 },
  { part: 'systolic', atLeast: 101, below: 111, points: 1 },
  { part: 'systolic', atLeast: 111, below: 220, points: 0 },
  { part: 'systolic', atLeast: 220, points: 3 },

  { part: 'pulse', below: 41, points: 3 },
  { part: 'pulse', atLeast: 41, below: 51, points: 1 },
  { part: 'pulse', atLeast: 51, below: 91, points: 0 },
  { part: 'pulse', atLeast: 91, below: 111, points: 1 },
  { part: 'pulse', atLeast: 111, below: 131, points: 2 },
  { part: 'pulse', atLeast: 131, points: 3 },

  { part: 'temperature', below: 35.1, points: 3 },
  { part: 'temperature', atLeast: 35.1, below: 36.1, points: 1 },
  { part: 'temperature', atLeast: 36.1, below: 38.1, points: 0 },
  { part: 'temperature', atLeast: 38.1, below: 39.1, points: 1 },
  { part: 'temperature', atLeast: 39.1, points: 2 },
];

/** NEWS2 points for air (0) or supplemental oxygen (2). */
export const NEWS2_AIR_OR_OXYGEN: Readonly<Record<'air' | 'oxygen', number>> = { air: 0, oxygen: 2 };

/** NEWS2 points per level of consciousness: alert and agitated 0; new confusion, voice, pain, unresponsive 3. */
export const NEWS2_CONSCIOUSNESS: Readonly<Record<Consciousness, number>> = {
  alert: 0,
  agitated: 0,
  new_confusion: 3,
  voice: 3,
  pain: 3,
  unresponsive: 3,
};

/** What the RCP asks for at each risk band. */
export const NEWS2_RESPONSE_OF_BAND: Readonly<Record<News2RiskBand, News2Response>> = {
  none: 'routine',
  low: 'ward_assessment',
  low_single_red: 'urgent_review',
  medium: 'urgent_review',
  high: 'emergency',
};

/** Points of a single parameter that alone call for an urgent review ("red score"). */
export const NEWS2_SINGLE_RED = 3;

/** A target range for SpO2 in %, e.g. { low: 88, high: 92 }. */
export interface Spo2Target {
  low: number;
  high: number;
}

/**
 * The SpO2 scale for a patient: 2 when a prescribed target tops out at 92 % or below (the 88–92 %
 * target for hypercapnic COPD), 1 otherwise and when no target is prescribed.
 */
export function defaultSpo2Scale(target: Spo2Target | null): Spo2Scale {
  return target !== null && target.high <= 92 ? 2 : 1;
}

function riskBand(total: number, parts: Record<News2Part, number>): News2RiskBand {
  if (total >= 7) return 'high';
  if (total >= 5) return 'medium';
  if (NEWS2_PARTS.some((part) => parts[part] >= NEWS2_SINGLE_RED)) return 'low_single_red';
  return total === 0 ? 'none' : 'low';
}

/**
 * Scores NEWS2 (0–20) from one set of vital signs on the given SpO2 scale. Pure.
 * Throws a RangeError on a non-finite number or an unknown level (the visit contract refuses both first).
 */
export function scoreNews2(input: News2Input, scale: Spo2Scale): News2Result {
  const vital = (part: News2Band['part'], value: number) =>
    bandPoints(NEWS2_CHART, part, value, (band) => (band.scale ?? scale) === scale && (band.onOxygen ?? input.onOxygen) === input.onOxygen);
  const parts: Record<News2Part, number> = {
    respiratoryRate: vital('respiratoryRate', input.respiratoryRate),
    spo2: vital('spo2', input.spo2),
    airOrOxygen: NEWS2_AIR_OR_OXYGEN[input.onOxygen ? 'oxygen' : 'air'],
    systolic: vital('systolic', input.systolic),
    pulse: vital('pulse', input.pulse),
    consciousness: levelPoints(NEWS2_CONSCIOUSNESS, 'consciousness', input.consciousness),
    temperature: vital('temperature', input.temperature),
  };
  const total = NEWS2_PARTS.reduce((sum, part) => sum + parts[part], 0);
  const band = riskBand(total, parts);
  return { total, scale, band, parts, response: NEWS2_RESPONSE_OF_BAND[band] };
}
