/**
 * Conditions a device reports with a reading, named once. `questionable` ones mean the device itself
 * doubts the number: the reading is submitted with quality `questionable` and never triaged green.
 */
export const DEVICE_CONDITIONS = {
  // PLX measurement status (bits 5–15).
  'measurement-ongoing': { questionable: false },
  'early-estimate': { questionable: false },
  'validated-data': { questionable: false },
  'fully-qualified-data': { questionable: false },
  'from-storage': { questionable: false },
  'demonstration-data': { questionable: true },
  'testing-data': { questionable: true },
  'calibration-ongoing': { questionable: false },
  'measurement-unavailable': { questionable: true },
  'questionable-measurement': { questionable: true },
  'invalid-measurement': { questionable: true },
  // PLX device and sensor status (bits 0–15). Anything saying the signal or sensor was unreliable counts.
  'extended-display-update': { questionable: false },
  'equipment-malfunction': { questionable: true },
  'signal-processing-irregularity': { questionable: true },
  'inadequate-signal': { questionable: true },
  'poor-signal': { questionable: true },
  'low-perfusion': { questionable: true },
  'erratic-signal': { questionable: true },
  'nonpulsatile-signal': { questionable: true },
  'questionable-pulse': { questionable: true },
  'signal-analysis-ongoing': { questionable: false },
  'sensor-interference': { questionable: true },
  'sensor-unconnected': { questionable: true },
  'unknown-sensor': { questionable: true },
  'sensor-displaced': { questionable: true },
  'sensor-malfunction': { questionable: true },
  'sensor-disconnected': { questionable: true },
  // Blood pressure measurement status.
  'body-movement': { questionable: true },
  'cuff-too-loose': { questionable: true },
  'irregular-pulse': { questionable: true },
  'pulse-rate-above-range': { questionable: false },
  'pulse-rate-below-range': { questionable: false },
  'improper-position': { questionable: true },
  // Heart rate sensor contact.
  'sensor-contact-lost': { questionable: true },
  // The reading's time.
  'device-clock-not-set': { questionable: false },
  'device-time-implausible': { questionable: false },
} as const satisfies Record<string, { questionable: boolean }>;

export type DeviceConditionCode = keyof typeof DEVICE_CONDITIONS;

/** True for a code from `DEVICE_CONDITIONS` (e.g. a flag read back from a stored reading). */
export function isDeviceCondition(code: string): code is DeviceConditionCode {
  return Object.hasOwn(DEVICE_CONDITIONS, code);
}

/** True when the device doubts the reading. */
export function isQuestionable(conditions: readonly DeviceConditionCode[]): boolean {
  return conditions.some((code) => DEVICE_CONDITIONS[code].questionable);
}

/** Names of the set bits of a status word, from a table of bit → condition. */
export function conditionsFromBits(word: number, bits: ReadonlyArray<readonly [bit: number, code: DeviceConditionCode]>): DeviceConditionCode[] {
  return bits.filter(([bit]) => (word & (1 << bit)) !== 0).map(([, code]) => code);
}
