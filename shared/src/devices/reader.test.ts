import { describe, expect, it } from 'vitest';
import { TruncatedPacketError } from './errors';
import { hexToDataView } from './fixtures';
import { ByteReader } from './reader';

describe('ByteReader', () => {
  it('reads little-endian integers of 8, 16, 24 and 32 bits in order', () => {
    const reader = new ByteReader(hexToDataView('01 0201 050403 09080706'), 'test');
    expect(reader.u8('a')).toBe(0x01);
    expect(reader.u16('b')).toBe(0x0102);
    expect(reader.u24('c')).toBe(0x030405);
    expect(reader.u32('d')).toBe(0x06070809);
    expect(reader.remaining).toBe(0);
  });

  it('reads the top bit of a 32-bit word as unsigned', () => {
    expect(new ByteReader(hexToDataView('FFFFFFFF'), 'test').u32('x')).toBe(0xffffffff);
  });

  it('throws a TruncatedPacketError naming the field and the byte counts when the packet ends early', () => {
    const reader = new ByteReader(hexToDataView('01 02 03'), 'Weight Measurement (0x2A9D)');
    reader.u16('weight');
    let error: unknown;
    try {
      reader.u16('user id');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TruncatedPacketError);
    expect(error).toMatchObject({ field: 'user id', offset: 2, needed: 2, available: 1, length: 3 });
    expect((error as Error).message).toBe(
      'Weight Measurement (0x2A9D): the packet is too short for "user id" (needs 2 bytes at byte 2, only 1 left of 3); the reading was not used.',
    );
  });

  it('does not move past a field it could not read', () => {
    const reader = new ByteReader(hexToDataView('01'), 'test');
    expect(() => reader.u16('x')).toThrow(TruncatedPacketError);
    expect(reader.offset).toBe(0);
    expect(reader.u8('y')).toBe(1);
  });

  it('respects the byte offset of a DataView into a larger buffer', () => {
    const buffer = new Uint8Array([0xaa, 0x34, 0x12, 0xbb]).buffer;
    const reader = new ByteReader(new DataView(buffer, 1, 2), 'test');
    expect(reader.u16('x')).toBe(0x1234);
    expect(() => reader.u8('y')).toThrow(TruncatedPacketError);
  });
});
