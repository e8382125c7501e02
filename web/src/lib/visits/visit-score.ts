import { NEWS2_PARTS, TOBS_PARTS, scoreNews2, scoreTobs, triageVisit } from '@naer/shared/domain';
import type { News2Input, News2Part, News2RiskBand, Spo2Scale, TobsPart, TobsResponse, VisitTriage } from '@naer/shared/domain';
import type { MessageKey } from '$lib/i18n.svelte';
import type { DraftSigns } from './visit-draft';

/** A score as the page shows it: a part is null until its sign is entered, the total until every part is. */
export interface ShownTobs {
  parts: Record<TobsPart, number | null>;
  total: number | null;
  response: TobsResponse | null;
}

export interface ShownNews2 {
  parts: Record<News2Part, number | null>;
  total: number | null;
  scale: Spo2Scale;
  band: News2RiskBand | null;
}

export interface LiveScores {
  tobs: ShownTobs;
  news2: ShownNews2;
  /** Null until both totals are known. */
  triage: VisitTriage | null;
}

// Stand-ins for signs not entered yet, only so the shared scorers can run: the parts they feed are hidden.
const STAND_IN: News2Input = { respiratoryRate: 16, spo2: 97, onOxygen: false, systolic: 120, pulse: 70, consciousness: 'alert', temperature: 37 };

const complete = <P extends string>(parts: Record<P, number | null>): boolean => Object.values<number | null>(parts).every((p) => p !== null);

/**
 * TOBS and NEWS2 for what the nurse has entered so far, with the shared scorers (pure, works offline).
 * Each part shows once its own sign is valid; SpO2 on scale 2 also needs the oxygen answer (it scores
 * differently on oxygen). Totals, band, response and triage need every part.
 */
export function liveScores(signs: DraftSigns, scale: Spo2Scale): LiveScores {
  const input: News2Input = {
    respiratoryRate: signs.respiratoryRate ?? STAND_IN.respiratoryRate,
    spo2: signs.spo2 ?? STAND_IN.spo2,
    onOxygen: signs.onOxygen ?? STAND_IN.onOxygen,
    systolic: signs.systolic ?? STAND_IN.systolic,
    pulse: signs.pulse ?? STAND_IN.pulse,
    consciousness: signs.consciousness ?? STAND_IN.consciousness,
    temperature: signs.temperature ?? STAND_IN.temperature,
  };
  const known: Record<News2Part, boolean> = {
    respiratoryRate: signs.respiratoryRate !== null,
    spo2: signs.spo2 !== null && (scale === 1 || signs.onOxygen !== null),
    airOrOxygen: signs.onOxygen !== null,
    systolic: signs.systolic !== null,
    pulse: signs.pulse !== null,
    consciousness: signs.consciousness !== null,
    temperature: signs.temperature !== null,
  };
  const tobsScore = scoreTobs(input);
  const news2Score = scoreNews2(input, scale);
  const tobsParts = Object.fromEntries(TOBS_PARTS.map((part) => [part, known[part] ? tobsScore.parts[part] : null])) as Record<TobsPart, number | null>;
  const news2Parts = Object.fromEntries(NEWS2_PARTS.map((part) => [part, known[part] ? news2Score.parts[part] : null])) as Record<News2Part, number | null>;
  const tobsDone = complete(tobsParts);
  const news2Done = complete(news2Parts);
  return {
    tobs: { parts: tobsParts, total: tobsDone ? tobsScore.total : null, response: tobsDone ? tobsScore.response : null },
    news2: { parts: news2Parts, total: news2Done ? news2Score.total : null, scale, band: news2Done ? news2Score.band : null },
    triage: tobsDone && news2Done ? triageVisit(tobsScore, news2Score) : null,
  };
}

/** What TOBS asks the visit to do next, in words. */
export function tobsResponseText(response: TobsResponse): MessageKey {
  return `visits.tobs.response.${response}`;
}

/**
 * What NEWS2 asks for, by risk band rather than response: the band tells a single parameter scoring 3
 * (urgent assessment) from a total of 5–6 (urgent assessment within 1 hour), which share a response.
 */
export function news2ResponseText(band: News2RiskBand): MessageKey {
  return `visits.news2.response.${band}`;
}
