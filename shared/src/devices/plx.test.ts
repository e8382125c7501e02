import { describe, expect, it } from 'vitest';
import { DEVICE_CONDITIONS } from './conditions';
import { TruncatedPacketError } from './errors';
import { PacketWriter, prefixes, sfloatRaw } from './fixtures';
import { parsePlxContinuous, parsePlxSpotCheck } from './plx';
import { SPECIAL_VALUES } from './numbers';

const SPECIAL_RAW = { NaN: 0x07ff, NRes: 0x0800, '+INF': 0x07fe, '-INF': 0x0802, reserved: 0x0801 } as const;
const ALL_FLAGS = Array.from({ length: 32 }, (_, flags) => flags);

/** A spot-check packet with every field its flags announce; SFLOAT fields may be replaced by raw words. */
function spotCheck(flags: number, raw: Partial<Record<'spo2' | 'pulseRate' | 'pai', number>> = {}) {
  const w = new PacketWriter().u8(flags);
  w.u16(raw.spo2 ?? sfloatRaw(975, -1)).u16(raw.pulseRate ?? sfloatRaw(72, 0));
  if (flags & 0x01) w.timestamp(2026, 11, 20, 8, 12, 30);
  if (flags & 0x02) w.u16(0x0180);
  if (flags & 0x04) w.u24(0x000200);
  if (flags & 0x08) w.u16(raw.pai ?? sfloatRaw(87, -1));
  return w.view();
}

type ContinuousField = 'spo2' | 'pulseRate' | 'fastSpo2' | 'fastPulseRate' | 'slowSpo2' | 'slowPulseRate' | 'pai';

function continuous(flags: number, raw: Partial<Record<ContinuousField, number>> = {}) {
  const w = new PacketWriter().u8(flags);
  w.u16(raw.spo2 ?? sfloatRaw(96, 0)).u16(raw.pulseRate ?? sfloatRaw(68, 0));
  if (flags & 0x01) w.u16(raw.fastSpo2 ?? sfloatRaw(955, -1)).u16(raw.fastPulseRate ?? sfloatRaw(70, 0));
  if (flags & 0x02) w.u16(raw.slowSpo2 ?? sfloatRaw(965, -1)).u16(raw.slowPulseRate ?? sfloatRaw(66, 0));
  if (flags & 0x04) w.u16(0x0080);
  if (flags & 0x08) w.u24(0x000000);
  if (flags & 0x10) w.u16(raw.pai ?? sfloatRaw(42, -1));
  return w.view();
}

