import type { TriageReason, TriageResult } from '../../contracts/triage.contract';
import type { LimitRules } from '../limits';
import type { Spo2Target } from './news2';
import type { VisitTriage, VisitTriageReason } from './visit-triage';

const PART: Record<string, { da: string; en: string }> = {
  respiratoryRate: { da: 'respirationsfrekvens', en: 'respiratory rate' },
  spo2: { da: 'iltmætning', en: 'oxygen saturation' },
  airOrOxygen: { da: 'ilttilskud', en: 'supplemental oxygen' },
  systolic: { da: 'systolisk blodtryk', en: 'systolic blood pressure' },
  pulse: { da: 'puls', en: 'pulse' },
  consciousness: { da: 'bevidsthed', en: 'consciousness' },
  temperature: { da: 'temperatur', en: 'temperature' },
};

/** One visit reason in plain words, as alerts carry them (the board and the patient's page show `text`). */
export function visitReasonText(reason: VisitTriageReason): TriageReason {
  const p = reason.params;
  const part = PART[String(p.part)] ?? { da: String(p.part), en: String(p.part) };
  const text = {
    news2_total: { da: `NEWS2 er ${p.total} (grænsen er ${p.threshold}).`, en: `NEWS2 is ${p.total} (the limit is ${p.threshold}).` },
    news2_single_parameter: { da: `NEWS2 giver 3 point for ${part.da}.`, en: `NEWS2 scores 3 points for ${part.en}.` },
    tobs_total: { da: `TOBS er ${p.total} (grænsen er ${p.threshold}).`, en: `TOBS is ${p.total} (the limit is ${p.threshold}).` },
    within_thresholds: { da: `NEWS2 ${p.news2Total} og TOBS ${p.tobsTotal} er inden for grænserne.`, en: `NEWS2 ${p.news2Total} and TOBS ${p.tobsTotal} are within the limits.` },
  }[reason.code];
  return { code: `visit.${reason.code}`, level: reason.level, text };
}

/** A visit's triage as a submission's triage result, so it opens an alert like any other. */
export function visitTriageResult(triage: VisitTriage): TriageResult {
  return { level: triage.level, reasons: triage.reasons.map(visitReasonText) };
}

/**
 * The patient's prescribed SpO2 target as their limits express it: when the care team lets saturation
 * fall to 88 % before red (the 88–92 % target for hypercapnic COPD), the target is 88–92; otherwise none.
 */
export function spo2TargetFromLimits(rules: LimitRules | null | undefined): Spo2Target | null {
  const redLow = rules?.absolute.find((r) => r.level === 'red' && (r.op === 'lt' || r.op === 'le'));
  if (!redLow) return null;
  const lowestAccepted = redLow.op === 'lt' ? redLow.value : redLow.value + 1;
  return lowestAccepted <= 88 ? { low: lowestAccepted, high: 92 } : null;
}
