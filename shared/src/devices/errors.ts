/** Bytes from a device that cannot be decoded; the reading must not be used. */
export class DeviceDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeviceDataError';
  }
}

/** A packet that ends before a field its flags announce: never guess the missing bytes. */
export class TruncatedPacketError extends DeviceDataError {
  readonly characteristic: string;
  readonly field: string;
  readonly offset: number;
  readonly needed: number;
  readonly available: number;
  readonly length: number;

  constructor(characteristic: string, field: string, offset: number, needed: number, length: number) {
    const available = Math.max(0, length - offset);
    super(
      `${characteristic}: the packet is too short for "${field}" (needs ${needed} byte${needed === 1 ? '' : 's'} at byte ${offset}, ` +
        `only ${available} left of ${length}); the reading was not used.`,
    );
    this.name = 'TruncatedPacketError';
    this.characteristic = characteristic;
    this.field = field;
    this.offset = offset;
    this.needed = needed;
    this.available = available;
    this.length = length;
  }
}

/** A characteristic this app has no parser for. */
export class UnsupportedCharacteristicError extends DeviceDataError {
  readonly characteristicUuid: number;

  constructor(characteristicUuid: number) {
    super(`Characteristic ${formatUuid16(characteristicUuid)} is not a measurement Naer can read.`);
    this.name = 'UnsupportedCharacteristicError';
    this.characteristicUuid = characteristicUuid;
  }
}

/** A 16-bit UUID as it is written in the Bluetooth specifications, e.g. `0x2A5E`. */
export function formatUuid16(uuid: number): string {
  return `0x${uuid.toString(16).toUpperCase().padStart(4, '0')}`;
}
