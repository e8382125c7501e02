import { describe, expect, it } from 'vitest';
import { UnsupportedCharacteristicError } from './errors';
import { hexToDataView } from './fixtures';
import { MEASUREMENT_CHARACTERISTICS, parseCharacteristic } from './index';
import { fullUuid, shortUuid } from './profiles';

describe('parseCharacteristic', () => {
  it.each([
    [0x2a5e, '0064005A00', 'plx-spot-check'],
    [0x2a5f, '0064005A00', 'plx-continuous'],
    [0x2a9d, '00A03C', 'weight'],
    [0x2a35, '00800052006100', 'blood-pressure'],
    [0x2a37, '0048', 'heart-rate'],
    [0x2a1c, '006E0100FF', 'temperature'],
  ] as const)('dispatches characteristic %i to the %s parser', (uuid, hex, type) => {
    expect(parseCharacteristic(uuid, hexToDataView(hex))).toMatchObject({ type, characteristic: uuid });
  });

  it('covers every measurement characteristic it lists', () => {
    expect([...MEASUREMENT_CHARACTERISTICS].sort()).toEqual([0x2a1c, 0x2a35, 0x2a37, 0x2a5e, 0x2a5f, 0x2a9d].sort());
  });

  it('refuses a characteristic it has no parser for, naming it', () => {
    expect(() => parseCharacteristic(0x2a36, hexToDataView('00'))).toThrow(UnsupportedCharacteristicError);
    expect(() => parseCharacteristic(0x2a36, hexToDataView('00'))).toThrow(/0x2A36/);
  });

  it('decodes a thermometer FLOAT of 36.6 °C from its bytes', () => {
    // flags 0, FLOAT mantissa 366 (0x00016E), exponent -1 (0xFF).
    expect(parseCharacteristic(0x2a1c, hexToDataView('00 6E0100FF'))).toMatchObject({ temperature: 36.6, unit: 'Cel' });
  });
});

describe('Bluetooth UUIDs', () => {
  it('turns a Bluetooth base UUID into its 16-bit form and back', () => {
    expect(shortUuid('00002a5e-0000-1000-8000-00805f9b34fb')).toBe(0x2a5e);
    expect(shortUuid('00002A5E-0000-1000-8000-00805F9B34FB')).toBe(0x2a5e);
    expect(fullUuid(0x1822)).toBe('00001822-0000-1000-8000-00805f9b34fb');
  });

  it('gives null for a vendor UUID outside the base range', () => {
    expect(shortUuid('6e400001-b5a3-f393-e0a9-e50e24dcca9e')).toBeNull();
  });
});
