import type { MeasurementReview, Pause, PauseInput, ReviewAllInput, ReviewAllResult, ReviewList, ScheduleView } from '@naer/shared';
import { MAX_PAUSE_DAYS, REVIEWABLE_LEVELS, ScheduleSchema } from '@naer/shared';
import { dueSlots, isPausedAt, latestOverdue } from '@naer/shared/domain';
import type { PauseWindow, ScheduledEnrolment } from '@naer/shared/domain';
import type { Clock } from '../../kernel/clock';
import type { Database } from '../../db/client';
import { ConflictError, NotFoundError, ValidationError } from '../../kernel/errors';
import type { Notifier } from '../../realtime/notifier';
import type { AccessService } from '../access/access.service';
import type { AuditRepository } from '../audit/audit.repository';
import type { Actor } from '../../kernel/actor';
import { toAlert } from '../alerts/alert.mapper';
import { createAlertRepository } from '../alerts/alert.repository';
import type { MonitoringNotifier } from './monitoring.notifier';
import { toPause } from './monitoring.repository';
import type { MonitoringRepository, PauseRow, ReviewRow } from './monitoring.repository';

const DAY_MS = 86_400_000;
/** A pause may start this far back (an admission learnt of late), so its days raise nothing. */
const MAX_PAUSE_BACKDATE_DAYS = 7;
/** The schedule view lists scheduled times this far ahead. */
const SCHEDULE_AHEAD_DAYS = 7;
/** Pauses ended longer ago than this cannot touch the latest overdue slot. */
const PAUSE_LOOKBACK_DAYS = 20;

const fmt = (date: Date) => date.toISOString();
const pauseWindow = (row: PauseRow): PauseWindow => {
  const endsAt = new Date(row.ends_at);
  const cancelledAt = row.cancelled_at === null ? null : new Date(row.cancelled_at);
  return { startsAt: new Date(row.starts_at), endsAt: cancelledAt && cancelledAt < endsAt ? cancelledAt : endsAt };
};

const toReview = (row: ReviewRow): MeasurementReview => ({
  measurementId: row.id,
  reviewedAt: new Date(row.reviewed_at).toISOString(),
  reviewedBy: { id: row.reviewed_by_id, displayName: row.reviewed_by_name },
});

