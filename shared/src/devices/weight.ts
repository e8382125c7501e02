import type { DeviceConditionCode } from './conditions';
import { fixedPoint } from './numbers';
import type { Numeric } from './numbers';
import { ByteReader } from './reader';
import { readTimestamp } from './timestamp';
import type { DeviceTimestamp } from './timestamp';

export const WEIGHT_MEASUREMENT = 0x2a9d;

/** The Weight Scale profile's "measurement unsuccessful" weight. */
const UNSUCCESSFUL = 0xffff;

/** Weight Measurement (0x2A9D), in the scale's own unit (SI: kg and m; imperial: lb and in). */
export interface WeightMeasurement {
  type: 'weight';
  characteristic: typeof WEIGHT_MEASUREMENT;
  weight: Numeric;
  weightUnit: 'kg' | 'lb';
  timestamp: DeviceTimestamp | null;
  /** The scale's user index; 255 means an unknown user. Null when absent. */
  userId: number | null;
  /** Body mass index in kg/m², null when absent. */
  bmi: number | null;
  height: number | null;
  heightUnit: 'm' | '[in_i]';
  /** Always empty: this profile reports no status. */
  conditions: DeviceConditionCode[];
}

/** Decodes a Weight Measurement; throws `TruncatedPacketError` when a flagged field is missing. */
export function parseWeight(view: DataView): WeightMeasurement {
  const reader = new ByteReader(view, 'Weight Measurement (0x2A9D)');
  const flags = reader.u8('flags');
  const imperial = (flags & 0x01) !== 0;
  const rawWeight = reader.u16('weight');
  // Resolution 0.005 kg or 0.01 lb: integer arithmetic, then one exact division by a power of ten.
  const weight: Numeric =
    rawWeight === UNSUCCESSFUL ? { special: 'unsuccessful' } : imperial ? fixedPoint(rawWeight, 1, 2) : fixedPoint(rawWeight, 5, 3);
  const timestamp = flags & 0x02 ? readTimestamp(reader) : null;
  const userId = flags & 0x04 ? reader.u8('user id') : null;
  let bmi: number | null = null;
  let height: number | null = null;
  if (flags & 0x08) {
    bmi = fixedPoint(reader.u16('BMI'), 1, 1);
    const rawHeight = reader.u16('height');
    height = imperial ? fixedPoint(rawHeight, 1, 1) : fixedPoint(rawHeight, 1, 3);
  }
  return {
    type: 'weight',
    characteristic: WEIGHT_MEASUREMENT,
    weight,
    weightUnit: imperial ? 'lb' : 'kg',
    timestamp,
    userId,
    bmi,
    height,
    heightUnit: imperial ? '[in_i]' : 'm',
    conditions: [],
  };
}
