import { BLOOD_PRESSURE_MEASUREMENT } from './blood-pressure';
import { HEART_RATE_MEASUREMENT } from './heart-rate';
import { PLX_CONTINUOUS, PLX_SPOT_CHECK } from './plx';
import { TEMPERATURE_MEASUREMENT } from './thermometer';
import { WEIGHT_MEASUREMENT } from './weight';

/** A kind of Bluetooth measuring device Naer can read, by its standard GATT service. */
export interface DeviceProfile {
  service: number;
  /** Measurement characteristics to subscribe to, preferred first. */
  characteristics: readonly number[];
}

export const DEVICE_TYPES = ['pulse-oximeter', 'blood-pressure', 'weight-scale', 'thermometer', 'heart-rate'] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];

export const DEVICE_PROFILES: Record<DeviceType, DeviceProfile> = {
  'pulse-oximeter': { service: 0x1822, characteristics: [PLX_SPOT_CHECK, PLX_CONTINUOUS] },
  'blood-pressure': { service: 0x1810, characteristics: [BLOOD_PRESSURE_MEASUREMENT] },
  'weight-scale': { service: 0x181d, characteristics: [WEIGHT_MEASUREMENT] },
  thermometer: { service: 0x1809, characteristics: [TEMPERATURE_MEASUREMENT] },
  'heart-rate': { service: 0x180d, characteristics: [HEART_RATE_MEASUREMENT] },
};

/** Device Information service (0x180A) and the strings Naer stores with a reading. */
export const DEVICE_INFORMATION_SERVICE = 0x180a;
export const DEVICE_INFORMATION_STRINGS = {
  manufacturer: 0x2a29,
  model: 0x2a24,
  serialNumber: 0x2a25,
  firmware: 0x2a26,
} as const;

/**
 * Characteristics that stream values (notify) rather than hand over finished readings (indicate):
 * only the latest value of a stream is a reading.
 */
export const STREAMING_CHARACTERISTICS: ReadonlySet<number> = new Set([PLX_CONTINUOUS, HEART_RATE_MEASUREMENT]);

const BASE_UUID_SUFFIX = '-0000-1000-8000-00805f9b34fb';

/** The 16-bit UUID inside a full Bluetooth base UUID (`00002a5e-0000-1000-8000-00805f9b34fb` → 0x2A5E); null for others. */
export function shortUuid(uuid: string): number | null {
  const match = /^0000([0-9a-f]{4})-0000-1000-8000-00805f9b34fb$/i.exec(uuid.trim());
  return match?.[1] ? Number.parseInt(match[1], 16) : null;
}

/** The full 128-bit form of a 16-bit UUID. */
export function fullUuid(uuid16: number): string {
  return `0000${uuid16.toString(16).padStart(4, '0')}${BASE_UUID_SUFFIX}`;
}
