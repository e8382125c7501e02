import { describe, expect, it } from 'vitest';
import { NEWS2_RISK_BANDS, TOBS_RESPONSES } from '@naer/shared/domain';
import { da, en } from '../messages/visits';
import type { DraftSigns } from './visit-draft';
import { liveScores, news2ResponseText, tobsResponseText } from './visit-score';

const NONE: DraftSigns = { respiratoryRate: null, spo2: null, systolic: null, diastolic: null, pulse: null, temperature: null, onOxygen: null, consciousness: null };
// RR 22, SpO2 91 on air, systolic 105, pulse 112, 38.4 °C, alert (worked by hand from domain.md §5).
const VISIT: DraftSigns = { respiratoryRate: 22, spo2: 91, systolic: 105, diastolic: null, pulse: 112, temperature: 38.4, onOxygen: false, consciousness: 'alert' };

describe('liveScores', () => {
  it('scores a complete visit part by part, with totals, band and triage', () => {
    const scores = liveScores(VISIT, 1);
    expect(scores.tobs).toEqual({ parts: { pulse: 2, systolic: 0, respiratoryRate: 2, temperature: 1, consciousness: 0 }, total: 5, response: 'call_nurse' });
    expect(scores.news2).toEqual({
      parts: { respiratoryRate: 2, spo2: 3, airOrOxygen: 0, systolic: 1, pulse: 2, consciousness: 0, temperature: 1 },
      total: 9,
      scale: 1,
      band: 'high',
    });
    expect(scores.triage?.level).toBe('red');
  });

  it('shows nothing but empty parts before anything is entered', () => {
    const scores = liveScores(NONE, 1);
    expect(Object.values(scores.tobs.parts).every((p) => p === null)).toBe(true);
    expect(Object.values(scores.news2.parts).every((p) => p === null)).toBe(true);
    expect(scores.tobs.total).toBeNull();
    expect(scores.news2.total).toBeNull();
    expect(scores.news2.band).toBeNull();
    expect(scores.triage).toBeNull();
  });

  it('scores each part as soon as its own sign is entered, and holds the totals back until every part is', () => {
    const scores = liveScores({ ...NONE, pulse: 112, temperature: 38.4 }, 1);
    expect(scores.tobs.parts).toEqual({ pulse: 2, systolic: null, respiratoryRate: null, temperature: 1, consciousness: null });
    expect(scores.news2.parts.pulse).toBe(2);
    expect(scores.news2.parts.temperature).toBe(1);
    expect(scores.news2.parts.respiratoryRate).toBeNull();
    expect(scores.tobs.total).toBeNull();
    expect(scores.triage).toBeNull();
  });

  it('scores SpO2 on scale 1 without the oxygen answer, but waits for it on scale 2', () => {
    expect(liveScores({ ...NONE, spo2: 97 }, 1).news2.parts.spo2).toBe(0);
    expect(liveScores({ ...NONE, spo2: 97 }, 2).news2.parts.spo2).toBeNull();
    expect(liveScores({ ...NONE, spo2: 97, onOxygen: true }, 2).news2.parts.spo2).toBe(3);
  });

  it('scores SpO2 88 on air as 3 on scale 1 and 0 on scale 2', () => {
    expect(liveScores({ ...VISIT, spo2: 88 }, 1).news2.parts.spo2).toBe(3);
    expect(liveScores({ ...VISIT, spo2: 88 }, 2).news2).toMatchObject({ scale: 2, parts: { spo2: 0 } });
  });

  it('tells a single parameter scoring 3 from a total of 5–6 by the band', () => {
    const calm: DraftSigns = { ...VISIT, respiratoryRate: 16, spo2: 97, systolic: 120, pulse: 70, temperature: 37 };
    expect(liveScores({ ...calm, consciousness: 'new_confusion' }, 1).news2.band).toBe('low_single_red');
    expect(liveScores({ ...calm, systolic: 95, pulse: 115, temperature: 38.5 }, 1).news2.band).toBe('medium');
  });
});

describe('response texts', () => {
  it('has Danish and English advice for every TOBS response and every NEWS2 band', () => {
    for (const response of TOBS_RESPONSES) {
      expect(da[tobsResponseText(response) as keyof typeof da]).toMatch(/\S/);
      expect(en[tobsResponseText(response) as keyof typeof en]).toMatch(/\S/);
    }
    for (const band of NEWS2_RISK_BANDS) {
      expect(da[news2ResponseText(band) as keyof typeof da]).toMatch(/\S/);
      expect(en[news2ResponseText(band) as keyof typeof en]).toMatch(/\S/);
    }
  });

  it('asks for an urgent assessment on a single 3, within 1 hour on 5–6, and an emergency assessment on 7 or more', () => {
    expect(da[news2ResponseText('low_single_red') as keyof typeof da]).toBe('Én parameter giver 3 point: akut vurdering.');
    expect(da[news2ResponseText('medium') as keyof typeof da]).toBe('NEWS2 5–6: akut vurdering inden for 1 time.');
    expect(da[news2ResponseText('high') as keyof typeof da]).toBe('NEWS2 7 eller mere: akut, øjeblikkelig vurdering.');
  });

  it('asks the assistant to call the nurse from TOBS 2', () => {
    expect(da[tobsResponseText('call_nurse') as keyof typeof da]).toContain('ringer til sygeplejersken');
  });
});
