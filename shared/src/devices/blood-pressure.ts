import type { DeviceConditionCode } from './conditions';
import type { Numeric } from './numbers';
import { ByteReader } from './reader';
import { readTimestamp } from './timestamp';
import type { DeviceTimestamp } from './timestamp';

export const BLOOD_PRESSURE_MEASUREMENT = 0x2a35;

/** Blood Pressure Measurement (0x2A35); pressures in the device's unit (mmHg or kPa). */
export interface BloodPressureMeasurement {
  type: 'blood-pressure';
  characteristic: typeof BLOOD_PRESSURE_MEASUREMENT;
  systolic: Numeric;
  diastolic: Numeric;
  meanArterialPressure: Numeric;
  unit: 'mm[Hg]' | 'kPa';
  timestamp: DeviceTimestamp | null;
  /** Pulse rate in beats per minute, null when absent. */
  pulseRate: Numeric | null;
  pulseRateUnit: '/min';
  /** The monitor's user index; 255 means an unknown user. Null when absent. */
  userId: number | null;
  /** Measurement status word, null when absent. */
  measurementStatus: number | null;
  conditions: DeviceConditionCode[];
}

function statusConditions(status: number): DeviceConditionCode[] {
  const conditions: DeviceConditionCode[] = [];
  if (status & 0x0001) conditions.push('body-movement');
  if (status & 0x0002) conditions.push('cuff-too-loose');
  if (status & 0x0004) conditions.push('irregular-pulse');
  // Bits 3–4: 0 pulse within range, 1 above the upper limit, 2 below the lower limit, 3 reserved.
  const range = (status >> 3) & 0x03;
  if (range === 1) conditions.push('pulse-rate-above-range');
  if (range === 2) conditions.push('pulse-rate-below-range');
  if (status & 0x0020) conditions.push('improper-position');
  return conditions;
}

/** Decodes a Blood Pressure Measurement; throws `TruncatedPacketError` when a flagged field is missing. */
export function parseBloodPressure(view: DataView): BloodPressureMeasurement {
  const reader = new ByteReader(view, 'Blood Pressure Measurement (0x2A35)');
  const flags = reader.u8('flags');
  const systolic = reader.sfloat('systolic');
  const diastolic = reader.sfloat('diastolic');
  const meanArterialPressure = reader.sfloat('mean arterial pressure');
  const timestamp = flags & 0x02 ? readTimestamp(reader) : null;
  const pulseRate = flags & 0x04 ? reader.sfloat('pulse rate') : null;
  const userId = flags & 0x08 ? reader.u8('user id') : null;
  const measurementStatus = flags & 0x10 ? reader.u16('measurement status') : null;
  return {
    type: 'blood-pressure',
    characteristic: BLOOD_PRESSURE_MEASUREMENT,
    systolic,
    diastolic,
    meanArterialPressure,
    unit: flags & 0x01 ? 'kPa' : 'mm[Hg]',
    timestamp,
    pulseRate,
    pulseRateUnit: '/min',
    userId,
    measurementStatus,
    conditions: measurementStatus === null ? [] : statusConditions(measurementStatus),
  };
}
