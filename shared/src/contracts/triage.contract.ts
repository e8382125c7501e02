import { z } from 'zod';
import { LocalizedTextSchema } from './common.contract';

/**
 * Triage level of one evaluated reading: green, yellow, red; questionable when the device flagged
 * it; review when triage could not run (missing limits, an error) and a person must look.
 */
export const TriageLevelSchema = z.enum(['green', 'yellow', 'red', 'questionable', 'review']);
export type TriageLevel = z.infer<typeof TriageLevelSchema>;

/** One reason behind a triage level, with the rule that produced it. */
export const TriageReasonSchema = z.object({
  /** Stable rule code, e.g. `spo2.absolute.red_low`, `body_weight.trend.red`. */
  code: z.string(),
  level: TriageLevelSchema,
  text: LocalizedTextSchema,
});
export type TriageReason = z.infer<typeof TriageReasonSchema>;

export const TriageResultSchema = z.object({
  level: TriageLevelSchema,
  reasons: z.array(TriageReasonSchema),
});
export type TriageResult = z.infer<typeof TriageResultSchema>;
