import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TruncatedPacketError } from './errors';
import { hexToDataView } from './fixtures';
import { parseCharacteristic } from './parse';
import type { ParsedMeasurement } from './parse';
import { decodeSfloat } from './sfloat';

// The handbook's vectors live beside the repository (../shared/testdata); a clean clone uses the committed copy.
const HANDBOOK_VECTORS = resolve(import.meta.dirname, '../../..', '../shared/testdata/gatt-vectors.json');
const VECTORS_PATH = existsSync(HANDBOOK_VECTORS) ? HANDBOOK_VECTORS : resolve(import.meta.dirname, '../../../tests/fixtures/gatt-vectors.json');

interface Vector {
  hex: string;
  note?: string;
  truncated?: boolean;
  [expected: string]: unknown;
}

const vectors = JSON.parse(readFileSync(VECTORS_PATH, 'utf8')) as {
  sfloat: Array<{ hex: string; value?: number; exponent?: number; special?: string }>;
  plxContinuous: Vector[];
  plxSpotCheck: Vector[];
  weightMeasurement: Vector[];
  heartRateMeasurement: Vector[];
};

const SECTIONS = [
  ['plxSpotCheck', 0x2a5e],
  ['plxContinuous', 0x2a5f],
  ['weightMeasurement', 0x2a9d],
  ['heartRateMeasurement', 0x2a37],
] as const;

/** The parsed field an expectation in the vectors file speaks about. */
function actual(parsed: ParsedMeasurement, key: string): unknown {
  const fields = parsed as unknown as Record<string, unknown>;
  switch (key) {
    case 'weightKg':
      expect(fields.weightUnit).toBe('kg');
      return fields.weight;
    case 'timestamp':
      return (fields.timestamp as { local: string | null } | null)?.local;
    default:
      expect(fields, `parser output has no field for the vector's "${key}"`).toHaveProperty(key);
      return fields[key];
  }
}

describe('gatt-vectors.json', () => {
  it('has vectors in every section this suite reads', () => {
    expect(vectors.sfloat.length).toBeGreaterThan(0);
    for (const [section] of SECTIONS) expect(vectors[section].length, section).toBeGreaterThan(0);
  });

  describe('sfloat', () => {
    it.each(vectors.sfloat)('decodes $hex', (vector) => {
      const decoded = decodeSfloat(hexToDataView(vector.hex).getUint16(0, true));
      if (vector.special !== undefined) {
        expect(decoded).toEqual({ special: vector.special });
      } else {
        expect(decoded).toMatchObject({ value: vector.value });
        if (vector.exponent !== undefined) expect(decoded).toMatchObject({ exponent: vector.exponent });
      }
    });
  });

  for (const [section, uuid] of SECTIONS) {
    describe(section, () => {
      it.each(vectors[section])('decodes $hex', (vector) => {
        const view = hexToDataView(vector.hex);
        if (vector.truncated) {
          expect(() => parseCharacteristic(uuid, view)).toThrow(TruncatedPacketError);
          return;
        }
        const parsed = parseCharacteristic(uuid, view);
        const expectations = Object.entries(vector).filter(([key]) => !['hex', 'note', 'truncated'].includes(key));
        expect(expectations.length).toBeGreaterThan(0);
        for (const [key, expected] of expectations) expect(actual(parsed, key), key).toEqual(expected);
      });
    });
  }
});
