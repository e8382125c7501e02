import { describe, expect, it } from 'vitest';
import { TruncatedPacketError } from './errors';
import { PacketWriter, floatRaw, prefixes } from './fixtures';
import { SPECIAL_VALUES } from './numbers';
import { parseTemperature } from './thermometer';

const SPECIAL_RAW = { NaN: 0x007fffff, NRes: 0x00800000, '+INF': 0x007ffffe, '-INF': 0x00800002, reserved: 0x00800001 } as const;
const ALL_FLAGS = Array.from({ length: 8 }, (_, flags) => flags);

function temperature(flags: number, raw?: number, site = 6) {
  const fahrenheit = (flags & 0x01) !== 0;
  const w = new PacketWriter().u8(flags).u32(raw ?? (fahrenheit ? floatRaw(1004, -1) : floatRaw(3805, -2)));
  if (flags & 0x02) w.timestamp(2026, 11, 22, 6, 5, 0);
  if (flags & 0x04) w.u8(site);
  return w.view();
}

describe('Temperature Measurement (0x2A1C)', () => {
  it.each(ALL_FLAGS)('decodes every field announced by flags %i, in °C or °F as the thermometer says', (flags) => {
    const fahrenheit = (flags & 0x01) !== 0;
    expect(parseTemperature(temperature(flags))).toEqual({
      type: 'temperature',
      characteristic: 0x2a1c,
      temperature: fahrenheit ? 100.4 : 38.05,
      unit: fahrenheit ? '[degF]' : 'Cel',
      timestamp: flags & 0x02 ? { year: 2026, month: 11, day: 22, hours: 6, minutes: 5, seconds: 0, local: '2026-11-22T06:05:00' } : null,
      site: flags & 0x04 ? 'mouth' : null,
      siteCode: flags & 0x04 ? 6 : null,
      conditions: [],
    });
  });

  it.each(ALL_FLAGS)('with flags %i, rejects the packet cut at every byte position', (flags) => {
    for (const prefix of prefixes(temperature(flags))) {
      expect(() => parseTemperature(prefix), `${prefix.byteLength} bytes`).toThrow(TruncatedPacketError);
    }
  });

  it.each(SPECIAL_VALUES)('gives no number when the temperature is the special %s', (special) => {
    expect(parseTemperature(temperature(0x00, SPECIAL_RAW[special])).temperature).toEqual({ special });
  });

  it.each([
    [1, 'armpit'],
    [3, 'ear'],
    [7, 'rectum'],
    [9, 'tympanum'],
    [0, null],
    [10, null],
  ] as const)('names temperature type %i as %s', (code, site) => {
    expect(parseTemperature(temperature(0x04, undefined, code))).toMatchObject({ site, siteCode: code });
  });
});
