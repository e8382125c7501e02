/** Test support for the parsers: hex strings as DataViews, and a little-endian packet writer. */

/** A DataView over the bytes of a hex string ("0FAC F3…"; spaces ignored). */
export function hexToDataView(hex: string): DataView {
  const clean = hex.replace(/\s+/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-f]/i.test(clean)) throw new Error(`not a hex byte string: ${hex}`);
  const bytes = new Uint8Array(clean.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return new DataView(bytes.buffer);
}

/** The raw 16-bit SFLOAT word for mantissa × 10^exponent. */
export function sfloatRaw(mantissa: number, exponent: number): number {
  return ((exponent & 0x0f) << 12) | (mantissa & 0x0fff);
}

/** The raw 32-bit FLOAT word for mantissa × 10^exponent. */
export function floatRaw(mantissa: number, exponent: number): number {
  return (((exponent & 0xff) << 24) | (mantissa & 0x00ffffff)) >>> 0;
}

/** Builds a packet byte by byte, little-endian, as a device would send it. */
export class PacketWriter {
  readonly #bytes: number[] = [];

  u8(value: number): this {
    this.#bytes.push(value & 0xff);
    return this;
  }

  u16(value: number): this {
    return this.u8(value).u8(value >>> 8);
  }

  u24(value: number): this {
    return this.u16(value).u8(value >>> 16);
  }

  u32(value: number): this {
    return this.u16(value).u16(value >>> 16);
  }

  sfloat(mantissa: number, exponent = 0): this {
    return this.u16(sfloatRaw(mantissa, exponent));
  }

  float(mantissa: number, exponent = 0): this {
    return this.u32(floatRaw(mantissa, exponent));
  }

  timestamp(year: number, month: number, day: number, hours: number, minutes: number, seconds: number): this {
    return this.u16(year).u8(month).u8(day).u8(hours).u8(minutes).u8(seconds);
  }

  get length(): number {
    return this.#bytes.length;
  }

  bytes(): Uint8Array {
    return Uint8Array.from(this.#bytes);
  }

  view(): DataView {
    return new DataView(this.bytes().buffer);
  }
}

/** Every strict prefix of a packet (lengths 0 … n−1), each as its own DataView. */
export function prefixes(view: DataView): DataView[] {
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  return Array.from({ length: view.byteLength }, (_, n) => new DataView(bytes.slice(0, n).buffer));
}
