import { z } from 'zod';
import { OrganisationSchema } from './auth.contract';
import { IsoDateTimeSchema } from './common.contract';
import { MeasurementKindSchema, MeasurementValueSchema } from './measurement.contract';
import { TriageLevelSchema } from './triage.contract';
import { KIND_INFO } from '../domain/kinds';
import type { Range } from '../domain/kinds';
import { LimitRulesSchema } from '../domain/limits';
import { DEFAULT_VISIT_THRESHOLDS } from '../domain/early-warning/visit-triage';
import type { LimitRules } from '../domain/limits';

/** Path parameter `:kind` of the limit endpoints. */
export const LimitKindParamSchema = z.object({ kind: MeasurementKindSchema });

/** Who set a limit version, as the history shows them. */
export const LimitAuthorSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  jobTitle: z.string().nullable(),
  organisation: OrganisationSchema.nullable(),
});
export type LimitAuthor = z.infer<typeof LimitAuthorSchema>;

/**
 * One version of a patient's limits for one kind. `current` is the version in force now; `scheduled`
 * takes effect later; `past` was replaced.
 */
export const LimitVersionSchema = z.object({
  id: z.uuid(),
  kind: MeasurementKindSchema,
  rules: LimitRulesSchema,
  validFrom: IsoDateTimeSchema,
  setAt: IsoDateTimeSchema,
  /** Null for limits set by the system (e.g. imported). */
  setBy: LimitAuthorSchema.nullable(),
  reason: z.string(),
  status: z.enum(['current', 'scheduled', 'past']),
});
export type LimitVersion = z.infer<typeof LimitVersionSchema>;

export const KindLimitsSchema = z.object({
  kind: MeasurementKindSchema,
  /** Null when no limits are in force yet: readings of this kind go to a nurse for review. */
  current: LimitVersionSchema.nullable(),
  /** Every version, newest `validFrom` first. */
  history: z.array(LimitVersionSchema),
});
export type KindLimits = z.infer<typeof KindLimitsSchema>;

const ThresholdNumbersSchema = z.object({ news2Red: z.number().int(), news2Yellow: z.number().int(), tobsYellow: z.number().int() });

/**
 * The score totals at which a nurse visit turns red or yellow for this patient: the national ones
 * (`defaults`) unless a clinician tightened them (`setAt`, `setBy`, `reason`).
 */
export const VisitThresholdsSchema = ThresholdNumbersSchema.extend({
  defaults: ThresholdNumbersSchema,
  /** Null while the national thresholds apply. */
  setAt: IsoDateTimeSchema.nullable(),
  setBy: LimitAuthorSchema.nullable(),
  reason: z.string().nullable(),
});
export type VisitThresholdsView = z.infer<typeof VisitThresholdsSchema>;

const threshold = (field: string, atMost: number, score: string) =>
  z
    .number({ error: `${field} must be a whole number` })
    .int({ error: `${field} must be a whole number` })
    .min(1, { error: `${field} must be at least 1` })
    .max(atMost, { error: `${field} may only be tightened: at most ${atMost}, the national ${score} threshold` });

/** PUT /api/patients/:id/visit-thresholds: tighter thresholds for one patient (the national ones restore the default). */
export const VisitThresholdsUpdateSchema = z
  .strictObject({
    news2Red: threshold('news2Red', DEFAULT_VISIT_THRESHOLDS.news2Red, 'NEWS2 red'),
    news2Yellow: threshold('news2Yellow', DEFAULT_VISIT_THRESHOLDS.news2Yellow, 'NEWS2 yellow'),
    tobsYellow: threshold('tobsYellow', DEFAULT_VISIT_THRESHOLDS.tobsYellow, 'TOBS yellow'),
    reason: z
      .string({ error: 'reason is required: say why the thresholds change, e.g. "Svær KOL; lav reserve, aftalt med overlægen"' })
      .trim()
      .min(3, { error: 'reason is required: say why the thresholds change, e.g. "Svær KOL; lav reserve, aftalt med overlægen"' })
      .max(500, { error: 'reason must be at most 500 characters' }),
  })
  .refine((t) => t.news2Yellow < t.news2Red, { path: ['news2Yellow'], error: 'news2Yellow must be below news2Red' });
