import type { DeviceInfo, MeasurementInput, MeasurementQuality } from '../contracts/measurement.contract';
import { DEVICE_CONDITIONS } from './conditions';
import type { DeviceConditionCode } from './conditions';
import { formatUuid16 } from './errors';
import { isNumber } from './numbers';
import type { ParsedMeasurement } from './parse';
import { timestampToDate } from './timestamp';

/** Clock skew tolerated between a device and the phone (the server allows the same). */
const FUTURE_TOLERANCE_MS = 5 * 60_000;
/** The server refuses readings older than a year: a device clock that was never set, almost always. */
const MAX_AGE_MS = 365 * 86_400_000;
/** Most flags the measurement contract accepts. */
const MAX_FLAGS = 20;

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/** A reading ready to submit once the app gives it an id (MeasurementInput minus `id`). */
export type DeviceSubmission = WithoutId<MeasurementInput>;

/** What the app learnt about the device (Web Bluetooth name and the Device Information strings). */
export type DeviceIdentity = Pick<DeviceInfo, 'name' | 'manufacturer' | 'model' | 'serialNumber' | 'firmware'>;

const IDENTITY_LIMITS: Record<keyof DeviceIdentity, number> = { name: 200, manufacturer: 200, model: 200, serialNumber: 200, firmware: 100 };

/**
 * When the reading was taken: the device's timestamp when it has a believable one, otherwise `received`
 * (when the app got it), with a condition saying why the device's time was not used.
 */
export function readingTime(parsed: ParsedMeasurement, received: Date): { measuredAt: string; conditions: DeviceConditionCode[] } {
  const fallback = (conditions: DeviceConditionCode[]) => ({ measuredAt: received.toISOString(), conditions });
  if (!('timestamp' in parsed) || parsed.timestamp === null) return fallback([]);
  if (parsed.type === 'plx-spot-check' && parsed.clockNotSet) return fallback(['device-clock-not-set']);
  if (parsed.timestamp.local === null) return fallback(['device-clock-not-set']);
  const at = timestampToDate(parsed.timestamp);
  if (!at) return fallback(['device-time-implausible']);
  const ms = at.getTime();
  if (ms > received.getTime() + FUTURE_TOLERANCE_MS || ms < received.getTime() - MAX_AGE_MS) return fallback(['device-time-implausible']);
  return { measuredAt: at.toISOString(), conditions: [] };
}

function identityFields(identity: DeviceIdentity): DeviceIdentity {
  const out: DeviceIdentity = {};
  for (const key of Object.keys(IDENTITY_LIMITS) as Array<keyof DeviceIdentity>) {
    // Device Information strings are often NUL-padded to a fixed length.
    const value = identity[key]?.replace(/\0+$/, '').trim();
    if (value) out[key] = value.slice(0, IDENTITY_LIMITS[key]);
  }
  return out;
}

/** Condition codes with the questionable ones first, so the cap never drops a reason for doubt. */
function orderedFlags(conditions: DeviceConditionCode[]): DeviceConditionCode[] {
  const unique = [...new Set(conditions)];
  const doubtful = unique.filter((c) => DEVICE_CONDITIONS[c].questionable);
  return [...doubtful, ...unique.filter((c) => !DEVICE_CONDITIONS[c].questionable)].slice(0, MAX_FLAGS);
}

/**
 * Turns a decoded device value into measurement submissions (without ids), in the device's own unit:
 * the server converts to the canonical unit and keeps the original. Fields the device sent as special
 * values ("no reading") yield no submission. Device-flagged readings carry quality `questionable` and
 * the flags' names in `device.flags`.
 */
export function toSubmissions(parsed: ParsedMeasurement, identity: DeviceIdentity, measuredAtFallback: Date): DeviceSubmission[] {
  const time = readingTime(parsed, measuredAtFallback);
  const conditions = [...parsed.conditions, ...time.conditions];
  const quality: MeasurementQuality = parsed.conditions.some((c) => DEVICE_CONDITIONS[c].questionable) ? 'questionable' : 'ok';
  const flags = orderedFlags(conditions);
  const who = identityFields(identity);
  // A fresh device object per submission, so changing one never changes another.
  const common = (): Omit<DeviceSubmission, 'kind' | 'value' | 'unit'> => ({
    measuredAt: time.measuredAt,
    source: 'device' as const,
    device: { ...who, characteristic: formatUuid16(parsed.characteristic), ...(flags.length > 0 ? { flags: [...flags] } : {}) },
    quality,
  });
  const out: DeviceSubmission[] = [];

  switch (parsed.type) {
    case 'plx-spot-check':
    case 'plx-continuous':
      if (isNumber(parsed.spo2)) out.push({ ...common(), kind: 'spo2', value: parsed.spo2, unit: parsed.units.spo2 });
      if (isNumber(parsed.pulseRate)) out.push({ ...common(), kind: 'heart_rate', value: parsed.pulseRate, unit: parsed.units.pulseRate });
      break;
    case 'weight':
      if (isNumber(parsed.weight)) out.push({ ...common(), kind: 'body_weight', value: parsed.weight, unit: parsed.weightUnit });
      break;
    case 'blood-pressure':
      if (isNumber(parsed.systolic) && isNumber(parsed.diastolic)) {
        out.push({ ...common(), kind: 'blood_pressure', value: { systolic: parsed.systolic, diastolic: parsed.diastolic }, unit: parsed.unit });
      }
      if (isNumber(parsed.pulseRate)) out.push({ ...common(), kind: 'heart_rate', value: parsed.pulseRate, unit: parsed.pulseRateUnit });
      break;
    case 'heart-rate':
      out.push({ ...common(), kind: 'heart_rate', value: parsed.heartRate, unit: parsed.heartRateUnit });
      break;
    case 'temperature':
      if (isNumber(parsed.temperature)) out.push({ ...common(), kind: 'body_temperature', value: parsed.temperature, unit: parsed.unit });
      break;
  }
  return out;
}
