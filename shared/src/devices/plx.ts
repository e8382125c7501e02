import { conditionsFromBits } from './conditions';
import type { DeviceConditionCode } from './conditions';
import type { Numeric } from './numbers';
import { ByteReader } from './reader';
import { readTimestamp } from './timestamp';
import type { DeviceTimestamp } from './timestamp';

export const PLX_SPOT_CHECK = 0x2a5e;
export const PLX_CONTINUOUS = 0x2a5f;

const MEASUREMENT_STATUS_BITS = [
  [5, 'measurement-ongoing'],
  [6, 'early-estimate'],
  [7, 'validated-data'],
  [8, 'fully-qualified-data'],
  [9, 'from-storage'],
  [10, 'demonstration-data'],
  [11, 'testing-data'],
  [12, 'calibration-ongoing'],
  [13, 'measurement-unavailable'],
  [14, 'questionable-measurement'],
  [15, 'invalid-measurement'],
] as const satisfies ReadonlyArray<readonly [number, DeviceConditionCode]>;

const DEVICE_STATUS_BITS = [
  [0, 'extended-display-update'],
  [1, 'equipment-malfunction'],
  [2, 'signal-processing-irregularity'],
  [3, 'inadequate-signal'],
  [4, 'poor-signal'],
  [5, 'low-perfusion'],
  [6, 'erratic-signal'],
  [7, 'nonpulsatile-signal'],
  [8, 'questionable-pulse'],
  [9, 'signal-analysis-ongoing'],
  [10, 'sensor-interference'],
  [11, 'sensor-unconnected'],
  [12, 'unknown-sensor'],
  [13, 'sensor-displaced'],
  [14, 'sensor-malfunction'],
  [15, 'sensor-disconnected'],
] as const satisfies ReadonlyArray<readonly [number, DeviceConditionCode]>;

interface PlxCommon {
  /** SpO2 in percent. */
  spo2: Numeric;
  /** Pulse rate in beats per minute. */
  pulseRate: Numeric;
  units: { spo2: '%'; pulseRate: '/min'; pulseAmplitudeIndex: '%' };
  /** Measurement status word (bits 5–15), null when absent. */
  measurementStatus: number | null;
  /** Device and sensor status (24 bits), null when absent. */
  deviceStatus: number | null;
  /** Pulse amplitude index in percent, null when absent. */
  pulseAmplitudeIndex: Numeric | null;
  conditions: DeviceConditionCode[];
}

/** PLX Spot-Check Measurement (0x2A5E): one reading, possibly from the device's memory. */
export interface PlxSpotCheck extends PlxCommon {
  type: 'plx-spot-check';
  characteristic: typeof PLX_SPOT_CHECK;
  timestamp: DeviceTimestamp | null;
  /** The device says its clock was never set, so its timestamp means nothing. */
  clockNotSet: boolean;
}

/** PLX Continuous Measurement (0x2A5F): a live value, with optional fast and slow averages. */
export interface PlxContinuous extends PlxCommon {
  type: 'plx-continuous';
  characteristic: typeof PLX_CONTINUOUS;
  fast: { spo2: Numeric; pulseRate: Numeric } | null;
  slow: { spo2: Numeric; pulseRate: Numeric } | null;
}

function statusConditions(measurementStatus: number | null, deviceStatus: number | null): DeviceConditionCode[] {
  return [
    ...(measurementStatus === null ? [] : conditionsFromBits(measurementStatus, MEASUREMENT_STATUS_BITS)),
    ...(deviceStatus === null ? [] : conditionsFromBits(deviceStatus, DEVICE_STATUS_BITS)),
  ];
}

const PLX_UNITS = { spo2: '%', pulseRate: '/min', pulseAmplitudeIndex: '%' } as const;

/** Decodes a PLX Spot-Check Measurement; throws `TruncatedPacketError` when a flagged field is missing. */
export function parsePlxSpotCheck(view: DataView): PlxSpotCheck {
  const reader = new ByteReader(view, 'PLX Spot-Check (0x2A5E)');
  const flags = reader.u8('flags');
  const spo2 = reader.sfloat('SpO2');
  const pulseRate = reader.sfloat('pulse rate');
  const timestamp = flags & 0x01 ? readTimestamp(reader) : null;
  const measurementStatus = flags & 0x02 ? reader.u16('measurement status') : null;
  const deviceStatus = flags & 0x04 ? reader.u24('device and sensor status') : null;
  const pulseAmplitudeIndex = flags & 0x08 ? reader.sfloat('pulse amplitude index') : null;
  const clockNotSet = (flags & 0x10) !== 0;
  return {
    type: 'plx-spot-check',
    characteristic: PLX_SPOT_CHECK,
    spo2,
    pulseRate,
    units: { ...PLX_UNITS },
    timestamp,
    clockNotSet,
    measurementStatus,
    deviceStatus,
    pulseAmplitudeIndex,
    conditions: statusConditions(measurementStatus, deviceStatus),
  };
}

/** Decodes a PLX Continuous Measurement; throws `TruncatedPacketError` when a flagged field is missing. */
export function parsePlxContinuous(view: DataView): PlxContinuous {
  const reader = new ByteReader(view, 'PLX Continuous (0x2A5F)');
  const flags = reader.u8('flags');
  const spo2 = reader.sfloat('SpO2');
  const pulseRate = reader.sfloat('pulse rate');
  const fast = flags & 0x01 ? { spo2: reader.sfloat('SpO2 fast'), pulseRate: reader.sfloat('pulse rate fast') } : null;
  const slow = flags & 0x02 ? { spo2: reader.sfloat('SpO2 slow'), pulseRate: reader.sfloat('pulse rate slow') } : null;
  const measurementStatus = flags & 0x04 ? reader.u16('measurement status') : null;
  const deviceStatus = flags & 0x08 ? reader.u24('device and sensor status') : null;
  const pulseAmplitudeIndex = flags & 0x10 ? reader.sfloat('pulse amplitude index') : null;
  return {
    type: 'plx-continuous',
    characteristic: PLX_CONTINUOUS,
    spo2,
    pulseRate,
    units: { ...PLX_UNITS },
    fast,
    slow,
    measurementStatus,
    deviceStatus,
    pulseAmplitudeIndex,
    conditions: statusConditions(measurementStatus, deviceStatus),
  };
}
