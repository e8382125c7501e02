import type { DeviceConditionCode } from './conditions';
import { ByteReader } from './reader';

export const HEART_RATE_MEASUREMENT = 0x2a37;

/** Heart Rate Measurement (0x2A37). */
export interface HeartRateMeasurement {
  type: 'heart-rate';
  characteristic: typeof HEART_RATE_MEASUREMENT;
  /** Beats per minute. */
  heartRate: number;
  heartRateUnit: '/min';
  /** Whether the sensor touches the skin; null when the sensor cannot tell. */
  contactDetected: boolean | null;
  contactSupported: boolean;
  /** Energy expended in kilojoules since the last reset, null when absent. */
  energyExpended: number | null;
  /** RR intervals as sent, in units of 1/1024 s. */
  rrIntervals: number[];
  /** The same RR intervals in milliseconds. */
  rrIntervalsMs: number[];
  conditions: DeviceConditionCode[];
}

/** Decodes a Heart Rate Measurement; throws `TruncatedPacketError` when a flagged field is missing. */
export function parseHeartRate(view: DataView): HeartRateMeasurement {
  const reader = new ByteReader(view, 'Heart Rate Measurement (0x2A37)');
  const flags = reader.u8('flags');
  const heartRate = flags & 0x01 ? reader.u16('heart rate') : reader.u8('heart rate');
  const contactSupported = (flags & 0x04) !== 0;
  const contactDetected = contactSupported ? (flags & 0x02) !== 0 : null;
  const energyExpended = flags & 0x08 ? reader.u16('energy expended') : null;
  const rrIntervals: number[] = [];
  if (flags & 0x10) {
    // The flag promises at least one interval; an odd byte left over is a cut-off interval.
    rrIntervals.push(reader.u16('RR interval 1'));
    while (reader.remaining > 0) rrIntervals.push(reader.u16(`RR interval ${rrIntervals.length + 1}`));
  }
  return {
    type: 'heart-rate',
    characteristic: HEART_RATE_MEASUREMENT,
    heartRate,
    heartRateUnit: '/min',
    contactDetected,
    contactSupported,
    energyExpended,
    rrIntervals,
    rrIntervalsMs: rrIntervals.map((rr) => (rr * 1000) / 1024),
    conditions: contactDetected === false ? ['sensor-contact-lost'] : [],
  };
}
