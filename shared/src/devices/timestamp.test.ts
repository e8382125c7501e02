import { describe, expect, it } from 'vitest';
import { PacketWriter } from './fixtures';
import { ByteReader } from './reader';
import { readTimestamp, timestampToDate } from './timestamp';

const read = (year: number, month: number, day: number, h: number, m: number, s: number) =>
  readTimestamp(new ByteReader(new PacketWriter().timestamp(year, month, day, h, m, s).view(), 'test'));

describe('device timestamps', () => {
  it('reads the seven bytes as local wall-clock time', () => {
    const ts = read(2026, 11, 22, 8, 12, 5);
    expect(ts).toEqual({ year: 2026, month: 11, day: 22, hours: 8, minutes: 12, seconds: 5, local: '2026-11-22T08:12:05' });
    expect(timestampToDate(ts)).toEqual(new Date(2026, 10, 22, 8, 12, 5));
  });

  it('treats year, month or day 0 as unknown', () => {
    expect(read(0, 0, 0, 0, 0, 0).local).toBeNull();
    expect(read(2026, 0, 22, 8, 0, 0).local).toBeNull();
    expect(read(2026, 11, 0, 8, 0, 0).local).toBeNull();
    expect(read(0, 11, 22, 8, 0, 0).local).toBeNull();
  });

  it('rejects dates and times that do not exist', () => {
    expect(read(2026, 2, 29, 8, 0, 0).local).toBeNull();
    expect(read(2028, 2, 29, 8, 0, 0).local).toBe('2028-02-29T08:00:00');
    expect(read(2026, 13, 1, 8, 0, 0).local).toBeNull();
    expect(read(2026, 4, 31, 8, 0, 0).local).toBeNull();
    expect(read(2026, 11, 22, 24, 0, 0).local).toBeNull();
    expect(read(2026, 11, 22, 8, 60, 0).local).toBeNull();
    expect(read(2026, 11, 22, 8, 0, 60).local).toBeNull();
  });

  it('gives no instant for an unknown timestamp', () => {
    expect(timestampToDate(read(0, 0, 0, 0, 0, 0))).toBeNull();
  });
});
