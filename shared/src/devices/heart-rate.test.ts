import { describe, expect, it } from 'vitest';
import { TruncatedPacketError } from './errors';
import { PacketWriter, prefixes } from './fixtures';
import { parseHeartRate } from './heart-rate';

const ALL_FLAGS = Array.from({ length: 32 }, (_, flags) => flags);
const RR = [800, 1024, 777];

function hr(flags: number, value = 72) {
  const w = new PacketWriter().u8(flags);
  if (flags & 0x01) w.u16(value);
  else w.u8(value);
  if (flags & 0x08) w.u16(1234);
  if (flags & 0x10) for (const rr of RR) w.u16(rr);
  return w.view();
}

describe('Heart Rate Measurement (0x2A37)', () => {
  it.each(ALL_FLAGS)('decodes every field announced by flags %i', (flags) => {
    const supported = (flags & 0x04) !== 0;
    expect(parseHeartRate(hr(flags))).toEqual({
      type: 'heart-rate',
      characteristic: 0x2a37,
      heartRate: 72,
      heartRateUnit: '/min',
      contactSupported: supported,
      contactDetected: supported ? (flags & 0x02) !== 0 : null,
      energyExpended: flags & 0x08 ? 1234 : null,
      rrIntervals: flags & 0x10 ? RR : [],
      rrIntervalsMs: flags & 0x10 ? [781.25, 1000, 758.7890625] : [],
      conditions: supported && !(flags & 0x02) ? ['sensor-contact-lost'] : [],
    });
  });

  it.each(ALL_FLAGS)('with flags %i, rejects every cut that leaves a field incomplete, and never returns a wrong number', (flags) => {
    const full = hr(flags);
    const fixedLength = 1 + (flags & 0x01 ? 2 : 1) + (flags & 0x08 ? 2 : 0);
    for (const prefix of prefixes(full)) {
      const n = prefix.byteLength;
      // RR intervals have no count: a cut between two whole intervals reads as fewer intervals.
      const wholeIntervals = (n - fixedLength) / 2;
      if (flags & 0x10 && n > fixedLength && Number.isInteger(wholeIntervals)) {
        expect(parseHeartRate(prefix).rrIntervals).toEqual(RR.slice(0, wholeIntervals));
      } else {
        expect(() => parseHeartRate(prefix), `${n} bytes`).toThrow(TruncatedPacketError);
      }
    }
  });

  it('reads a 16-bit heart rate above 255', () => {
    expect(parseHeartRate(hr(0x01, 300)).heartRate).toBe(300);
    expect(parseHeartRate(hr(0x11, 0x1234)).heartRate).toBe(0x1234);
  });

  it('names a lost skin contact only when the sensor can detect contact', () => {
    expect(parseHeartRate(hr(0x04)).conditions).toEqual(['sensor-contact-lost']);
    expect(parseHeartRate(hr(0x06)).conditions).toEqual([]);
    expect(parseHeartRate(hr(0x02)).conditions).toEqual([]);
    expect(parseHeartRate(hr(0x00)).contactDetected).toBeNull();
  });

  it('rejects an RR flag with no interval after it', () => {
    expect(() => parseHeartRate(new PacketWriter().u8(0x10).u8(60).view())).toThrow(/"RR interval 1"/);
  });
});
