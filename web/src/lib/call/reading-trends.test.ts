import { describe, expect, it } from 'vitest';
import type { Measurement } from '@naer/shared/contracts';
import { readingTrends } from './reading-trends';

let n = 0;
function reading(kind: Measurement['kind'], value: Measurement['value'], measuredAt: string): Measurement {
  n += 1;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    patientId: '00000000-0000-4000-8000-000000000001',
    kind,
    value,
    unit: kind === 'spo2' ? '%' : kind === 'body_weight' ? 'kg' : 'mm[Hg]',
    original: { value, unit: '%' },
    measuredAt,
    receivedAt: measuredAt,
    source: 'manual',
    device: null,
    quality: 'ok',
    enteredBy: null,
    triage: { level: 'green', reasons: [] },
    limitId: null,
  };
}

describe('reading trends', () => {
  it('gives each kind its newest reading and the direction since the one before, newest kind first', () => {
    const trends = readingTrends([
      reading('spo2', 95, '2026-12-01T08:00:00.000Z'),
      reading('body_weight', 80.2, '2026-12-02T07:00:00.000Z'),
      reading('spo2', 91, '2026-12-02T08:00:00.000Z'),
      reading('body_weight', 81.4, '2026-12-01T07:00:00.000Z'),
    ]);
    expect(trends.map((t) => [t.kind, t.latest.value, t.previous?.value, t.direction])).toEqual([
      ['spo2', 91, 95, 'down'],
      ['body_weight', 80.2, 81.4, 'down'],
    ]);
  });

  it('calls a change below the shown precision unchanged, and compares blood pressure by the systolic', () => {
    const trends = readingTrends([
      reading('body_weight', 80.004, '2026-12-02T07:00:00.000Z'),
      reading('body_weight', 80.001, '2026-12-01T07:00:00.000Z'),
      reading('blood_pressure', { systolic: 142, diastolic: 80 }, '2026-12-02T06:00:00.000Z'),
      reading('blood_pressure', { systolic: 130, diastolic: 85 }, '2026-12-01T06:00:00.000Z'),
    ]);
    expect(trends.map((t) => t.direction)).toEqual(['same', 'up']);
  });

  it('has no direction for a kind measured once', () => {
    expect(readingTrends([reading('spo2', 96, '2026-12-02T08:00:00.000Z')])).toEqual([expect.objectContaining({ previous: null, direction: null })]);
  });
});