describe('PLX Spot-Check (0x2A5E)', () => {
  it.each(ALL_FLAGS)('decodes every field announced by flags %i and nothing else', (flags) => {
    const parsed = parsePlxSpotCheck(spotCheck(flags));
    expect(parsed).toEqual({
      type: 'plx-spot-check',
      characteristic: 0x2a5e,
      spo2: 97.5,
      pulseRate: 72,
      units: { spo2: '%', pulseRate: '/min', pulseAmplitudeIndex: '%' },
      timestamp: flags & 0x01 ? { year: 2026, month: 11, day: 20, hours: 8, minutes: 12, seconds: 30, local: '2026-11-20T08:12:30' } : null,
      clockNotSet: (flags & 0x10) !== 0,
      measurementStatus: flags & 0x02 ? 0x0180 : null,
      deviceStatus: flags & 0x04 ? 0x000200 : null,
      pulseAmplitudeIndex: flags & 0x08 ? 8.7 : null,
      conditions: [
        ...(flags & 0x02 ? ['validated-data', 'fully-qualified-data'] : []),
        ...(flags & 0x04 ? ['signal-analysis-ongoing'] : []),
      ],
    });
  });

  it.each(ALL_FLAGS)('with flags %i, rejects the packet cut at every byte position', (flags) => {
    for (const prefix of prefixes(spotCheck(flags))) {
      expect(() => parsePlxSpotCheck(prefix), `${prefix.byteLength} bytes`).toThrow(TruncatedPacketError);
    }
  });

  it('names the missing field when the packet is cut inside it', () => {
    const cut = prefixes(spotCheck(0x0f))[15];
    expect(() => parsePlxSpotCheck(cut ?? new DataView(new ArrayBuffer(0)))).toThrow(/"device and sensor status" \(needs 3 bytes at byte 14, only 1 left of 15\)/);
  });

  it('ignores the reserved flag bits and bytes after the last field', () => {
    const view = new PacketWriter().u8(0xe0).sfloat(95).sfloat(80).u8(0xff).view();
    expect(parsePlxSpotCheck(view)).toMatchObject({ spo2: 95, pulseRate: 80, timestamp: null, measurementStatus: null });
  });

  for (const field of ['spo2', 'pulseRate', 'pai'] as const) {
    it.each(SPECIAL_VALUES)(`gives no number when ${field} is the special %s`, (special) => {
      const parsed = parsePlxSpotCheck(spotCheck(0x08, { [field]: SPECIAL_RAW[special] }));
      const value = field === 'pai' ? parsed.pulseAmplitudeIndex : parsed[field];
      expect(value).toEqual({ special });
    });
  }

  it.each([
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
  ] as const)('names measurement status bit %i as %s', (bit, code) => {
    const view = new PacketWriter().u8(0x02).sfloat(95).sfloat(80).u16(1 << bit).view();
    expect(parsePlxSpotCheck(view).conditions).toEqual([code]);
  });

  it('counts demo, test, unavailable, questionable and invalid measurements as questionable, and no other status bit', () => {
    const questionableBits = [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15].filter((bit) => {
      const view = new PacketWriter().u8(0x02).sfloat(95).sfloat(80).u16(1 << bit).view();
      return parsePlxSpotCheck(view).conditions.some((c) => DEVICE_CONDITIONS[c].questionable);
    });
    expect(questionableBits).toEqual([10, 11, 13, 14, 15]);
  });

  it.each([
    [0, 'extended-display-update', false],
    [1, 'equipment-malfunction', true],
    [2, 'signal-processing-irregularity', true],
    [3, 'inadequate-signal', true],
    [4, 'poor-signal', true],
    [5, 'low-perfusion', true],
    [6, 'erratic-signal', true],
    [7, 'nonpulsatile-signal', true],
    [8, 'questionable-pulse', true],
    [9, 'signal-analysis-ongoing', false],
    [10, 'sensor-interference', true],
    [11, 'sensor-unconnected', true],
    [12, 'unknown-sensor', true],
    [13, 'sensor-displaced', true],
    [14, 'sensor-malfunction', true],
    [15, 'sensor-disconnected', true],
  ] as const)('names device and sensor status bit %i as %s (questionable: %s)', (bit, code, questionable) => {
    const view = new PacketWriter().u8(0x04).sfloat(95).sfloat(80).u24(1 << bit).view();
    const { conditions } = parsePlxSpotCheck(view);
    expect(conditions).toEqual([code]);
    expect(DEVICE_CONDITIONS[code].questionable).toBe(questionable);
  });

  it('ignores the reserved device status bits 16–23', () => {
    const view = new PacketWriter().u8(0x04).sfloat(95).sfloat(80).u24(0xff0000).view();
    expect(parsePlxSpotCheck(view)).toMatchObject({ deviceStatus: 0xff0000, conditions: [] });
  });
});

describe('PLX Continuous (0x2A5F)', () => {
  it.each(ALL_FLAGS)('decodes every field announced by flags %i, fast and slow pairs included', (flags) => {
    expect(parsePlxContinuous(continuous(flags))).toEqual({
      type: 'plx-continuous',
      characteristic: 0x2a5f,
      spo2: 96,
      pulseRate: 68,
      units: { spo2: '%', pulseRate: '/min', pulseAmplitudeIndex: '%' },
      fast: flags & 0x01 ? { spo2: 95.5, pulseRate: 70 } : null,
      slow: flags & 0x02 ? { spo2: 96.5, pulseRate: 66 } : null,
      measurementStatus: flags & 0x04 ? 0x0080 : null,
      deviceStatus: flags & 0x08 ? 0 : null,
      pulseAmplitudeIndex: flags & 0x10 ? 4.2 : null,
      conditions: flags & 0x04 ? ['validated-data'] : [],
    });
  });

  it.each(ALL_FLAGS)('with flags %i, rejects the packet cut at every byte position', (flags) => {
    for (const prefix of prefixes(continuous(flags))) {
      expect(() => parsePlxContinuous(prefix), `${prefix.byteLength} bytes`).toThrow(TruncatedPacketError);
    }
  });

  for (const field of ['spo2', 'pulseRate', 'fastSpo2', 'fastPulseRate', 'slowSpo2', 'slowPulseRate', 'pai'] as const) {
    it.each(SPECIAL_VALUES)(`gives no number when ${field} is the special %s`, (special) => {
      const parsed = parsePlxContinuous(continuous(0x1f, { [field]: SPECIAL_RAW[special] }));
      const value = {
        spo2: parsed.spo2,
        pulseRate: parsed.pulseRate,
        fastSpo2: parsed.fast?.spo2,
        fastPulseRate: parsed.fast?.pulseRate,
        slowSpo2: parsed.slow?.spo2,
        slowPulseRate: parsed.slow?.pulseRate,
        pai: parsed.pulseAmplitudeIndex,
      }[field];
      expect(value).toEqual({ special });
    });
  }

  it('reads the status bits of a continuous measurement like a spot-check', () => {
    const view = new PacketWriter().u8(0x0c).sfloat(95).sfloat(80).u16(1 << 14).u24(1 << 5).view();
    expect(parsePlxContinuous(view).conditions).toEqual(['questionable-measurement', 'low-perfusion']);
  });
});
