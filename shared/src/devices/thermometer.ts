import type { DeviceConditionCode } from './conditions';
import type { Numeric } from './numbers';
import { ByteReader } from './reader';
import { readTimestamp } from './timestamp';
import type { DeviceTimestamp } from './timestamp';

export const TEMPERATURE_MEASUREMENT = 0x2a1c;

/** Temperature Type (Health Thermometer profile), by its code. */
export const TEMPERATURE_SITES = {
  1: 'armpit',
  2: 'body',
  3: 'ear',
  4: 'finger',
  5: 'gastrointestinal',
  6: 'mouth',
  7: 'rectum',
  8: 'toe',
  9: 'tympanum',
} as const;
export type TemperatureSite = (typeof TEMPERATURE_SITES)[keyof typeof TEMPERATURE_SITES];

/** Temperature Measurement (0x2A1C), in the thermometer's unit (°C or °F). */
export interface TemperatureMeasurement {
  type: 'temperature';
  characteristic: typeof TEMPERATURE_MEASUREMENT;
  temperature: Numeric;
  unit: 'Cel' | '[degF]';
  timestamp: DeviceTimestamp | null;
  /** Where on the body it was taken; null when absent or an unknown code. */
  site: TemperatureSite | null;
  /** The raw temperature type code, null when absent. */
  siteCode: number | null;
  /** Always empty: this profile reports no status. */
  conditions: DeviceConditionCode[];
}

/** Decodes a Temperature Measurement; throws `TruncatedPacketError` when a flagged field is missing. */
export function parseTemperature(view: DataView): TemperatureMeasurement {
  const reader = new ByteReader(view, 'Temperature Measurement (0x2A1C)');
  const flags = reader.u8('flags');
  const temperature = reader.float('temperature');
  const timestamp = flags & 0x02 ? readTimestamp(reader) : null;
  const siteCode = flags & 0x04 ? reader.u8('temperature type') : null;
  const site = siteCode !== null && siteCode in TEMPERATURE_SITES ? TEMPERATURE_SITES[siteCode as keyof typeof TEMPERATURE_SITES] : null;
  return {
    type: 'temperature',
    characteristic: TEMPERATURE_MEASUREMENT,
    temperature,
    unit: flags & 0x01 ? '[degF]' : 'Cel',
    timestamp,
    site,
    siteCode,
    conditions: [],
  };
}
