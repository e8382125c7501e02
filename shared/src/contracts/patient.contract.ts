import { z } from 'zod';
import { IsoDateTimeSchema } from './common.contract';
import { AlertSeveritySchema } from './alert.contract';
import { MeasurementKindSchema, MeasurementValueSchema } from './measurement.contract';
import { TriageLevelSchema } from './triage.contract';

export const ProgrammeSchema = z.enum(['copd', 'heart_failure']);
export type Programme = z.infer<typeof ProgrammeSchema>;

export const LatestValueSchema = z.object({
  kind: MeasurementKindSchema,
  value: MeasurementValueSchema,
  unit: z.string(),
  measuredAt: IsoDateTimeSchema,
  level: TriageLevelSchema,
});
export type LatestValue = z.infer<typeof LatestValueSchema>;

/** One row of the clinician's board. */
export const PatientSummarySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  programmes: z.array(ProgrammeSchema),
  /** Most urgent open alert, or green when none is open. */
  status: z.union([AlertSeveritySchema, z.literal('green')]),
  openAlerts: z.number().int(),
  /** Monitoring is paused until then (no missing-reading alerts); null when not paused now. */
  pausedUntil: IsoDateTimeSchema.nullable(),
  /** Messages from the patient or a relative not yet read by anyone of the reader's organisation (see message.repository). */
  unreadMessages: z.number().int(),
  latest: z.array(LatestValueSchema),
  /** The open alerts, most urgent first: what is open and who owns it. */
  open: z.array(
    z.object({
      id: z.uuid(),
      rule: z.string(),
      severity: AlertSeveritySchema,
      status: z.enum(['open', 'claimed']),
      owner: z.string().nullable(),
      organisation: z.string().nullable(),
    }),
  ),
  /** The newest home visit's scores, when there is one. */
  lastVisit: z.object({ measuredAt: IsoDateTimeSchema, tobs: z.number().int(), news2: z.number().int(), level: TriageLevelSchema }).nullable(),
});
export type PatientSummary = z.infer<typeof PatientSummarySchema>;

/** A board row's colour: its most urgent open alert, or green. */
export const BOARD_STATUSES = ['red', 'review', 'yellow', 'missing', 'green'] as const;
export type BoardStatus = (typeof BOARD_STATUSES)[number];

/** Board page size when the client names none: the urgent patients at once, the rest on demand. */
export const BOARD_DEFAULT_LIMIT = 100;

/** `GET /api/patients`: one page of the board, most urgent first (status, then name). */
export const PatientListQuerySchema = z.object({
  limit: z.coerce
    .number({ error: 'limit must be a number' })
    .int({ error: 'limit must be a whole number' })
    .min(1, { error: 'limit must be at least 1' })
    .max(500, { error: 'limit must be at most 500' })
    .default(BOARD_DEFAULT_LIMIT),
  /** Opaque cursor from the previous page's `nextCursor`. */
  cursor: z.string().max(400).optional(),
  /** Search: part of the patient's name (any case), or the start of the patient's id. */
  q: z.string().trim().max(100, { error: 'q must be at most 100 characters' }).optional(),
  /** Only patients in this programme. */
  programme: z.enum(['copd', 'heart_failure'], { error: 'programme must be copd or heart_failure' }).optional(),
  /** Only these colours, comma-separated, e.g. `red,yellow` (green: no open alert). */
  status: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === '') return undefined;
      const list = [...new Set(value.split(',').map((s) => s.trim()))];
      const bad = list.filter((s) => !(BOARD_STATUSES as readonly string[]).includes(s));
      if (bad.length > 0) {
        ctx.addIssue({ code: 'custom', message: `status must be a comma-separated list of ${BOARD_STATUSES.join(', ')}; ${bad.join(', ')} is not one` });
        return z.NEVER;
      }
      return list as BoardStatus[];
    }),
  /** Whose open alerts: mine (claimed by me), organisation (my organisation answers for them), unclaimed (nobody has claimed them). */
  owner: z.enum(['mine', 'organisation', 'unclaimed'], { error: 'owner must be mine, organisation or unclaimed' }).optional(),
  /** Only patients whose care team includes this organisation. */
  organisation: z.uuid({ error: 'organisation must be an organisation id (UUID)' }).optional(),
  /** Only patients whose care team includes an organisation of this sector. */
  sector: z.enum(['hospital', 'gp', 'municipality'], { error: 'sector must be hospital, gp or municipality' }).optional(),
  /** true: only patients with monitoring paused now; false: only those not paused. */
  paused: z.enum(['true', 'false'], { error: 'paused must be true or false' }).optional(),
  /** urgency (most urgent first, then name; the default), name, or latest (newest reading first). */
  sort: z.enum(['urgency', 'name', 'latest'], { error: 'sort must be urgency, name or latest' }).default('urgency'),
});
export type PatientListQuery = z.infer<typeof PatientListQuerySchema>;

/** How many patients the list (after `q`) holds per status, whatever page is shown. */
export const BoardCountsSchema = z.object({
  red: z.number().int(),
  review: z.number().int(),
  yellow: z.number().int(),
  missing: z.number().int(),
  green: z.number().int(),
  total: z.number().int(),
});
export type BoardCounts = z.infer<typeof BoardCountsSchema>;

export const PatientListSchema = z.object({
  items: z.array(PatientSummarySchema),
  /** Pass as `?cursor=` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
  counts: BoardCountsSchema,
});
export type PatientList = z.infer<typeof PatientListSchema>;
