import type { Measurement, MeasurementInput } from '@naer/shared/contracts';
import { DEVICE_CONDITIONS, DeviceDataError, STREAMING_CHARACTERISTICS, formatUuid16, parseCharacteristic, toSubmissions } from '@naer/shared/devices';
import type { DeviceConditionCode, DeviceIdentity, ParsedMeasurement } from '@naer/shared/devices';
import { implausibleParts, toCanonical } from '@naer/shared/domain';
import { newId } from '../id';
import type { ReceivedValue } from './gatt-session';

/** A reading older than this when it arrives came from the device's memory. */
const STORED_AFTER_MS = 2 * 60_000;

export interface ReadingItem {
  input: MeasurementInput;
  /** False when the value lies outside what Naer accepts (a device fault or a wrong unit): shown, never sent. */
  plausible: boolean;
}

/** One reading from the device, waiting for the patient to send or discard it. */
export interface PendingReading {
  key: string;
  /** Recognises the same stored reading if the device sends it again; null when it has no trustworthy time. */
  handledKey: string | null;
  deviceName: string;
  measuredAt: string;
  stored: boolean;
  /** The device's clock was wrong or unset, so the time is when Naer received it. */
  clockIgnored: boolean;
  /** Reasons the device gave for doubting the reading. */
  doubts: DeviceConditionCode[];
  items: ReadingItem[];
  status: 'pending' | 'sending' | 'sent' | 'discarded';
  error: { kind: 'network' } | { kind: 'server'; message: string } | null;
  results: Measurement[];
}

export interface Offer {
  readings: PendingReading[];
  /** Packets that could not be decoded (cut off): never turned into numbers. */
  unreadable: number;
  /** Readings without a single number (special values, a failed measurement). */
  empty: number;
  /** Stored readings already sent or discarded earlier. */
  alreadyHandled: number;
}

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

function hasDeviceTime(parsed: ParsedMeasurement): boolean {
  if (!('timestamp' in parsed) || !parsed.timestamp?.local) return false;
  return !(parsed.type === 'plx-spot-check' && parsed.clockNotSet);
}

function isPlausible(input: MeasurementInput): boolean {
  try {
    return implausibleParts(input.kind, toCanonical(input.kind, input.value, input.unit)).length === 0;
  } catch {
    return false;
  }
}

/**
 * Turns what a device sent into readings for the patient to confirm: decoded, only the latest value of a
 * stream, readings already handled left out, one id per value (kept for every retry), newest first.
 */
export function offerReadings(
  values: ReceivedValue[],
  context: { deviceId: string; deviceName: string; identity: DeviceIdentity; handled: Iterable<string> },
): Offer {
  const offer: Offer = { readings: [], unreadable: 0, empty: 0, alreadyHandled: 0 };
  const parsed: Array<{ value: ReceivedValue; reading: ParsedMeasurement }> = [];
  for (const value of values) {
    try {
      const view = new DataView(value.bytes.buffer, value.bytes.byteOffset, value.bytes.byteLength);
      parsed.push({ value, reading: parseCharacteristic(value.characteristic, view) });
    } catch (error) {
      if (!(error instanceof DeviceDataError)) throw error;
      offer.unreadable += 1;
    }
  }
  // A stream's values are snapshots: only its latest counts, and none when the device also sent finished readings.
  const finished = parsed.filter((p) => !STREAMING_CHARACTERISTICS.has(p.value.characteristic));
  const latest: typeof parsed = [];
  for (const p of parsed) {
    if (!STREAMING_CHARACTERISTICS.has(p.value.characteristic)) continue;
    const at = latest.findIndex((l) => l.value.characteristic === p.value.characteristic);
    if (at >= 0) latest.splice(at, 1);
    latest.push(p);
  }
  const chosen = finished.length > 0 ? finished : latest;

  const seen = new Set(context.handled);
  for (const { value, reading } of chosen) {
    const handledKey = hasDeviceTime(reading) ? `${context.deviceId}|${formatUuid16(value.characteristic)}|${hex(value.bytes)}` : null;
    if (handledKey && seen.has(handledKey)) {
      offer.alreadyHandled += 1;
      continue;
    }
    if (handledKey) seen.add(handledKey);
    const submissions = toSubmissions(reading, { ...context.identity, name: context.identity.name ?? context.deviceName }, value.receivedAt);
    if (submissions.length === 0) {
      offer.empty += 1;
      continue;
    }
    const items = submissions.map((s): ReadingItem => {
      const input: MeasurementInput = { ...s, id: newId() };
      return { input, plausible: isPlausible(input) };
    });
    const measuredAt = submissions[0]?.measuredAt ?? value.receivedAt.toISOString();
    const flags = submissions[0]?.device?.flags ?? [];
    offer.readings.push({
      key: newId(),
      handledKey,
      deviceName: context.deviceName,
      measuredAt,
      stored: reading.conditions.includes('from-storage') || value.receivedAt.getTime() - Date.parse(measuredAt) > STORED_AFTER_MS,
      clockIgnored: flags.includes('device-clock-not-set') || flags.includes('device-time-implausible'),
      doubts: reading.conditions.filter((c) => DEVICE_CONDITIONS[c].questionable),
      items,
      status: 'pending',
      error: null,
      results: [],
    });
  }
  offer.readings.sort((a, b) => b.measuredAt.localeCompare(a.measuredAt));
  return offer;
}
