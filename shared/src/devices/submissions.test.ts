import { describe, expect, it } from 'vitest';
import { MeasurementInputSchema } from '../contracts/measurement.contract';
import { toCanonical } from '../domain/kinds';
import { PacketWriter, floatRaw, hexToDataView, sfloatRaw } from './fixtures';
import { parseCharacteristic } from './parse';
import { readingTime, toSubmissions } from './submissions';
import type { DeviceSubmission } from './submissions';

const NONIN = { name: 'Nonin 3230', manufacturer: 'Nonin Medical, Inc.', model: '3230', serialNumber: '502123456', firmware: '1.2.0' };
// The questionable spot-check from gatt-vectors.json: SpO2 94, pulse 147, 2024-11-29 23:08:57, status bits 5 and 14, device bits 1 and 5.
const FLAGGED_SPOT_CHECK = '0FACF3BEF5E8070B1D170839204022000066E3';
const VECTOR_TIME = new Date(2024, 10, 29, 23, 8, 57);

/** The submission as the server would receive it, once the app gives it an id. */
const accepted = (submission: DeviceSubmission) =>
  MeasurementInputSchema.parse({ ...submission, id: '6f1f7f43-7e1a-4c38-9f4e-1a2b3c4d5e6f' });

describe('toSubmissions', () => {
  it('turns a flagged spot-check into SpO2 and pulse, questionable, with device info, flags and the device time', () => {
    const received = new Date(VECTOR_TIME.getTime() + 60_000);
    const submissions = toSubmissions(parseCharacteristic(0x2a5e, hexToDataView(FLAGGED_SPOT_CHECK)), NONIN, received);
    const device = {
      ...NONIN,
      characteristic: '0x2A5E',
      flags: ['questionable-measurement', 'equipment-malfunction', 'low-perfusion', 'measurement-ongoing'],
    };
    expect(submissions).toEqual([
      { kind: 'spo2', value: 94, unit: '%', measuredAt: VECTOR_TIME.toISOString(), source: 'device', quality: 'questionable', device },
      { kind: 'heart_rate', value: 147, unit: '/min', measuredAt: VECTOR_TIME.toISOString(), source: 'device', quality: 'questionable', device },
    ]);
    for (const s of submissions) expect(() => accepted(s)).not.toThrow();
  });

  it('marks a reading ok when the device reports no doubt', () => {
    const parsed = parseCharacteristic(0x2a5f, hexToDataView('1C5F005A00200000000057F0'));
    const [spo2, pulse] = toSubmissions(parsed, NONIN, new Date('2026-11-22T08:12:00Z'));
    expect(spo2).toMatchObject({ kind: 'spo2', value: 95, quality: 'ok', measuredAt: '2026-11-22T08:12:00.000Z' });
    expect(spo2?.device).toEqual({ ...NONIN, characteristic: '0x2A5F', flags: ['measurement-ongoing'] });
    expect(pulse).toMatchObject({ kind: 'heart_rate', value: 90, quality: 'ok' });
  });

  it('leaves out flags when there are none', () => {
    const [spo2] = toSubmissions(parseCharacteristic(0x2a5f, hexToDataView('0064005A00')), {}, new Date('2026-11-22T08:12:00Z'));
    expect(spo2?.device).toEqual({ characteristic: '0x2A5F' });
  });

  it('gives every submission its own device object', () => {
    const [a, b] = toSubmissions(parseCharacteristic(0x2a5e, hexToDataView(FLAGGED_SPOT_CHECK)), NONIN, new Date());
    expect(a?.device).not.toBe(b?.device);
    expect(a?.device?.flags).not.toBe(b?.device?.flags);
  });

  it('submits nothing for a field the device sent as a special value', () => {
    const nanSpo2 = new PacketWriter().u8(0).u16(0x07ff).sfloat(72).view();
    expect(toSubmissions(parseCharacteristic(0x2a5e, nanSpo2), {}, new Date()).map((s) => s.kind)).toEqual(['heart_rate']);
    const noPulse = new PacketWriter().u8(0).sfloat(97).u16(0x0800).view();
    expect(toSubmissions(parseCharacteristic(0x2a5f, noPulse), {}, new Date()).map((s) => s.kind)).toEqual(['spo2']);
    const bpNoSystolic = new PacketWriter().u8(0x04).u16(0x07fe).sfloat(80).sfloat(95).sfloat(70).view();
    expect(toSubmissions(parseCharacteristic(0x2a35, bpNoSystolic), {}, new Date()).map((s) => s.kind)).toEqual(['heart_rate']);
    const bpNoDiastolic = new PacketWriter().u8(0x00).sfloat(120).u16(0x0802).sfloat(95).view();
    expect(toSubmissions(parseCharacteristic(0x2a35, bpNoDiastolic), {}, new Date())).toEqual([]);
    const noTemperature = new PacketWriter().u8(0).u32(0x007fffff).view();
    expect(toSubmissions(parseCharacteristic(0x2a1c, noTemperature), {}, new Date())).toEqual([]);
    const noWeight = new PacketWriter().u8(0).u16(0xffff).view();
    expect(toSubmissions(parseCharacteristic(0x2a9d, noWeight), {}, new Date())).toEqual([]);
  });

  it('submits blood pressure in kPa as the monitor sent it, with its pulse, for the server to convert', () => {
    const view = new PacketWriter().u8(0x07).sfloat(171, -1).sfloat(109, -1).sfloat(130, -1).timestamp(2026, 11, 22, 7, 30, 0).sfloat(64).view();
    const [bp, pulse] = toSubmissions(parseCharacteristic(0x2a35, view), {}, new Date(2026, 10, 22, 7, 31, 0));
    expect(bp).toMatchObject({ kind: 'blood_pressure', unit: 'kPa', value: { systolic: 17.1, diastolic: 10.9 } });
    expect(bp?.measuredAt).toBe(new Date(2026, 10, 22, 7, 30, 0).toISOString());
    expect(pulse).toMatchObject({ kind: 'heart_rate', value: 64, unit: '/min' });
    const input = accepted(bp as DeviceSubmission);
    expect(toCanonical(input.kind, input.value, input.unit)).toEqual({ systolic: 128, diastolic: 82 });
  });

  it('submits a blood pressure with body movement or a loose cuff as questionable', () => {
    for (const status of [0x01, 0x02, 0x04, 0x20]) {
      const view = new PacketWriter().u8(0x10).sfloat(128).sfloat(82).sfloat(97).u16(status).view();
      expect(toSubmissions(parseCharacteristic(0x2a35, view), {}, new Date())[0]?.quality).toBe('questionable');
    }
    const aboveRange = new PacketWriter().u8(0x10).sfloat(128).sfloat(82).sfloat(97).u16(0x08).view();
    const [ok] = toSubmissions(parseCharacteristic(0x2a35, aboveRange), {}, new Date());
    expect(ok).toMatchObject({ quality: 'ok', device: { flags: ['pulse-rate-above-range'] } });
  });

  it('submits a temperature in °F as the thermometer sent it', () => {
    const view = new PacketWriter().u8(0x01).u32(floatRaw(986, -1)).view();
    const [temperature] = toSubmissions(parseCharacteristic(0x2a1c, view), {}, new Date());
    expect(temperature).toMatchObject({ kind: 'body_temperature', value: 98.6, unit: '[degF]' });
    const input = accepted(temperature as DeviceSubmission);
    expect(toCanonical(input.kind, input.value, input.unit)).toBe(37);
  });

  it('submits a weight in lb as the scale sent it, leaving BMI and height out', () => {
    const view = new PacketWriter().u8(0x09).u16(18155).u16(269).u16(689).view();
    const submissions = toSubmissions(parseCharacteristic(0x2a9d, view), {}, new Date());
    expect(submissions).toHaveLength(1);
    expect(submissions[0]).toMatchObject({ kind: 'body_weight', value: 181.55, unit: 'lb', quality: 'ok' });
    const input = accepted(submissions[0] as DeviceSubmission);
    expect(toCanonical(input.kind, input.value, input.unit)).toBe(82.35);
  });

  it('submits a heart rate, questionable when the strap lost skin contact', () => {
    const good = new PacketWriter().u8(0x17).u16(72).u16(800).u16(810).view();
    expect(toSubmissions(parseCharacteristic(0x2a37, good), {}, new Date())).toMatchObject([{ kind: 'heart_rate', value: 72, quality: 'ok' }]);
    const lost = new PacketWriter().u8(0x04).u8(72).view();
    expect(toSubmissions(parseCharacteristic(0x2a37, lost), {}, new Date())).toMatchObject([
      { kind: 'heart_rate', quality: 'questionable', device: { flags: ['sensor-contact-lost'] } },
    ]);
  });

  it('cleans the device strings: NUL padding and spaces removed, empty ones left out, long ones cut to the contract', () => {
    const view = hexToDataView('0064005A00');
    const [s] = toSubmissions(parseCharacteristic(0x2a5f, view), { name: '  ', manufacturer: 'Acme\0\0\0', model: 'x'.repeat(300), firmware: 'f'.repeat(150) }, new Date());
    expect(s?.device).toEqual({ manufacturer: 'Acme', model: 'x'.repeat(200), firmware: 'f'.repeat(100), characteristic: '0x2A5F' });
  });

  it('keeps at most 20 flags, reasons for doubt first', () => {
    const view = new PacketWriter().u8(0x06).sfloat(95).sfloat(80).u16(0xffe0).u24(0xffff).view();
    const [s] = toSubmissions(parseCharacteristic(0x2a5e, view), {}, new Date());
    const flags = s?.device?.flags ?? [];
    expect(flags).toHaveLength(20);
    expect(flags.slice(0, 5)).toEqual(['demonstration-data', 'testing-data', 'measurement-unavailable', 'questionable-measurement', 'invalid-measurement']);
    expect(flags).toContain('sensor-disconnected');
    expect(() => accepted(s as DeviceSubmission)).not.toThrow();
  });
});

