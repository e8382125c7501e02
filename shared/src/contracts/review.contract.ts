import { z } from 'zod';
import { IsoDateTimeSchema } from './common.contract';
import type { TriageLevel } from './triage.contract';

/** Readings a clinician marks reviewed one by one or all at once; red and yellow are handled through their alert. */
export const REVIEWABLE_LEVELS = ['green', 'questionable'] as const satisfies readonly TriageLevel[];

export const ReviewerSchema = z.object({ id: z.uuid(), displayName: z.string() });
export type Reviewer = z.infer<typeof ReviewerSchema>;

/** Who marked a reading reviewed, and when. */
export const MeasurementReviewSchema = z.object({
  measurementId: z.uuid(),
  reviewedAt: IsoDateTimeSchema,
  reviewedBy: ReviewerSchema,
});
export type MeasurementReview = z.infer<typeof MeasurementReviewSchema>;

/** `POST /api/patients/:id/measurements/review-all`: every unreviewed green or questionable reading received up to `upTo` (default now). */
export const ReviewAllInputSchema = z.strictObject({
  /** The newest reading the clinician saw; later arrivals stay unreviewed. */
  upTo: IsoDateTimeSchema.optional(),
});
export type ReviewAllInput = z.infer<typeof ReviewAllInputSchema>;

export const ReviewAllResultSchema = z.object({
  patientId: z.uuid(),
  /** Readings this call marked (already-reviewed ones are left as they were). */
  measurementIds: z.array(z.uuid()),
  reviewedAt: IsoDateTimeSchema,
  reviewedBy: ReviewerSchema,
});
export type ReviewAllResult = z.infer<typeof ReviewAllResultSchema>;

/** `GET /api/patients/:id/reviews?from=`: reviews of readings measured since `from`, and how many still wait. */
export const ReviewListQuerySchema = z.object({
  from: IsoDateTimeSchema.optional(),
});

export const ReviewListSchema = z.object({
  items: z.array(MeasurementReviewSchema),
  /** Green and questionable readings not yet reviewed (all time). */
  unreviewed: z.number().int(),
});
export type ReviewList = z.infer<typeof ReviewListSchema>;
