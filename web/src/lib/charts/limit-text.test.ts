import { describe, expect, it } from 'vitest';
import { defaultLimits } from '@naer/shared/domain';
import { dictionaries } from '../messages';
import type { MessageKey } from '../messages';
import { chartLimits } from './limit-lines';
import { limitTexts, thresholdsAt } from './limit-text';
import type { Translate } from './limit-text';

const NOW = new Date('2026-03-10T08:00:00.000Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000).toISOString();
const translator =
  (lang: 'da' | 'en'): Translate =>
  (key: MessageKey, params = {}) =>
    dictionaries[lang][key].replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));

describe('limitTexts', () => {
  it('says the heart-failure weight limit in plain Danish and English with the threshold that applies today', () => {
    const history = [
      { value: 80.4, measuredAt: daysAgo(1) },
      { value: 80.0, measuredAt: daysAgo(2) },
    ];
    const limits = chartLimits(defaultLimits('heart_failure').body_weight, { kind: 'body_weight' }, history, [], NOW);
    expect(limitTexts({ kind: 'body_weight' }, limits, translator('da'), 'da')).toEqual([
      'Rød: hvis din vægt stiger mere end 2 kg inden for 3 dage. Lige nu betyder det: over 82 kg. Din laveste måling de seneste 3 dage er 80 kg.',
      'Gul: hvis din vægt stiger mere end 1 kg inden for 3 dage. Lige nu betyder det: over 81 kg. Din laveste måling de seneste 3 dage er 80 kg.',
    ]);
    expect(limitTexts({ kind: 'body_weight' }, limits, translator('en'), 'en')[1]).toBe(
      'Yellow: if your weight rises by more than 1 kg within 3 days. Right now that means: above 81 kg. Your lowest reading over the last 3 days is 80 kg.',
    );
  });

  it('uses a decimal comma in Danish and says when a limit from own readings does not apply yet', () => {
    const rules = defaultLimits('copd');
    const temperature = chartLimits(rules.body_temperature, { kind: 'body_temperature' }, [], [], NOW);
    expect(limitTexts({ kind: 'body_temperature' }, temperature, translator('da'), 'da')).toEqual([
      'Rød: hvis din temperatur er under 35,5 °C.',
      'Rød: hvis din temperatur er 39 °C eller derover.',
      'Gul: hvis din temperatur er 38 °C eller derover.',
    ]);
    const spo2 = chartLimits(rules.spo2, { kind: 'spo2' }, [], [], NOW);
    expect(limitTexts({ kind: 'spo2' }, spo2, translator('da'), 'da').at(-1)).toBe(
      'Gul: hvis din iltmætning er 4 procentpoint eller mere under dit normale niveau (midten af dine målinger de seneste 7 dage). Grænsen gælder, når der er mindst 3 målinger de seneste 7 dage.',
    );
  });

  it('names both halves of blood pressure', () => {
    const rules = defaultLimits('heart_failure').blood_pressure;
    const diastolic = chartLimits(rules, { kind: 'blood_pressure', component: 'diastolic' }, [], [], NOW);
    expect(limitTexts({ kind: 'blood_pressure', component: 'diastolic' }, diastolic, translator('da'), 'da')).toEqual([
      'Gul: hvis dit nedre blodtryk (diastolisk) er under 60 mmHg.',
      'Gul: hvis dit nedre blodtryk (diastolisk) er over 95 mmHg.',
    ]);
  });
});

describe('thresholdsAt', () => {
  it('lists the thresholds from own readings that applied to one reading', () => {
    const history = [
      { value: 80.0, measuredAt: daysAgo(2) },
      { value: 80.4, measuredAt: daysAgo(1) },
    ];
    const limits = chartLimits(defaultLimits('heart_failure').body_weight, { kind: 'body_weight' }, history, [daysAgo(1), daysAgo(2)], NOW);
    expect(thresholdsAt({ kind: 'body_weight' }, limits, daysAgo(1), translator('da'), 'da')).toBe('Rød: over 82 kg · Gul: over 81 kg');
    expect(thresholdsAt({ kind: 'body_weight' }, limits, daysAgo(2), translator('da'), 'da')).toBe('');
  });
});