export function createMonitoringService(deps: {
  database: Database;
  monitoring: MonitoringRepository;
  access: AccessService;
  audit: AuditRepository;
  notify: MonitoringNotifier;
  alerts: Notifier;
  clock: Clock;
}) {
  const { database, monitoring, access, audit, notify, alerts, clock } = deps;
  // Only the alerts module writes alerts: a pause that starts now resolves the missing-reading alert through it.
  const alertRows = createAlertRepository(database);

  return {
    /** A patient's pauses, newest first (the access check audits the read). */
    async listPauses(actor: Actor, patientId: string): Promise<Pause[]> {
      await access.checkPatient(actor, patientId, 'read', 'pause');
      const now = clock.now();
      return (await monitoring.listPauses(patientId, 100)).map((row) => toPause(row, now));
    },

    /**
     * Pauses the patient's schedule: no missing-reading alerts in [startsAt, endsAt). A pause that
     * starts now also resolves an open missing-reading alert. Overlapping pauses are refused.
     */
    async createPause(actor: Actor, patientId: string, input: PauseInput): Promise<Pause> {
      const scope = await access.checkPatient(actor, patientId, 'write', 'pause');
      const now = clock.now();
      const startsAt = input.startsAt ? new Date(input.startsAt) : now;
      const endsAt = new Date(input.endsAt);
      if (endsAt <= now) {
        throw new ValidationError('endsAt: lies in the past; choose when monitoring should start again.', [{ path: 'endsAt', message: 'in the past' }]);
      }
      if (startsAt.getTime() < now.getTime() - MAX_PAUSE_BACKDATE_DAYS * DAY_MS) {
        throw new ValidationError(`startsAt: may be at most ${MAX_PAUSE_BACKDATE_DAYS} days ago; choose a later start.`, [{ path: 'startsAt', message: 'too far back' }]);
      }
      if (endsAt.getTime() - startsAt.getTime() > MAX_PAUSE_DAYS * DAY_MS) {
        throw new ValidationError(`endsAt: a pause can last at most ${MAX_PAUSE_DAYS} days; choose an earlier end and extend it later if needed.`, [{ path: 'endsAt', message: 'too long' }]);
      }

      const { pause, closed } = await database.db.transaction(async (tx) => {
        await monitoring.lockPatient(tx, patientId);
        const clash = await monitoring.overlapping(tx, patientId, startsAt, endsAt);
        if (clash) {
          const w = pauseWindow(clash);
          throw new ConflictError(`Monitoring is already paused from ${fmt(w.startsAt)} to ${fmt(w.endsAt)}. Cancel that pause first, or choose a period after it.`);
        }
        const id = await monitoring.insertPause(tx, patientId, { ...input, startsAt: startsAt.toISOString() }, actor.userId, now);
        const resolved = startsAt <= now ? await alertRows.resolveMissingForPause(tx, patientId, id, actor.userId, now) : undefined;
        await audit.record(tx, { actor, patientId, resource: 'pause', action: 'create', details: { pauseId: id, reason: input.reason, startsAt: fmt(startsAt), endsAt: fmt(endsAt), resolvedAlertId: resolved?.id ?? null } }, now);
        const row = await monitoring.findPause(tx, id);
        if (!row) throw new Error('pause vanished inside its own transaction');
        return { pause: row, closed: resolved };
      });

      notify.patientUpdated(scope, 'pause');
      if (closed) alerts.alertChanged(scope, toAlert(closed), false);
      return toPause(pause, now);
    },

    /** Ends a running pause now, or calls off a planned one; cancelling twice answers the same. */
    async cancelPause(actor: Actor, pauseId: string): Promise<Pause> {
      const found = await monitoring.findPause(database.db, pauseId);
      if (!found) throw new NotFoundError('pause', pauseId);
      const scope = await access.checkPatient(actor, found.patient_id, 'write', 'pause');
      const now = clock.now();

      const { row, changed } = await database.db.transaction(async (tx) => {
        const locked = await monitoring.findPause(tx, pauseId, true);
        if (!locked) throw new NotFoundError('pause', pauseId);
        if (locked.cancelled_at !== null) return { row: locked, changed: false };
        if (new Date(locked.ends_at) <= now) throw new ConflictError('This pause has already ended, so there is nothing to cancel.');
        await monitoring.cancelPause(tx, pauseId, now);
        await audit.record(tx, { actor, patientId: locked.patient_id, resource: 'pause', action: 'cancel', details: { pauseId } }, now);
        const updated = await monitoring.findPause(tx, pauseId);
        if (!updated) throw new Error('pause vanished inside its own transaction');
        return { row: updated, changed: true };
      });

      if (changed) notify.patientUpdated(scope, 'pause');
      return toPause(row, now);
    },

    /** Marks one green or questionable reading reviewed; marking it again returns the first review. */
    async review(actor: Actor, measurementId: string): Promise<MeasurementReview> {
      const measurement = await monitoring.findMeasurement(database.db, measurementId);
      if (!measurement) throw new NotFoundError('measurement', measurementId);
      const scope = await access.checkPatient(actor, measurement.patient_id, 'write', 'review');
      if (!(REVIEWABLE_LEVELS as readonly string[]).includes(measurement.triage_level)) {
        throw new ValidationError(
          `This reading is ${measurement.triage_level}: only green and questionable readings are marked reviewed here. Handle a red or yellow reading through its alert (claim it, then resolve it).`,
          [{ path: 'measurementId', message: `a ${measurement.triage_level} reading is handled through its alert` }],
        );
      }
      const now = clock.now();
      const { review, changed } = await database.db.transaction(async (tx) => {
        const marked = await monitoring.markReviewed(tx, { measurementId }, actor.userId, now);
        if (marked.length > 0) await audit.record(tx, { actor, patientId: measurement.patient_id, resource: 'review', action: 'create', details: { measurementIds: marked } }, now);
        const row = await monitoring.findReview(tx, measurementId);
        if (!row) throw new Error('review vanished inside its own transaction');
        return { review: toReview(row), changed: marked.length > 0 };
      });
      if (changed) notify.measurementsReviewed(scope, { measurementIds: [measurementId], reviewedAt: review.reviewedAt, reviewedBy: review.reviewedBy });
      return review;
    },

    /** Marks every unreviewed green and questionable reading received up to `upTo` (default now) reviewed. */
    async reviewAll(actor: Actor, patientId: string, input: ReviewAllInput): Promise<ReviewAllResult> {
      const scope = await access.checkPatient(actor, patientId, 'write', 'review');
      const now = clock.now();
      const requested = input.upTo ? new Date(input.upTo) : now;
      const upTo = requested < now ? requested : now;
      const reviewedBy = { id: actor.userId, displayName: actor.displayName };
      const measurementIds = await database.db.transaction(async (tx) => {
        const marked = await monitoring.markReviewed(tx, { patientId, receivedUpTo: upTo }, actor.userId, now);
        if (marked.length > 0) {
          await audit.record(tx, { actor, patientId, resource: 'review', action: 'create', details: { count: marked.length, upTo: fmt(upTo), measurementIds: marked.slice(0, 200) } }, now);
        }
        return marked;
      });
      if (measurementIds.length > 0) notify.measurementsReviewed(scope, { measurementIds, reviewedAt: fmt(now), reviewedBy });
      return { patientId, measurementIds, reviewedAt: fmt(now), reviewedBy };
    },

    /** Reviews of readings measured since `from`, and how many green or questionable readings still wait. */
    async listReviews(actor: Actor, patientId: string, from: string | undefined): Promise<ReviewList> {
      await access.checkPatient(actor, patientId, 'read', 'measurement');
      const { items, unreviewed } = await monitoring.reviews(patientId, from ? new Date(from) : undefined);
      return { items: items.map(toReview), unreviewed };
    },

    /** The patient's schedules, the next scheduled times, the pause in force and any overdue reading. */
    async schedule(actor: Actor, patientId: string): Promise<ScheduleView> {
      await access.checkPatient(actor, patientId, 'read', 'schedule');
      const now = clock.now();
      const context = await monitoring.scheduleContext(patientId, new Date(now.getTime() - PAUSE_LOOKBACK_DAYS * DAY_MS));
      const pauses = context.pauses.map(pauseWindow);
      const scheduled: ScheduledEnrolment[] = [];
      const enrolments = context.enrolments.map((e) => {
        const parsed = ScheduleSchema.safeParse(e.schedule);
        const enrolledAt = new Date(e.enrolledAt);
        if (parsed.success) scheduled.push({ enrolledAt, schedule: parsed.data });
        return { id: e.id, programme: e.programme as ScheduleView['enrolments'][number]['programme'], enrolledAt: enrolledAt.toISOString(), schedule: parsed.success ? parsed.data : null };
      });
      const horizon = new Date(now.getTime() + SCHEDULE_AHEAD_DAYS * DAY_MS);
      const slots = new Set<string>();
      for (const { enrolledAt, schedule } of scheduled) {
        for (const slot of dueSlots(schedule, enrolledAt, now, horizon)) if (!isPausedAt(pauses, slot)) slots.add(slot.toISOString());
      }
      const latest = context.latest.map((l) => ({ kind: l.kind, measuredAt: new Date(l.measuredAt) }));
      const found = latestOverdue(scheduled, latest, pauses, now);
      const kinds = new Set(scheduled.flatMap((s) => s.schedule.kinds as string[]));
      const times = latest.filter((l) => kinds.has(l.kind)).map((l) => l.measuredAt.getTime());
      const active = context.pauses.find((p) => {
        const w = pauseWindow(p);
        return w.startsAt <= now && now < w.endsAt;
      });
      return {
        patientId,
        enrolments,
        pause: active ? toPause(active, now) : null,
        nextSlots: [...slots].sort(),
        overdue: found ? { slot: found.overdue.slot.toISOString(), deadline: found.overdue.deadline.toISOString() } : null,
        lastReadingAt: times.length > 0 ? new Date(Math.max(...times)).toISOString() : null,
      };
    },
  };
}

export type MonitoringService = ReturnType<typeof createMonitoringService>;
