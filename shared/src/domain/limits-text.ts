import type { AbsoluteRule, BaselineRule, ChangeOp, ComparisonOp, LimitRules, TrendRule } from './limits';
import type { MeasurementKind } from './kinds';
import { formatHundredths } from './triage-text';
import type { LocalizedText } from '../contracts/common.contract';

type Lang = keyof LocalizedText;

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
const CHANGE_UNIT: Partial<Record<MeasurementKind, LocalizedText>> = { spo2: { da: 'procentpoint', en: 'percentage points' } };

const DECIMALS: Record<MeasurementKind, number> = { spo2: 0, heart_rate: 0, body_weight: 1, blood_pressure: 0, body_temperature: 1, respiratory_rate: 0, consciousness: 0 };

const LEVEL: Record<'yellow' | 'red', LocalizedText> = { yellow: { da: 'Gul', en: 'Yellow' }, red: { da: 'Rød', en: 'Red' } };

const COMPONENT: Record<'systolic' | 'diastolic', LocalizedText> = {
  systolic: { da: 'systolisk', en: 'systolic' },
  diastolic: { da: 'diastolisk', en: 'diastolic' },
};

const OP: Record<ComparisonOp, LocalizedText> = {
  lt: { da: 'under', en: 'below' },
  le: { da: 'højst', en: 'at most' },
  gt: { da: 'over', en: 'above' },
  ge: { da: 'mindst', en: 'at least' },
};

const CHANGE_OP: Record<ChangeOp, LocalizedText> = { gt: { da: 'mere end', en: 'more than' }, ge: { da: 'mindst', en: 'at least' } };

const number = (kind: MeasurementKind, value: number, lang: Lang) => formatHundredths(Math.round(value * 100), lang, DECIMALS[kind]);
const days = (n: number, lang: Lang) => (lang === 'da' ? (n === 1 ? '1 dag' : `${n} dage`) : n === 1 ? '1 day' : `${n} days`);
const both = (make: (lang: Lang) => string): LocalizedText => ({ da: make('da'), en: make('en') });
const prefix = (level: 'yellow' | 'red', component: 'systolic' | 'diastolic' | undefined, lang: Lang) =>
  component ? `${LEVEL[level][lang]} (${COMPONENT[component][lang]})` : LEVEL[level][lang];

/** "Rød: under 88 %". */
export function describeAbsolute(kind: MeasurementKind, rule: AbsoluteRule): LocalizedText {
  return both((lang) => `${prefix(rule.level, rule.component, lang)}: ${OP[rule.op][lang]} ${number(kind, rule.value, lang)} ${UNIT[kind][lang]}`);
}

/** "Gul: mindst 4 procentpoint under patientens median for de seneste 7 dage (når der er mindst 3 målinger)". */
export function describeBaseline(kind: MeasurementKind, rule: BaselineRule): LocalizedText {
  const unit = CHANGE_UNIT[kind] ?? UNIT[kind];
  return both((lang) => {
    const by = `${CHANGE_OP[rule.op][lang]} ${number(kind, rule.by, lang)} ${unit[lang]}`;
    return lang === 'da'
      ? `${prefix(rule.level, rule.component, 'da')}: ${by} ${rule.direction === 'below' ? 'under' : 'over'} patientens median for de seneste ${days(rule.windowDays, 'da')} (når der er mindst ${rule.minReadings} målinger)`
      : `${prefix(rule.level, rule.component, 'en')}: ${by} ${rule.direction} the patient's median over the last ${days(rule.windowDays, 'en')} (once there are at least ${rule.minReadings} readings)`;
  });
}

/** "Rød: stigning på mere end 2,0 kg inden for 3 dage". */
export function describeTrend(kind: MeasurementKind, rule: TrendRule): LocalizedText {
  const unit = CHANGE_UNIT[kind] ?? UNIT[kind];
  return both((lang) => {
    const by = `${CHANGE_OP[rule.op][lang]} ${number(kind, rule.by, lang)} ${unit[lang]}`;
    return lang === 'da'
      ? `${prefix(rule.level, rule.component, 'da')}: ${rule.direction === 'rise' ? 'stigning' : 'fald'} på ${by} inden for ${days(rule.windowDays, 'da')}`
      : `${prefix(rule.level, rule.component, 'en')}: a ${rule.direction} of ${by} within ${days(rule.windowDays, 'en')}`;
  });
}

/**
 * A patient's limits for one kind in plain language, one line per rule, red before yellow.
 * Empty when the kind is monitored without limits.
 */
export function describeRules(rules: LimitRules): LocalizedText[] {
  const redFirst = <T extends { level: 'yellow' | 'red' }>(list: T[]) => [...list].sort((a, b) => (a.level === b.level ? 0 : a.level === 'red' ? -1 : 1));
  return [
    ...redFirst(rules.absolute).map((rule) => describeAbsolute(rules.kind, rule)),
    ...redFirst(rules.baseline).map((rule) => describeBaseline(rules.kind, rule)),
    ...redFirst(rules.trend).map((rule) => describeTrend(rules.kind, rule)),
  ];
}
