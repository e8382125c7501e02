import { z } from 'zod';
import { OrganisationSchema, OrganisationTypeSchema } from './auth.contract';
import { ALERT_OUTCOMES } from './alert.contract';
import { ProgrammeSchema } from './patient.contract';

/** Shown instead of a number of patients from 1 to 4: a group that small could point to a person. */
export const SMALL_GROUP = '< 5';
/** Groups of fewer patients than this are shown as SMALL_GROUP. */
export const SMALL_GROUP_LIMIT = 5;
/** The longest period the dashboard compares, in days (two years). */
export const MAX_DASHBOARD_DAYS = 731;

/** A number of patients, or "< 5" for 1–4 patients. */
export const PatientCountSchema = z.union([z.number().int().nonnegative(), z.literal(SMALL_GROUP)]);
export type PatientCount = z.infer<typeof PatientCountSchema>;

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const isCalendarDate = (text: string) => {
  const at = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === text;
};
const calendarDate = (field: string) =>
  z
    .string({ error: `${field} must be a date as YYYY-MM-DD, e.g. 2026-09-30` })
    .regex(DATE_PATTERN, { error: `${field} must be a date as YYYY-MM-DD, e.g. 2026-09-30` })
    .refine(isCalendarDate, { error: `${field} is not a real calendar date` });

/** A Danish calendar date, YYYY-MM-DD. */
export const CalendarDateSchema = calendarDate('date');

const dayNumber = (text: string) => Date.parse(`${text}T00:00:00Z`) / 86_400_000;

/**
 * GET /api/dashboard and /api/dashboard.csv. `from` and `to` are Danish calendar days, both included
 * (the last 90 days when left out). `partner`: only patients whose care team also holds this
 * organisation. `organisation`: which organisation an administrator looks at (all when left out).
 */
export const DashboardQuerySchema = z
  .object({
    from: calendarDate('from').optional(),
    to: calendarDate('to').optional(),
    programme: z.enum(ProgrammeSchema.options, { error: 'programme must be copd or heart_failure' }).optional(),
    partner: z.uuid({ error: 'partner must be the id of an organisation (a UUID)' }).optional(),
    organisation: z.uuid({ error: 'organisation must be the id of an organisation (a UUID)' }).optional(),
    /** Language of the CSV's labels. */
    lang: z.enum(['da', 'en'], { error: 'lang must be da or en' }).optional(),
  })
  .superRefine((q, ctx) => {
    if (!q.from || !q.to || !isCalendarDate(q.from) || !isCalendarDate(q.to)) return;
    const days = dayNumber(q.to) - dayNumber(q.from) + 1;
    if (days < 1) ctx.addIssue({ code: 'custom', path: ['from'], message: 'from must be on or before to' });
    else if (days > MAX_DASHBOARD_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `to: the period may be at most ${MAX_DASHBOARD_DAYS} days` });
  });
export type DashboardQuery = z.infer<typeof DashboardQuerySchema>;

export const DashboardPeriodSchema = z.object({ from: CalendarDateSchema, to: CalendarDateSchema, days: z.number().int() });
export type DashboardPeriod = z.infer<typeof DashboardPeriodSchema>;

/** Adherence bands of the per-patient distribution: under 50 %, 50–79 %, 80 % or more. */
export const ADHERENCE_BANDS = ['under_50', 'from_50_to_79', 'from_80'] as const;
export type AdherenceBand = (typeof ADHERENCE_BANDS)[number];

const share = z.number().min(0).max(1).nullable();

export const PopulationFiguresSchema = z.object({
  /** Patients enrolled at some time in the period (with the filters). */
  enrolledPatients: PatientCountSchema,
  /** Enrolled in the period. */
  startedPatients: PatientCountSchema,
  /** Their enrolment ended in the period. */
  endedPatients: PatientCountSchema,
  /** Had their schedule paused at some time in the period. */
  pausedPatients: PatientCountSchema,
  /** Days enrolled in the period, summed over patients; a patient-month is 30 of them. */
  patientDays: z.number().int(),
  patientMonths: z.number(),
  adherence: z.object({
    /** Scheduled measurements received out of those expected (paused days expect none); null when none were expected. */
    overall: share,
    expected: z.number().int(),
    received: z.number().int(),
    distribution: z.array(z.object({ band: z.enum(ADHERENCE_BANDS), patients: PatientCountSchema })),
    /** Per patient, lowest first: only for a viewer on these patients' care teams (null otherwise). */
    patients: z.array(z.object({ patientId: z.uuid(), name: z.string(), adherence: share })).nullable(),
  }),
  /** More of their days with readings or answers had a yellow or red one in the second half of the period than in the first (10 points or more, 3+ days in each half). */
  worsenedPatients: PatientCountSchema,
  /** Alerts resolved in the period with the outcome "admitted". */
  admissions: z.number().int(),
  admissionsPer100PatientMonths: z.number().nullable(),
});
export type PopulationFigures = z.infer<typeof PopulationFiguresSchema>;

