import type { ByteReader } from './reader';

/**
 * A GATT Date Time (7 bytes: year u16, month, day, hours, minutes, seconds). Devices keep local wall-clock
 * time without a zone. Year, month or day 0 means "not known".
 */
export interface DeviceTimestamp {
  year: number;
  month: number;
  day: number;
  hours: number;
  minutes: number;
  seconds: number;
  /** `YYYY-MM-DDTHH:mm:ss` in the device's local time; null when unknown or not a real date and time. */
  local: string | null;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Reads a 7-byte Date Time field. */
export function readTimestamp(reader: ByteReader, field = 'timestamp'): DeviceTimestamp {
  const year = reader.u16(`${field} year`);
  const month = reader.u8(`${field} month`);
  const day = reader.u8(`${field} day`);
  const hours = reader.u8(`${field} hours`);
  const minutes = reader.u8(`${field} minutes`);
  const seconds = reader.u8(`${field} seconds`);
  const valid =
    year >= 1582 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hours <= 23 &&
    minutes <= 59 &&
    seconds <= 59;
  const local = valid ? `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hours)}:${pad(minutes)}:${pad(seconds)}` : null;
  return { year, month, day, hours, minutes, seconds, local };
}

/**
 * The instant a device's local timestamp names, read in the runtime's time zone (the patient's browser,
 * next to the device). Null when the timestamp is unknown, or names a local time that does not exist
 * (skipped by a daylight-saving change).
 */
export function timestampToDate(timestamp: DeviceTimestamp): Date | null {
  if (!timestamp.local) return null;
  const { year, month, day, hours, minutes, seconds } = timestamp;
  const date = new Date(year, month - 1, day, hours, minutes, seconds);
  if (date.getDate() !== day || date.getHours() !== hours || date.getMinutes() !== minutes) return null;
  return date;
}
