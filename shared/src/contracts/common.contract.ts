import { z } from 'zod';
import './plain-errors';

/** Largest value of a PostgreSQL int4 column (questionnaire versions). */
export const MAX_VERSION = 2_147_483_647;
/** Largest value of a PostgreSQL bigint column (alert resync cursors). */
export const MAX_BIGINT = 9_223_372_036_854_775_807n;

/** Danish and English text, Danish first. */
export const LocalizedTextSchema = z.object({ da: z.string(), en: z.string() });
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;

/** One bad field or parameter: where, and what is wrong with it. */
export const ErrorDetailSchema = z.object({ path: z.string(), message: z.string() });
export type ErrorDetail = z.infer<typeof ErrorDetailSchema>;

/** The one error body every 4xx/5xx answer uses. */
export const ApiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(ErrorDetailSchema).optional(),
  }),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

export const IsoDateTimeSchema = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time, e.g. 2026-11-22T08:30:00Z' });
