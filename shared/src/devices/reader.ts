import { TruncatedPacketError } from './errors';
import { decodeFloat } from './float';
import { decodeSfloat } from './sfloat';
import type { Numeric } from './numbers';

/**
 * A bounds-checked little-endian cursor over one GATT value. Every read names its field, so a short
 * packet fails with a `TruncatedPacketError` that says which field was missing, never with a wrong number.
 */
export class ByteReader {
  readonly #view: DataView;
  readonly #characteristic: string;
  #offset = 0;

  constructor(view: DataView, characteristic: string) {
    this.#view = view;
    this.#characteristic = characteristic;
  }

  get offset(): number {
    return this.#offset;
  }

  get remaining(): number {
    return this.#view.byteLength - this.#offset;
  }

  #take(field: string, size: number): number {
    if (this.remaining < size) throw new TruncatedPacketError(this.#characteristic, field, this.#offset, size, this.#view.byteLength);
    const at = this.#offset;
    this.#offset += size;
    return at;
  }

  u8(field: string): number {
    return this.#view.getUint8(this.#take(field, 1));
  }

  u16(field: string): number {
    return this.#view.getUint16(this.#take(field, 2), true);
  }

  u24(field: string): number {
    const at = this.#take(field, 3);
    return this.#view.getUint16(at, true) | (this.#view.getUint8(at + 2) << 16);
  }

  u32(field: string): number {
    return this.#view.getUint32(this.#take(field, 4), true);
  }

  /** An IEEE-11073 SFLOAT: a number, or the special value the device sent instead. */
  sfloat(field: string): Numeric {
    const decoded = decodeSfloat(this.u16(field));
    return 'special' in decoded ? { special: decoded.special } : decoded.value;
  }

  /** An IEEE-11073 FLOAT: a number, or the special value the device sent instead. */
  float(field: string): Numeric {
    const decoded = decodeFloat(this.u32(field));
    return 'special' in decoded ? { special: decoded.special } : decoded.value;
  }
}