describe('readingTime', () => {
  const at = (y: number, mo: number, d: number, h: number, mi: number) =>
    parseCharacteristic(0x2a5e, new PacketWriter().u8(0x01).sfloat(95).sfloat(80).timestamp(y, mo, d, h, mi, 0).view());

  it('uses the device time of a stored reading from earlier today or last month', () => {
    const received = new Date(2026, 10, 22, 9, 0, 0);
    expect(readingTime(at(2026, 11, 22, 8, 12), received)).toEqual({ measuredAt: new Date(2026, 10, 22, 8, 12).toISOString(), conditions: [] });
    expect(readingTime(at(2026, 10, 20, 21, 0), received).measuredAt).toBe(new Date(2026, 9, 20, 21, 0).toISOString());
  });

  it('uses the time received when the device sends no time', () => {
    const received = new Date('2026-11-22T08:00:00Z');
    const parsed = parseCharacteristic(0x2a5e, hexToDataView('0064005A00'));
    expect(readingTime(parsed, received)).toEqual({ measuredAt: '2026-11-22T08:00:00.000Z', conditions: [] });
  });

  it('uses the time received, and says so, when the device says its clock is not set', () => {
    const received = new Date('2026-11-22T08:00:00Z');
    const parsed = parseCharacteristic(0x2a5e, new PacketWriter().u8(0x11).sfloat(95).sfloat(80).timestamp(2026, 11, 22, 7, 0, 0).view());
    expect(readingTime(parsed, received)).toEqual({ measuredAt: '2026-11-22T08:00:00.000Z', conditions: ['device-clock-not-set'] });
  });

  it('uses the time received, and says so, when the timestamp is all zeros', () => {
    const received = new Date('2026-11-22T08:00:00Z');
    const parsed = parseCharacteristic(0x2a9d, hexToDataView('0620120000000000000001'));
    expect(readingTime(parsed, received)).toEqual({ measuredAt: '2026-11-22T08:00:00.000Z', conditions: ['device-clock-not-set'] });
  });

  it('uses the time received, and says so, when the device time is more than five minutes ahead or over a year old', () => {
    const received = new Date(2026, 10, 22, 9, 0, 0);
    expect(readingTime(at(2026, 11, 22, 9, 6), received)).toEqual({ measuredAt: received.toISOString(), conditions: ['device-time-implausible'] });
    expect(readingTime(at(2026, 11, 22, 9, 4), received).conditions).toEqual([]);
    expect(readingTime(at(2024, 11, 29, 23, 8), received)).toEqual({ measuredAt: received.toISOString(), conditions: ['device-time-implausible'] });
  });

  it('does not make a reading questionable because of the clock alone', () => {
    const parsed = parseCharacteristic(0x2a5e, new PacketWriter().u8(0x05).sfloat(94).sfloat(72).timestamp(2024, 11, 29, 23, 8, 57).u24(0).view());
    const [s] = toSubmissions(parsed, {}, new Date(2026, 10, 22, 9, 0, 0));
    expect(s).toMatchObject({ quality: 'ok', device: { flags: ['device-time-implausible'] } });
  });
});

it('builds raw SFLOAT words the way devices do', () => {
  expect(sfloatRaw(940, -1)).toBe(0xf3ac);
});
