import { createHash } from 'node:crypto';
import type { MeasurementInput, Visit, VisitInput } from '@naer/shared';
import { DEFAULT_VISIT_THRESHOLDS, alertForTriage, defaultSpo2Scale, scoreNews2, scoreTobs, spo2TargetFromLimits, triageVisit, visitTriageResult } from '@naer/shared/domain';
import type { Database } from '../../db/client';
import type { Actor } from '../../kernel/actor';
import type { Clock } from '../../kernel/clock';
import { ConflictError, NotFoundError, ValidationError } from '../../kernel/errors';
import type { AccessService } from '../access/access.service';
import type { LimitRepository } from '../limits/limit.repository';
import { toAlert } from '../alerts/alert.mapper';
import type { MeasurementRepository } from '../measurements/measurement.repository';
import type { MeasurementService } from '../measurements/measurement.service';
import type { Notifier } from '../../realtime/notifier';
import type { VisitNotifier } from './visit.notifier';
import { toVisit } from './visit.mapper';
import type { VisitRepository, VisitRow } from './visit.repository';
import { VISIT_ALERT_RULE } from './visit.repository';

const FUTURE_TOLERANCE_MS = 5 * 60_000;
const MAX_AGE_MS = 7 * 86_400_000;
const LIST_LIMIT = 100;

