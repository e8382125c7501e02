import type { MeasurementInput } from '@naer/shared/contracts';
import { KIND_INFO, toCanonical } from '@naer/shared/domain';
import type { MeasurementValue } from '@naer/shared/domain';
import type { DeviceConditionCode } from '@naer/shared/devices';
import { unitLabel } from '$lib/format';
import { i18n, locale, t } from '$lib/i18n.svelte';
import type { MessageKey } from '$lib/i18n.svelte';
import { dictionaries } from '$lib/messages';
import { formatNumber } from '$lib/number';

/** Decimals shown for a value in a unit other than the canonical one (lb, kPa, °F). */
const ORIGINAL_DECIMALS = 2;

function numberText(value: MeasurementValue, decimals: number): string {
  const n = (v: number) => formatNumber(v, i18n.lang, decimals);
  return typeof value === 'number' ? n(value) : `${n(value.systolic)}/${n(value.diastolic)}`;
}

/** The value as the device gave it, e.g. "94 %", "181,55 lb", "17,1/10,9 kPa"; canonical units show what will be stored. */
export function deviceValueText(input: MeasurementInput): string {
  const info = KIND_INFO[input.kind];
  // Devices send numbers; a level name (consciousness) is only ever typed by a nurse.
  if (typeof input.value === 'string') return input.value;
  if (input.unit === info.canonicalUnit) {
    return `${numberText(toCanonical(input.kind, input.value, input.unit), info.decimals)} ${unitLabel(input.unit)}`;
  }
  return `${numberText(input.value, ORIGINAL_DECIMALS)} ${unitLabel(input.unit)}`;
}

/** For a value in another unit: what it will be stored as, e.g. "82,35 kg"; null when already canonical. */
export function convertedText(input: MeasurementInput): string | null {
  const info = KIND_INFO[input.kind];
  if (input.unit === info.canonicalUnit) return null;
  try {
    return `${numberText(toCanonical(input.kind, input.value, input.unit), info.decimals)} ${unitLabel(info.canonicalUnit)}`;
  } catch {
    return null;
  }
}

/** "Iltmætning 94 %, puls 72": the first value with its unit, a pulse that comes along without one. */
export function valuesText(inputs: MeasurementInput[]): string {
  return inputs
    .map((input, i) => {
      const label = t(`kind.${input.kind}`);
      if (i === 0) return `${label} ${deviceValueText(input)}`;
      const value = input.kind === 'heart_rate' && input.unit === '/min' ? numberText(input.value, 0) : deviceValueText(input);
      return `${label.toLowerCase()} ${value}`;
    })
    .join(', ');
}

/** "kl. 08.12" today, "29. nov. 2024 kl. 23.08" another day. */
export function timeText(iso: string, now = new Date()): string {
  const date = new Date(iso);
  const time = new Intl.DateTimeFormat(locale(), { hour: '2-digit', minute: '2-digit' }).format(date);
  if (date.toDateString() === now.toDateString()) return t('bt.reading.at', { time });
  const sameYear = date.getFullYear() === now.getFullYear();
  const day = new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'short', ...(sameYear ? {} : { year: 'numeric' }) }).format(date);
  return t('bt.reading.atDate', { date: day, time });
}

/** "Iltmætning 94 %, puls 72 — fra Nonin 3230, kl. 08.12". */
export function summaryText(inputs: MeasurementInput[], deviceName: string, measuredAt: string): string {
  return t('bt.reading.summary', { values: valuesText(inputs), name: deviceName || t('bt.unnamed'), time: timeText(measuredAt) });
}

/** A plain explanation of why the device doubts a reading. */
export function doubtText(code: DeviceConditionCode): string {
  const key = `bt.flag.${code}`;
  return isMessageKey(key) ? t(key) : t('bt.flag.questionable-measurement');
}

function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(dictionaries.da, key);
}
