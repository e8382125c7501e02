import { KIND_INFO } from './kinds';
import type { MeasurementKind } from './kinds';
import type { BloodPressureComponent, ChangeOp, ComparisonOp } from './limits';
import type { LocalizedText } from '../contracts/common.contract';

/** What a rule reads: a kind, and for blood pressure one component of it. */
export interface Target {
  kind: MeasurementKind;
  component?: BloodPressureComponent | undefined;
}

type Lang = keyof LocalizedText;

const COMPONENT_LABEL: Record<BloodPressureComponent, LocalizedText> = {
  systolic: { da: 'Systolisk blodtryk', en: 'Systolic blood pressure' },
  diastolic: { da: 'Diastolisk blodtryk', en: 'Diastolic blood pressure' },
};

// Danish needs the definite form for sentences like "Vægten er steget …".
const DEFINITE_DA: Record<MeasurementKind | BloodPressureComponent, string> = {
  spo2: 'Iltmætningen',
  heart_rate: 'Pulsen',
  body_weight: 'Vægten',
  blood_pressure: 'Blodtrykket',
  body_temperature: 'Temperaturen',
  respiratory_rate: 'Respirationsfrekvensen',
  consciousness: 'Bevidsthedsniveauet',
  systolic: 'Det systoliske blodtryk',
  diastolic: 'Det diastoliske blodtryk',
};

const UNIT: Record<MeasurementKind, LocalizedText> = {
  spo2: { da: '%', en: '%' },
  heart_rate: { da: 'slag/min', en: 'beats/min' },
  body_weight: { da: 'kg', en: 'kg' },
  blood_pressure: { da: 'mmHg', en: 'mmHg' },
  body_temperature: { da: '°C', en: '°C' },
  respiratory_rate: { da: 'vejrtrækninger/min', en: 'breaths/min' },
  consciousness: { da: '', en: '' },
};

// A change in SpO2 is in percentage points, not per cent of the value.
const CHANGE_UNIT: Partial<Record<MeasurementKind, LocalizedText>> = {
  spo2: { da: 'procentpoint', en: 'percentage points' },
};

// Temperature and weight read oddly without a decimal ("38 °C" vs "38,0 °C").
const MIN_DECIMALS: Record<MeasurementKind, number> = {
  spo2: 0,
  heart_rate: 0,
  body_weight: 1,
  blood_pressure: 0,
  body_temperature: 1,
  respiratory_rate: 0,
  consciousness: 0,
};

/** Formats a number given in hundredths with at most 2 decimals, a decimal comma in Danish. */
export function formatHundredths(hundredths: number, lang: Lang, minDecimals: number): string {
  const rounded = Math.round(Math.abs(hundredths));
  const whole = Math.trunc(rounded / 100);
  let fraction = String(rounded % 100).padStart(2, '0');
  while (fraction.length > minDecimals && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
  const sign = hundredths < 0 && rounded !== 0 ? '-' : '';
  return fraction.length === 0 ? `${sign}${whole}` : `${sign}${whole}${lang === 'da' ? ',' : '.'}${fraction}`;
}

function label(target: Target, lang: Lang): string {
  return target.component ? COMPONENT_LABEL[target.component][lang] : KIND_INFO[target.kind].label[lang];
}

function definite(target: Target, lang: Lang): string {
  if (lang === 'da') return DEFINITE_DA[target.component ?? target.kind];
  return label(target, lang);
}

/** A value with its unit, e.g. "38,0 °C". */
function quantity(target: Target, hundredths: number, lang: Lang): string {
  return `${formatHundredths(hundredths, lang, MIN_DECIMALS[target.kind])} ${UNIT[target.kind][lang]}`;
}

/** A size of change with its unit, e.g. "2,4 kg" or "4 procentpoint". */
function amount(target: Target, hundredths: number, lang: Lang): string {
  const plural = CHANGE_UNIT[target.kind]?.[lang] ?? UNIT[target.kind][lang];
  const unit = lang === 'en' && hundredths === 100 ? plural.replace(/points$/, 'point') : plural;
  return `${formatHundredths(hundredths, lang, MIN_DECIMALS[target.kind])} ${unit}`;
}

function days(n: number, lang: Lang): string {
  if (lang === 'da') return n === 1 ? '1 dag' : `${n} dage`;
  return n === 1 ? '1 day' : `${n} days`;
}

const both = (make: (lang: Lang) => string): LocalizedText => ({ da: make('da'), en: make('en') });

/** "Iltmætning 86 % er under 88 %". */
export function absoluteText(target: Target, valueH: number, op: ComparisonOp, thresholdH: number): LocalizedText {
  return both((lang) => {
    const value = quantity(target, valueH, lang);
    const limit = quantity(target, thresholdH, lang);
    const phrase: Record<ComparisonOp, LocalizedText> = {
      lt: { da: `er under ${limit}`, en: `is below ${limit}` },
      le: { da: `er ${limit} eller derunder`, en: `is ${limit} or below` },
      gt: { da: `er over ${limit}`, en: `is above ${limit}` },
      ge: { da: `er ${limit} eller derover`, en: `is ${limit} or above` },
    };
    return `${label(target, lang)} ${value} ${phrase[op][lang]}`;
  });
}

function changeLimit(target: Target, op: ChangeOp, byH: number, lang: Lang): string {
  const limit = amount(target, byH, lang);
  if (lang === 'da') return op === 'gt' ? `grænse: mere end ${limit}` : `grænse: ${limit} eller mere`;
  return op === 'gt' ? `limit: more than ${limit}` : `limit: ${limit} or more`;
}

/** "Iltmætning 91 % er 4 procentpoint under dit sædvanlige niveau (median 95 % de seneste 7 dage; grænse: …)". */
export function baselineText(
  target: Target,
  rule: { direction: 'below' | 'above'; op: ChangeOp; byH: number; windowDays: number },
  valueH: number,
  deviationH: number,
  medianH: number,
): LocalizedText {
  return both((lang) => {
    const side = rule.direction === 'below' ? { da: 'under', en: 'below' } : { da: 'over', en: 'above' };
    const head = `${label(target, lang)} ${quantity(target, valueH, lang)}`;
    const median = quantity(target, medianH, lang);
    const limit = changeLimit(target, rule.op, rule.byH, lang);
    return lang === 'da'
      ? `${head} er ${amount(target, deviationH, lang)} ${side.da} dit sædvanlige niveau (median ${median} de seneste ${days(rule.windowDays, lang)}; ${limit})`
      : `${head} is ${amount(target, deviationH, lang)} ${side.en} your usual level (median ${median} over the last ${days(rule.windowDays, lang)}; ${limit})`;
  });
}

/** "Vægten er steget 2,4 kg på 3 dage (grænse: mere end 2,0 kg)". */
export function trendText(
  target: Target,
  rule: { direction: 'rise' | 'fall'; op: ChangeOp; byH: number; windowDays: number },
  changeH: number,
): LocalizedText {
  return both((lang) => {
    const moved = rule.direction === 'rise' ? { da: 'er steget', en: 'has risen' } : { da: 'er faldet', en: 'has fallen' };
    const limit = changeLimit(target, rule.op, rule.byH, lang);
    return lang === 'da'
      ? `${definite(target, lang)} ${moved.da} ${amount(target, changeH, lang)} på ${days(rule.windowDays, lang)} (${limit})`
      : `${definite(target, lang)} ${moved.en} ${amount(target, changeH, lang)} in ${days(rule.windowDays, lang)} (${limit})`;
  });
}
