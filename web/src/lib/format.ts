import { KIND_INFO, UNIT_LABEL, consciousnessOf } from '@naer/shared/domain';
import type { MeasurementKind } from '@naer/shared/domain';
import { formatNumber } from './number';
import { i18n, locale, t } from './i18n.svelte';

type Value = number | { systolic: number; diastolic: number };

/** A unit as a person reads it, e.g. `mm[Hg]` → mmHg, `/min` → slag/min (vejrtrækninger/min for a respiratory rate). */
export function unitLabel(unit: string, kind?: MeasurementKind): string {
  if (unit === '/min') return kind === 'respiratory_rate' ? t('unit.breaths') : t('unit./min');
  return UNIT_LABEL[unit] ?? unit;
}

/** A reading's value with its unit, in the current language. */
export function formatValue(kind: MeasurementKind, value: Value, unit: string): string {
  // Consciousness is stored as its level's rank: show the level.
  if (kind === 'consciousness' && typeof value === 'number') return t(`visits.consciousness.${consciousnessOf(value)}`);
  const decimals = KIND_INFO[kind].decimals;
  const number = (v: number) => formatNumber(v, i18n.lang, decimals);
  const text = typeof value === 'number' ? number(value) : `${number(value.systolic)}/${number(value.diastolic)}`;
  return `${text} ${unitLabel(unit, kind)}`;
}

/** Date and time of a reading, e.g. "22. nov. 08.30". */
export function formatDateTime(iso: string): string {
  return new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(
    new Date(iso),
  );
}

/** Time only when it is today, otherwise date and time. */
export function formatWhen(iso: string, now = new Date()): string {
  const date = new Date(iso);
  if (date.toDateString() === now.toDateString()) {
    return new Intl.DateTimeFormat(locale(), { hour: '2-digit', minute: '2-digit' }).format(date);
  }
  return formatDateTime(iso);
}