export const ResponseTimesSchema = z.object({
  alerts: z.number().int(),
  medianMinutes: z.number().nullable(),
  p90Minutes: z.number().nullable(),
  /** By the sector of the organisation whose clinician claimed (or resolved) the alert. */
  bySector: z.array(z.object({ sector: OrganisationTypeSchema, alerts: z.number().int(), medianMinutes: z.number().nullable(), p90Minutes: z.number().nullable() })),
});
export type ResponseTimes = z.infer<typeof ResponseTimesSchema>;

export const QualityFiguresSchema = z.object({
  /** Red alerts opened in the period. */
  redAlerts: z.number().int(),
  /** Red alerts opened in the period: minutes from opening to the first claim. */
  timeToClaim: ResponseTimesSchema,
  /** Red alerts opened in the period and resolved: minutes from opening to resolution. */
  timeToResolution: ResponseTimesSchema,
  /** Escalations to the next organisation in the period. */
  escalations: z.number().int(),
  /** Alerts closed in the period that nobody had claimed (closed by the system or resolved directly). */
  neverClaimed: z.number().int(),
  /** Alerts closed in the period. */
  resolvedAlerts: z.number().int(),
  /** Alerts resolved in the period by the outcome a clinician chose. */
  outcomes: z.object(Object.fromEntries(ALERT_OUTCOMES.map((o) => [o, z.number().int()])) as Record<(typeof ALERT_OUTCOMES)[number], z.ZodNumber>),
  /** The monthly question "Føler du dig inddraget i din behandling?" (1–5). */
  involvement: z.object({ averageScore: z.number().nullable(), answeredPatients: PatientCountSchema, answeredShare: share }),
});
export type QualityFigures = z.infer<typeof QualityFiguresSchema>;

export const ACTION_KINDS = ['claims', 'reviews', 'visits', 'messages', 'consultations'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];
const actionFields = <T extends z.ZodType>(schema: T) => z.object({ claims: schema, reviews: schema, visits: schema, messages: schema, consultations: schema, total: schema });

export const CostFiguresSchema = z.object({
  /** What the organisation's clinicians did for these patients in the period. */
  actions: actionFields(z.number().int()),
  actionsPerPatientMonth: actionFields(z.number().nullable()),
  /** Alerts opened in the period. */
  alerts: z.object({ red: z.number().int(), yellow: z.number().int() }),
  alertsPer100PatientDays: z.object({ red: z.number().nullable(), yellow: z.number().nullable() }),
  /** Per rule, alerts resolved in the period and how many with "no action needed"; most no-action first. */
  noActionByRule: z.array(z.object({ rule: z.string(), resolved: z.number().int(), noAction: z.number().int(), share })),
});
export type CostFigures = z.infer<typeof CostFiguresSchema>;

export const DashboardFiguresSchema = z.object({ population: PopulationFiguresSchema, quality: QualityFiguresSchema, cost: CostFiguresSchema });
export type DashboardFigures = z.infer<typeof DashboardFiguresSchema>;

/** Week by week (Monday starts), for the charts: null where nothing was expected. */
export const DashboardSeriesSchema = z.object({
  weeks: z.array(CalendarDateSchema),
  adherence: z.array(share),
  redClaimMedianMinutes: z.array(z.number().nullable()),
  redPer100PatientDays: z.array(z.number().nullable()),
  yellowPer100PatientDays: z.array(z.number().nullable()),
});
export type DashboardSeries = z.infer<typeof DashboardSeriesSchema>;

/** GET /api/dashboard: the three aims for the period, the same figures for the period before, and weekly series. */
export const DashboardSchema = DashboardFiguresSchema.extend({
  period: DashboardPeriodSchema,
  previousPeriod: DashboardPeriodSchema,
  /** Null: every organisation (an administrator's view). */
  organisation: OrganisationSchema.nullable(),
  filters: z.object({ programme: ProgrammeSchema.nullable(), partner: OrganisationSchema.nullable() }),
  previous: DashboardFiguresSchema,
  series: z.object({ current: DashboardSeriesSchema, previous: DashboardSeriesSchema }),
  generatedAt: z.iso.datetime({ offset: true }),
});
export type Dashboard = z.infer<typeof DashboardSchema>;
