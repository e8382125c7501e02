import { describe, expect, it } from 'vitest';
import { TruncatedPacketError } from './errors';
import { PacketWriter, prefixes } from './fixtures';
import { parseWeight } from './weight';

const ALL_FLAGS = Array.from({ length: 16 }, (_, flags) => flags);

/** SI: 82.345 kg (raw 16469), BMI 26.9, height 1.750 m. Imperial: 181.55 lb (raw 18155), BMI 26.9, height 68.9 in. */
function weight(flags: number, rawWeight?: number) {
  const imperial = (flags & 0x01) !== 0;
  const w = new PacketWriter().u8(flags).u16(rawWeight ?? (imperial ? 18155 : 16469));
  if (flags & 0x02) w.timestamp(2026, 11, 21, 7, 45, 0);
  if (flags & 0x04) w.u8(2);
  if (flags & 0x08) w.u16(269).u16(imperial ? 689 : 1750);
  return w.view();
}

describe('Weight Measurement (0x2A9D)', () => {
  it.each(ALL_FLAGS)('decodes every field announced by flags %i in the unit the scale uses', (flags) => {
    const imperial = (flags & 0x01) !== 0;
    expect(parseWeight(weight(flags))).toEqual({
      type: 'weight',
      characteristic: 0x2a9d,
      weight: imperial ? 181.55 : 82.345,
      weightUnit: imperial ? 'lb' : 'kg',
      timestamp: flags & 0x02 ? { year: 2026, month: 11, day: 21, hours: 7, minutes: 45, seconds: 0, local: '2026-11-21T07:45:00' } : null,
      userId: flags & 0x04 ? 2 : null,
      bmi: flags & 0x08 ? 26.9 : null,
      height: flags & 0x08 ? (imperial ? 68.9 : 1.75) : null,
      heightUnit: imperial ? '[in_i]' : 'm',
      conditions: [],
    });
  });

  it.each(ALL_FLAGS)('with flags %i, rejects the packet cut at every byte position', (flags) => {
    for (const prefix of prefixes(weight(flags))) {
      expect(() => parseWeight(prefix), `${prefix.byteLength} bytes`).toThrow(TruncatedPacketError);
    }
  });

  it('uses exact decimal steps: 0.005 kg and 0.01 lb', () => {
    expect(parseWeight(weight(0x00, 1)).weight).toBe(0.005);
    expect(parseWeight(weight(0x00, 14063)).weight).toBe(70.315);
    expect(parseWeight(weight(0x00, 0xfffe)).weight).toBe(327.67);
    expect(parseWeight(weight(0x01, 0xfffe)).weight).toBe(655.34);
    expect(parseWeight(weight(0x01, 7)).weight).toBe(0.07);
  });

  it('gives no number when the scale reports an unsuccessful measurement (0xFFFF)', () => {
    expect(parseWeight(weight(0x00, 0xffff)).weight).toEqual({ special: 'unsuccessful' });
    expect(parseWeight(weight(0x01, 0xffff)).weight).toEqual({ special: 'unsuccessful' });
  });
});