export type VisitThresholdsUpdate = z.infer<typeof VisitThresholdsUpdateSchema>;

/** GET /api/patients/:id/limits. */
export const PatientLimitsSchema = z.object({
  patient: z.object({ id: z.uuid(), name: z.string() }),
  kinds: z.array(KindLimitsSchema),
  /** When a nurse visit's TOBS/NEWS2 scores turn yellow or red for this patient. */
  visitThresholds: VisitThresholdsSchema,
  /** Whether the signed-in user may change these limits (a clinician on the care team). */
  canEdit: z.boolean(),
});
export type PatientLimits = z.infer<typeof PatientLimitsSchema>;

/** A limit that no real reading can reach is almost always a typo (880 for 88). */
function plausibleRange(rules: LimitRules, component: 'systolic' | 'diastolic' | undefined): Range {
  const plausible = KIND_INFO[rules.kind].plausible;
  if ('min' in plausible) return plausible;
  return plausible[component ?? 'systolic'];
}

const checkPlausible = (rules: LimitRules, ctx: z.RefinementCtx) => {
  rules.absolute.forEach((rule, i) => {
    const range = plausibleRange(rules, rule.component);
    if (rule.value < range.min || rule.value > range.max) {
      ctx.addIssue({ code: 'custom', path: ['absolute', i, 'value'], message: `value must be between ${range.min} and ${range.max} for ${rules.kind} (check for a typo)` });
    }
  });
  for (const list of ['baseline', 'trend'] as const) {
    rules[list].forEach((rule, i) => {
      const range = plausibleRange(rules, rule.component);
      const widest = range.max - range.min;
      if (rule.by > widest) ctx.addIssue({ code: 'custom', path: [list, i, 'by'], message: `by must be at most ${widest} for ${rules.kind} (check for a typo)` });
    });
  }
};

/** Limit rules a clinician sends: the triage schema plus plausible thresholds. */
export const LimitRulesInputSchema = LimitRulesSchema.superRefine(checkPlausible);

/** PUT /api/patients/:id/limits/:kind: a new version of one kind's limits. */
export const LimitUpdateSchema = z.strictObject({
  rules: LimitRulesInputSchema,
  reason: z
    .string({ error: 'reason is required: say why the limits change, e.g. "Kendt lav iltmætning; aftalt med overlægen"' })
    .trim()
    .min(3, { error: 'reason is required: say why the limits change, e.g. "Kendt lav iltmætning; aftalt med overlægen"' })
    .max(500, { error: 'reason must be at most 500 characters' }),
  /** When the new limits take effect; now when left out. Never in the past: earlier readings keep the limits they were assessed with. */
  validFrom: IsoDateTimeSchema.optional(),
  /** The version the editor started from; a 409 tells when someone else changed the limits meanwhile. */
  basedOn: z.uuid({ error: 'basedOn must be the id of the limit version you edited' }).nullable().optional(),
});
export type LimitUpdate = z.infer<typeof LimitUpdateSchema>;

/** POST /api/patients/:id/limits/:kind/preview: what the last 30 days would have looked like. */
export const LimitPreviewRequestSchema = z.strictObject({ rules: LimitRulesInputSchema });
export type LimitPreviewRequest = z.infer<typeof LimitPreviewRequestSchema>;

export const LevelCountsSchema = z.object({
  green: z.number().int(),
  yellow: z.number().int(),
  red: z.number().int(),
  questionable: z.number().int(),
  review: z.number().int(),
});

export const LimitPreviewSchema = z.object({
  kind: MeasurementKindSchema,
  /** Readings evaluated (the window's readings of this kind). */
  readings: z.number().int(),
  /** Under the limits in force now. */
  old: LevelCountsSchema,
  /** Under the proposed limits. */
  new: LevelCountsSchema,
  /** Readings whose level would change, newest first (at most 50). */
  changes: z.array(
    z.object({ measurementId: z.uuid(), measuredAt: IsoDateTimeSchema, value: MeasurementValueSchema, old: TriageLevelSchema, new: TriageLevelSchema }),
  ),
  window: z.object({ days: z.number().int(), from: IsoDateTimeSchema, to: IsoDateTimeSchema }),
});
export type LimitPreview = z.infer<typeof LimitPreviewSchema>;