/** A reading's id derived from the visit's, so a retried visit replays its readings instead of adding new ones. */
function readingId(visitId: string, kind: string): string {
  const h = createHash('sha256').update(`${visitId}:${kind}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The visit's vital signs as readings of their kinds, entered by the nurse (blood pressure only with a diastolic). */
function readingsOf(patientId: string, input: VisitInput): MeasurementInput[] {
  const base = { patientId, measuredAt: input.measuredAt, source: 'nurse' as const };
  const id = (kind: string) => readingId(input.id, kind);
  return [
    { ...base, id: id('respiratory_rate'), kind: 'respiratory_rate', value: input.respiratoryRate, unit: '/min' },
    { ...base, id: id('spo2'), kind: 'spo2', value: Math.round(input.spo2), unit: '%' },
    ...(input.diastolic === undefined ? [] : [{ ...base, id: id('blood_pressure'), kind: 'blood_pressure', value: { systolic: input.systolic, diastolic: input.diastolic }, unit: 'mm[Hg]' } as const]),
    { ...base, id: id('heart_rate'), kind: 'heart_rate', value: Math.round(input.pulse), unit: '/min' },
    { ...base, id: id('body_temperature'), kind: 'body_temperature', value: input.temperature, unit: 'Cel' },
    { ...base, id: id('consciousness'), kind: 'consciousness', value: input.consciousness, unit: '{level}' },
  ];
}

function payloadHash(patientId: string, input: VisitInput): string {
  const { id, measuredAt, ...signs } = input;
  const ordered = Object.fromEntries(Object.entries(signs).sort(([a], [b]) => a.localeCompare(b)));
  return createHash('sha256').update(JSON.stringify([patientId, id, new Date(measuredAt).toISOString(), ordered])).digest('base64url');
}

export function createVisitService(deps: {
  database: Database;
  visits: VisitRepository;
  measurements: MeasurementService;
  /** The triage context cache: care team and SpO2 limits usually without a round trip. */
  measurementRows: MeasurementRepository;
  /** The patient's tightened visit thresholds, when a clinician set them. */
  limits: LimitRepository;
  access: AccessService;
  notifier: Notifier;
  visitNotifier: VisitNotifier;
  clock: Clock;
}) {
  const { database, visits, measurements, measurementRows, limits, access, notifier, visitNotifier, clock } = deps;

  function checkTime(measuredAt: Date, now: Date): void {
    if (measuredAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
      throw new ValidationError('measuredAt: lies in the future; check the date and the tablet\u2019s clock.', [{ path: 'measuredAt', message: 'in the future' }]);
    }
    if (measuredAt.getTime() < now.getTime() - MAX_AGE_MS) {
      throw new ValidationError('measuredAt: is more than a week old; a visit is recorded on the day.', [{ path: 'measuredAt', message: 'more than a week old' }]);
    }
  }

  return {
    /**
     * Records a visit: scores TOBS and NEWS2, stores every sign as a reading triaged against the patient's
     * limits, and the visit with its early-warning alert, in one transaction; notifies after commit.
     * A retry with the same id and content returns the stored visit (`fresh: false`).
     */
    async record(actor: Actor, patientId: string, input: VisitInput): Promise<{ visit: Visit; fresh: boolean }> {
      const now = clock.now();
      const measuredAt = new Date(input.measuredAt);
      checkTime(measuredAt, now);
      const scope = await access.authorise(actor, patientId, 'write', 'visit');
      const hash = payloadHash(patientId, input);

      const done = await database.db.transaction(async (tx) => {
        // The SpO2 context a reading at this time is triaged against: the care team and the limits then in force.
        const context = await measurementRows.loadTriageContext(tx, patientId, 'spo2', measuredAt, 0, now);
        if (context.version === undefined) throw new NotFoundError('patient', patientId);
        const scale = input.spo2Scale ?? defaultSpo2Scale(spo2TargetFromLimits(context.limit?.rules));
        const signs = { respiratoryRate: input.respiratoryRate, spo2: input.spo2, onOxygen: input.onOxygen, systolic: input.systolic, pulse: input.pulse, temperature: input.temperature, consciousness: input.consciousness };
        const tobs = scoreTobs(signs);
        const news2 = scoreNews2(signs, scale);
        const triage = triageVisit(tobs, news2, (await limits.visitThresholds(tx, patientId)) ?? DEFAULT_VISIT_THRESHOLDS);
        const row: VisitRow = {
          id: input.id, patientId, measuredAt, recordedBy: actor.userId, organisationId: actor.organisation?.id ?? null,
          vitals: { ...signs, diastolic: input.diastolic ?? null }, spo2Scale: scale, tobs: { ...tobs }, news2: { ...news2 }, tobsTotal: tobs.total, news2Total: news2.total,
          triageLevel: triage.level, triageReasons: triage.reasons, payloadHash: hash, createdAt: now,
        };
        const alert = alertForTriage(VISIT_ALERT_RULE, visitTriageResult(triage), context.careTeam, now);
        const audit = { actor, patientId, resource: 'visit', action: 'create', details: { visitId: input.id, tobs: tobs.total, news2: news2.total } };
        const stored = await visits.insert(tx, { row, alert, audit }, now);
        if (!stored.inserted) return { replay: true as const };
        const readings = await measurements.storeIn(tx, actor, readingsOf(patientId, input), now, scope);
        return { replay: false as const, row, alert: stored.alert, readings };
      });

      if (done.replay) {
        const visit = await visits.findById(database.db, input.id);
        if (!visit) throw new NotFoundError('visit', input.id);
        if (visit.payloadHash !== hash || visit.patientId !== patientId) throw new ConflictError(`id: a different visit was already stored with id ${input.id}; generate a new id for a new visit.`);
        return { visit: toVisit(visit), fresh: false };
      }
      // Just written by this actor: who they are is known without reading it back.
      const result = toVisit({ ...done.row, recordedByName: actor.displayName, organisationName: actor.organisation?.name ?? null });
      measurements.notifyStored(done.readings);
      if (done.alert) notifier.alertChanged(scope, toAlert(done.alert), done.alert.raised === true);
      visitNotifier.recorded(scope, result);
      return { visit: result, fresh: true };
    },

    /** The patient's visits, newest first; the access check audits the read. */
    async list(actor: Actor, patientId: string): Promise<{ visits: Visit[] }> {
      const rows = await access.readPatient(actor, patientId, 'visit', () => visits.list(patientId, LIST_LIMIT));
      return { visits: rows.map(toVisit) };
    },
  };
}

export type VisitService = ReturnType<typeof createVisitService>;
