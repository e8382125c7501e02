import { NEWS2_PARTS, NEWS2_SINGLE_RED } from './news2';
import type { News2Part, News2Result } from './news2';
import type { TobsResult } from './tobs';

/** How urgently a nurse visit's scores need a person: green, yellow, red. */
export const VISIT_TRIAGE_LEVELS = ['green', 'yellow', 'red'] as const;
export type VisitTriageLevel = (typeof VISIT_TRIAGE_LEVELS)[number];

/**
 * Reason codes, each with its params: news2_total { total, threshold }, news2_single_parameter { part },
 * tobs_total { total, threshold }, within_thresholds { news2Total, tobsTotal }.
 */
export const VISIT_REASON_CODES = ['news2_total', 'news2_single_parameter', 'tobs_total', 'within_thresholds'] as const;
export type VisitReasonCode = (typeof VISIT_REASON_CODES)[number];

/** One reason behind a visit's level: a stable code, the level it calls for, and the numbers the UI puts in its text. */
export interface VisitTriageReason {
  code: VisitReasonCode;
  level: VisitTriageLevel;
  params: Record<string, number | string>;
}

export interface VisitTriage {
  level: VisitTriageLevel;
  reasons: VisitTriageReason[];
}

/** Score totals at which a visit turns red or yellow; a clinician may lower them for one patient. */
export interface VisitThresholds {
  news2Red: number;
  news2Yellow: number;
  tobsYellow: number;
}

/** NEWS2 ≥ 7 red, NEWS2 ≥ 5 yellow, TOBS ≥ 2 yellow (a single NEWS2 parameter scoring 3 is yellow too). */
export const DEFAULT_VISIT_THRESHOLDS: Readonly<VisitThresholds> = { news2Red: 7, news2Yellow: 5, tobsYellow: 2 };

function news2TotalReason(total: number, thresholds: VisitThresholds): VisitTriageReason[] {
  if (total >= thresholds.news2Red) return [{ code: 'news2_total', level: 'red', params: { total, threshold: thresholds.news2Red } }];
  if (total >= thresholds.news2Yellow) return [{ code: 'news2_total', level: 'yellow', params: { total, threshold: thresholds.news2Yellow } }];
  return [];
}

function singleParameterReasons(parts: Record<News2Part, number>): VisitTriageReason[] {
  return NEWS2_PARTS.filter((part) => parts[part] >= NEWS2_SINGLE_RED).map((part) => ({
    code: 'news2_single_parameter',
    level: 'yellow',
    params: { part },
  }));
}

/**
 * Triages a nurse visit from its TOBS and NEWS2 scores. Pure; `thresholds` are used as given.
 *
 * - NEWS2 total ≥ `news2Red`: red.
 * - NEWS2 total ≥ `news2Yellow`, any single NEWS2 parameter scoring 3, or TOBS total ≥ `tobsYellow`: at least yellow.
 * - Otherwise green, with one `within_thresholds` reason.
 *
 * Reasons list every finding, red first: `news2_total`, then `news2_single_parameter` per part (in NEWS2_PARTS order), then `tobs_total`.
 */
export function triageVisit(
  tobs: Pick<TobsResult, 'total'>,
  news2: Pick<News2Result, 'total' | 'parts'>,
  thresholds: VisitThresholds = DEFAULT_VISIT_THRESHOLDS,
): VisitTriage {
  const found: VisitTriageReason[] = [
    ...news2TotalReason(news2.total, thresholds),
    ...singleParameterReasons(news2.parts),
    ...(tobs.total >= thresholds.tobsYellow
      ? [{ code: 'tobs_total', level: 'yellow', params: { total: tobs.total, threshold: thresholds.tobsYellow } } satisfies VisitTriageReason]
      : []),
  ];
  if (found.length === 0) {
    return { level: 'green', reasons: [{ code: 'within_thresholds', level: 'green', params: { news2Total: news2.total, tobsTotal: tobs.total } }] };
  }
  // Only news2_total can be red, and it comes first: the list is already red first.
  return { level: found.some((r) => r.level === 'red') ? 'red' : 'yellow', reasons: found };
}
