import { createHash, randomBytes } from 'node:crypto';
import { normaliseActivationCode } from '@naer/shared';

// No 0/O or 1/I: the code is read off paper and typed by hand.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const LENGTH = 12;

/** A new one-time code, e.g. `K7QM-3XHD-P9TA` (12 symbols of 5 bits: 60 bits of chance). */
export function newActivationCode(): string {
  // 32 symbols: the low 5 bits of a random byte pick one without bias.
  const symbols = [...randomBytes(LENGTH)].map((byte) => ALPHABET[byte & 31] ?? '');
  return [0, 4, 8].map((start) => symbols.slice(start, start + 4).join('')).join('-');
}

/** What is stored instead of the code: SHA-256 of its normalised form. */
export function hashActivationCode(code: string): string {
  return createHash('sha256').update(normaliseActivationCode(code)).digest('base64url');
}
