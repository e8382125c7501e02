import { describe, expect, it } from 'vitest';
import { parseBloodPressure } from './blood-pressure';
import { DEVICE_CONDITIONS } from './conditions';
import { TruncatedPacketError } from './errors';
import { PacketWriter, prefixes, sfloatRaw } from './fixtures';
import { SPECIAL_VALUES } from './numbers';

const SPECIAL_RAW = { NaN: 0x07ff, NRes: 0x0800, '+INF': 0x07fe, '-INF': 0x0802, reserved: 0x0801 } as const;
const ALL_FLAGS = Array.from({ length: 32 }, (_, flags) => flags);

type Field = 'systolic' | 'diastolic' | 'map' | 'pulse';

/** mmHg: 128/82, MAP 97, pulse 64. kPa: 17.1/10.9, MAP 13.0, pulse 64. */
function bp(flags: number, raw: Partial<Record<Field, number>> = {}, status = 0) {
  const kpa = (flags & 0x01) !== 0;
  const w = new PacketWriter().u8(flags);
  w.u16(raw.systolic ?? (kpa ? sfloatRaw(171, -1) : sfloatRaw(128, 0)));
  w.u16(raw.diastolic ?? (kpa ? sfloatRaw(109, -1) : sfloatRaw(82, 0)));
  w.u16(raw.map ?? (kpa ? sfloatRaw(130, -1) : sfloatRaw(97, 0)));
  if (flags & 0x02) w.timestamp(2026, 11, 22, 7, 30, 15);
  if (flags & 0x04) w.u16(raw.pulse ?? sfloatRaw(64, 0));
  if (flags & 0x08) w.u8(1);
  if (flags & 0x10) w.u16(status);
  return w.view();
}

describe('Blood Pressure Measurement (0x2A35)', () => {
  it.each(ALL_FLAGS)('decodes every field announced by flags %i, in mmHg or kPa as the monitor says', (flags) => {
    const kpa = (flags & 0x01) !== 0;
    expect(parseBloodPressure(bp(flags))).toEqual({
      type: 'blood-pressure',
      characteristic: 0x2a35,
      systolic: kpa ? 17.1 : 128,
      diastolic: kpa ? 10.9 : 82,
      meanArterialPressure: kpa ? 13 : 97,
      unit: kpa ? 'kPa' : 'mm[Hg]',
      timestamp: flags & 0x02 ? { year: 2026, month: 11, day: 22, hours: 7, minutes: 30, seconds: 15, local: '2026-11-22T07:30:15' } : null,
      pulseRate: flags & 0x04 ? 64 : null,
      pulseRateUnit: '/min',
      userId: flags & 0x08 ? 1 : null,
      measurementStatus: flags & 0x10 ? 0 : null,
      conditions: [],
    });
  });

  it.each(ALL_FLAGS)('with flags %i, rejects the packet cut at every byte position', (flags) => {
    for (const prefix of prefixes(bp(flags))) {
      expect(() => parseBloodPressure(prefix), `${prefix.byteLength} bytes`).toThrow(TruncatedPacketError);
    }
  });

  for (const field of ['systolic', 'diastolic', 'map', 'pulse'] as const) {
    it.each(SPECIAL_VALUES)(`gives no number when ${field} is the special %s`, (special) => {
      const parsed = parseBloodPressure(bp(0x04, { [field]: SPECIAL_RAW[special] }));
      const value = { systolic: parsed.systolic, diastolic: parsed.diastolic, map: parsed.meanArterialPressure, pulse: parsed.pulseRate }[field];
      expect(value).toEqual({ special });
    });
  }

  it.each([
    [0x0001, ['body-movement'], true],
    [0x0002, ['cuff-too-loose'], true],
    [0x0004, ['irregular-pulse'], true],
    [0x0008, ['pulse-rate-above-range'], false],
    [0x0010, ['pulse-rate-below-range'], false],
    [0x0018, [], false],
    [0x0020, ['improper-position'], true],
    [0x0000, [], false],
    [0xffc0, [], false],
    [0x003f, ['body-movement', 'cuff-too-loose', 'irregular-pulse', 'improper-position'], true],
  ] as const)('names measurement status word %i', (status, conditions, questionable) => {
    const parsed = parseBloodPressure(bp(0x10, {}, status));
    expect(parsed.conditions).toEqual(conditions);
    expect(parsed.conditions.some((c) => DEVICE_CONDITIONS[c].questionable)).toBe(questionable);
  });
});
