import { describe, expect, it } from 'vitest';
import { offerReadings } from './readings';
import type { ReceivedValue } from './gatt-session';

const bytes = (hex: string) => Uint8Array.from(hex.match(/../g) ?? [], (b) => Number.parseInt(b, 16));
const value = (characteristic: number, hex: string, receivedAt = new Date('2026-11-22T08:12:00Z')): ReceivedValue => ({
  characteristic,
  bytes: bytes(hex),
  receivedAt,
});
const context = { deviceId: 'dev-1', deviceName: 'Nonin 3230', identity: { manufacturer: 'Nonin' }, handled: [] as string[] };

// Vectors from gatt-vectors.json.
const CONTINUOUS = ['0064005A00', '00E8F384F3', '1C5F005A00200000000057F0'];
const FLAGGED_SPOT_CHECK = '0FACF3BEF5E8070B1D170839204022000066E3';
const TRUNCATED_SPOT_CHECK = '0FACF3BEF5E8070B1D17083920402200';

/** A spot-check with a device timestamp (local time) and no status: SpO2 97, pulse 64. */
function spotCheckAt(date: Date): string {
  const y = date.getFullYear();
  const parts = [0x01, 97, 0, 64, 0, y & 0xff, y >> 8, date.getMonth() + 1, date.getDate(), date.getHours(), date.getMinutes(), date.getSeconds()];
  return parts.map((b) => b.toString(16).padStart(2, '0')).join('');
}

describe('offerReadings', () => {
  it('offers only the latest value of a continuous stream', () => {
    const offer = offerReadings(CONTINUOUS.map((hex) => value(0x2a5f, hex)), context);
    expect(offer.readings).toHaveLength(1);
    expect(offer.readings[0]?.items.map((i) => [i.input.kind, i.input.value])).toEqual([
      ['spo2', 95],
      ['heart_rate', 90],
    ]);
  });

  it('prefers finished spot-check readings over a stream from the same device', () => {
    const received = new Date(2026, 10, 22, 8, 15, 0);
    const offer = offerReadings([value(0x2a5f, CONTINUOUS[0] ?? ''), value(0x2a5e, spotCheckAt(new Date(2026, 10, 22, 8, 14, 0)), received)], context);
    expect(offer.readings).toHaveLength(1);
    expect(offer.readings[0]?.items[0]?.input).toMatchObject({ kind: 'spo2', value: 97, device: { characteristic: '0x2A5E' } });
  });

  it('never turns a cut-off packet into numbers, and counts it', () => {
    const offer = offerReadings([value(0x2a5e, TRUNCATED_SPOT_CHECK), value(0x2a5e, FLAGGED_SPOT_CHECK)], context);
    expect(offer.unreadable).toBe(1);
    expect(offer.readings).toHaveLength(1);
  });

  it('explains the device’s doubts and the ignored clock of a flagged reading', () => {
    const [reading] = offerReadings([value(0x2a5e, FLAGGED_SPOT_CHECK)], context).readings;
    expect(reading?.doubts).toEqual(['questionable-measurement', 'equipment-malfunction', 'low-perfusion']);
    expect(reading?.clockIgnored).toBe(true);
    expect(reading?.items.every((i) => i.input.quality === 'questionable' && i.plausible)).toBe(true);
    expect(reading?.measuredAt).toBe('2026-11-22T08:12:00.000Z');
  });

  it('gives every value its own id once, and lists stored readings newest first', () => {
    const received = new Date(2026, 10, 22, 9, 0, 0);
    const older = value(0x2a5e, spotCheckAt(new Date(2026, 10, 20, 8, 0, 0)), received);
    const newer = value(0x2a5e, spotCheckAt(new Date(2026, 10, 22, 8, 59, 0)), received);
    const offer = offerReadings([older, newer], context);
    expect(offer.readings.map((r) => r.measuredAt)).toEqual([new Date(2026, 10, 22, 8, 59).toISOString(), new Date(2026, 10, 20, 8, 0).toISOString()]);
    expect(offer.readings.map((r) => r.stored)).toEqual([false, true]);
    const ids = offer.readings.flatMap((r) => r.items.map((i) => i.input.id));
    expect(new Set(ids).size).toBe(4);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('leaves out a stored reading that was already sent or discarded, and a repeat within the same burst', () => {
    const received = new Date(2026, 10, 22, 9, 0, 0);
    const hex = spotCheckAt(new Date(2026, 10, 21, 8, 0, 0));
    const first = offerReadings([value(0x2a5e, hex, received)], context);
    const key = first.readings[0]?.handledKey ?? '';
    expect(key).toBe(`dev-1|0x2A5E|${hex}`);
    const again = offerReadings([value(0x2a5e, hex, received), value(0x2a5e, hex, received)], { ...context, handled: [key] });
    expect(again).toMatchObject({ readings: [], alreadyHandled: 2 });
    const twiceInOneBurst = offerReadings([value(0x2a5e, hex, received), value(0x2a5e, hex, received)], context);
    expect(twiceInOneBurst).toMatchObject({ alreadyHandled: 1 });
    expect(twiceInOneBurst.readings).toHaveLength(1);
  });

  it('never skips a reading without a trustworthy device time: two equal weights may be two weighings', () => {
    const offer = offerReadings([value(0x2a9d, '0620120000000000000001'), value(0x2a9d, '0620120000000000000001')], context);
    expect(offer.readings).toHaveLength(2);
    expect(offer.readings.every((r) => r.handledKey === null)).toBe(true);
  });

  it('shows a value Naer cannot accept, but marks it so it is never sent', () => {
    const [reading] = offerReadings([value(0x2a9d, '06100E0000000000000001')], context).readings;
    expect(reading?.items).toMatchObject([{ input: { kind: 'body_weight', value: 18, unit: 'kg' }, plausible: false }]);
  });

  it('counts a reading without a single number as empty', () => {
    const offer = offerReadings([value(0x2a5f, '00FF07FF07')], context);
    expect(offer).toMatchObject({ readings: [], empty: 1 });
  });

  it('names the device in the submission from the identity, or the Bluetooth name', () => {
    const [a] = offerReadings([value(0x2a5f, CONTINUOUS[0] ?? '')], context).readings;
    expect(a?.items[0]?.input.device).toMatchObject({ name: 'Nonin 3230', manufacturer: 'Nonin' });
  });
});
