import { KIND_INFO } from '@naer/shared/domain';
import type { BaselineRule, ComparisonOp, TrendRule } from '@naer/shared/domain';
import type { MessageKey } from '../messages';
import { formatNumber } from '../number';
import type { Band, ChartLimits, RelativeLimit, Series, Threshold } from './limit-lines';

/**
 * The patient's limits for one chart in plain language (the chart's text alternative): one sentence
 * per limit, and for a limit from their own readings what it means right now. Pure: the translator
 * is passed in, so limit-text.test.ts runs without the app.
 */

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const UNIT: Record<Series['kind'], { da: string; en: string }> = {
  spo2: { da: '%', en: '%' },
  heart_rate: { da: 'slag/min', en: 'beats/min' },
  body_weight: { da: 'kg', en: 'kg' },
  blood_pressure: { da: 'mmHg', en: 'mmHg' },
  body_temperature: { da: '°C', en: '°C' },
  respiratory_rate: { da: 'vejrtrækninger/min', en: 'breaths/min' },
  consciousness: { da: '', en: '' },
};

const ABSOLUTE: Record<ComparisonOp, MessageKey> = {
  lt: 'mydata.limits.absolute.below',
  le: 'mydata.limits.absolute.atMost',
  gt: 'mydata.limits.absolute.above',
  ge: 'mydata.limits.absolute.atLeast',
};

export function limitTexts(series: Series, limits: ChartLimits, t: Translate, lang: 'da' | 'en'): string[] {
  const decimals = KIND_INFO[series.kind].decimals;
  const amount = (v: number) => `${formatNumber(v, lang, decimals)} ${UNIT[series.kind][lang]}`;
  // A change in SpO2 is in percentage points, not per cent of the value.
  const change = (v: number) => (series.kind === 'spo2' ? `${formatNumber(v, lang, decimals)} ${t('mydata.points')}` : amount(v));
  const days = (n: number) => (n === 1 ? t('mydata.days.one') : t('mydata.days.many', { count: n }));
  const level = (l: 'yellow' | 'red') => t(`level.${l}`);
  const what = t(`mydata.what.${series.component ?? (series.kind as Exclude<Series['kind'], 'blood_pressure'>)}`);

  const redFirst = <T extends { level: 'yellow' | 'red' }>(list: T[]) => [...list].sort((a, b) => (a.level === b.level ? 0 : a.level === 'red' ? -1 : 1));
  const absolute = redFirst(limits.bands).map((b: Band) => t(ABSOLUTE[b.op], { level: level(b.level), what, value: amount(b.value) }));

  const relative = limits.relative.map((r: RelativeLimit) => {
    const by = t(r.rule.op === 'gt' ? 'mydata.limits.by.gt' : 'mydata.limits.by.ge', { amount: change(r.rule.by) });
    const sentence =
      r.shape === 'trend'
        ? t((r.rule as TrendRule).direction === 'rise' ? 'mydata.limits.trend.rise' : 'mydata.limits.trend.fall', { level: level(r.level), what, by, days: days(r.rule.windowDays) })
        : t((r.rule as BaselineRule).direction === 'above' ? 'mydata.limits.baseline.above' : 'mydata.limits.baseline.below', { level: level(r.level), what, by, days: days(r.rule.windowDays) });
    return `${sentence} ${nowText(r, amount, days, t)}`;
  });
  return [...absolute, ...relative];
}

function nowText(r: RelativeLimit, amount: (v: number) => string, days: (n: number) => string, t: Translate): string {
  const c = r.current;
  if (!c) {
    return r.shape === 'trend'
      ? t('mydata.limits.notYet.trend', { days: days(r.rule.windowDays) })
      : t('mydata.limits.notYet.baseline', { count: (r.rule as BaselineRule).minReadings, days: days(r.rule.windowDays) });
  }
  const key: MessageKey = r.side === 'above' ? (c.inclusive ? 'mydata.limits.now.atLeast' : 'mydata.limits.now.above') : c.inclusive ? 'mydata.limits.now.atMost' : 'mydata.limits.now.below';
  const reference =
    r.shape === 'baseline'
      ? t('mydata.limits.ref.median', { value: amount(c.reference) })
      : t(r.side === 'above' ? 'mydata.limits.ref.lowest' : 'mydata.limits.ref.highest', { days: days(r.rule.windowDays), value: amount(c.reference) });
  return `${t(key, { value: amount(c.value) })} ${reference}`;
}

/** The relative thresholds that applied to one reading, for the table, e.g. "Gul: over 81 kg · Rød: over 82 kg". */
export function thresholdsAt(series: Series, limits: ChartLimits, at: string, t: Translate, lang: 'da' | 'en'): string {
  const decimals = KIND_INFO[series.kind].decimals;
  return limits.relative
    .map((r) => ({ r, step: r.steps.find((s: Threshold) => s.at === at) }))
    .filter((x): x is { r: RelativeLimit; step: Threshold } => x.step !== undefined)
    .map(({ r, step }) => {
      const side = r.side === 'above' ? (step.inclusive ? 'mydata.side.atLeast' : 'mydata.side.above') : step.inclusive ? 'mydata.side.atMost' : 'mydata.side.below';
      return t('mydata.limitAt', { level: t(`level.${r.level}`), side: t(side), value: `${formatNumber(step.value, lang, decimals)} ${UNIT[series.kind][lang]}` });
    })
    .join(' · ');
}
