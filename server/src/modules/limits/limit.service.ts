import { MEASUREMENT_KINDS } from '@naer/shared';
import { API } from '@naer/shared/api';
import type { KindLimits, LimitPreview, LimitUpdate, LimitVersion, MeasurementKind, PatientLimits, VisitThresholdsUpdate, VisitThresholdsView } from '@naer/shared';
import { DEFAULT_VISIT_THRESHOLDS, PREVIEW_WINDOW_DAYS, compareLimits, historyWindowDays } from '@naer/shared/domain';
import type { LimitRules } from '@naer/shared/domain';
import type { Database } from '../../db/client';
import { ConflictError, NotFoundError, ValidationError } from '../../kernel/errors';
import type { Clock } from '../../kernel/clock';
import type { AccessService } from '../access/access.service';
import type { PatientScope } from '../../kernel/patient-scope';
import type { AuditRepository } from '../audit/audit.repository';
import type { Actor } from '../../kernel/actor';
import type { LimitRepository, LimitVersionRow, VisitThresholdsRow } from './limit.repository';

const DAY_MS = 86_400_000;
/** Device and server clocks differ a little; a validFrom this far back still counts as "now". */
const PAST_TOLERANCE_MS = 5 * 60_000;
/** Limits may be scheduled up to a year ahead. */
const MAX_AHEAD_MS = 366 * DAY_MS;
/** Changed readings listed in a preview. */
const MAX_CHANGES = 50;

/** Notifies the care team and the patient after a change has been committed. */
export interface LimitNotifier {
  limitsChanged(scope: PatientScope, version: LimitVersion): void;
}

/** Marks each version current, scheduled or past: per kind, newest first, the first not in the future is current. */
function withStatus(rows: LimitVersionRow[], now: Date): LimitVersion[] {
  const current = new Set<MeasurementKind>();
  return rows.map((row) => {
    let status: LimitVersion['status'];
    if (row.validFrom.getTime() > now.getTime()) status = 'scheduled';
    else if (!current.has(row.kind)) {
      status = 'current';
      current.add(row.kind);
    } else status = 'past';
    return {
      id: row.id,
      kind: row.kind,
      rules: row.rules,
      validFrom: row.validFrom.toISOString(),
      setAt: row.createdAt.toISOString(),
      setBy: row.author,
      reason: row.reason,
      status,
    };
  });
}

function thresholdsView(row: VisitThresholdsRow | undefined): VisitThresholdsView {
  const defaults = { ...DEFAULT_VISIT_THRESHOLDS };
  if (!row) return { ...defaults, defaults, setAt: null, setBy: null, reason: null };
  return { news2Red: row.news2Red, news2Yellow: row.news2Yellow, tobsYellow: row.tobsYellow, defaults, setAt: row.setAt.toISOString(), setBy: row.author, reason: row.reason };
}

function kindParam(kind: string): MeasurementKind {
  const found = MEASUREMENT_KINDS.find((k) => k === kind);
  if (!found) throw new ValidationError(`kind: must be one of ${MEASUREMENT_KINDS.join(', ')}.`, [{ path: 'kind', message: 'unknown measurement kind' }]);
  return found;
}

function checkRulesKind(rules: LimitRules, kind: MeasurementKind): void {
  if (rules.kind !== kind) {
    throw new ValidationError(`rules.kind: is ${rules.kind} but you are changing the limits for ${kind}; send rules for ${kind}.`, [{ path: 'rules.kind', message: `must be ${kind}` }]);
  }
}

export function createLimitService(deps: { database: Database; limits: LimitRepository; access: AccessService; audit: AuditRepository; notifier: LimitNotifier; clock: Clock }) {
  const { database, limits, access, audit, notifier, clock } = deps;
  const { db } = database;

  async function current(patientId: string, kind: MeasurementKind, now: Date): Promise<LimitVersion | undefined> {
    return withStatus(await limits.versions(db, patientId, kind), now).find((v) => v.status === 'current');
  }

  return {
    /** Current limits per kind and every earlier version, with who set them, when and why. */
    async list(actor: Actor, patientId: string): Promise<PatientLimits> {
      const now = clock.now();
      const scope = await access.checkPatient(actor, patientId, 'read', 'limits');
      const patient = await limits.findPatient(db, patientId);
      if (!patient) throw new NotFoundError('patient', patientId);
      const [rows, thresholds] = await Promise.all([limits.versions(db, patientId), limits.visitThresholds(db, patientId)]);
      const versions = withStatus(rows, now);
      const kinds: KindLimits[] = MEASUREMENT_KINDS.map((kind) => {
        const history = versions.filter((v) => v.kind === kind);
        return { kind, current: history.find((v) => v.status === 'current') ?? null, history };
      });
      // Editable for the clinicians whose organisation the change endpoint's declaration lets in.
      const needed = API['limits.update'].access.responsibility ?? [];
      return { patient, kinds, visitThresholds: thresholdsView(thresholds), canEdit: actor.role === 'clinician' && needed.some((r) => scope.actingResponsibilities?.includes(r)) };
    },

    /**
     * Saves a new version of one kind's limits (never overwrites), effective from `validFrom` (now by
     * default). A 409 when `basedOn` is not the version in force, i.e. someone else changed it meanwhile.
     */
    async update(actor: Actor, patientId: string, kindText: string, input: LimitUpdate): Promise<LimitVersion> {
      const now = clock.now();
      const kind = kindParam(kindText);
      const scope = await access.checkPatient(actor, patientId, 'write', 'limits');
      checkRulesKind(input.rules, kind);
      let validFrom = input.validFrom ? new Date(input.validFrom) : now;
      if (validFrom.getTime() < now.getTime() - PAST_TOLERANCE_MS) {
        throw new ValidationError('validFrom: lies in the past. Readings already received keep the limits they were assessed with; choose now or a later time.', [
          { path: 'validFrom', message: 'in the past' },
        ]);
      }
      if (validFrom.getTime() > now.getTime() + MAX_AHEAD_MS) {
        throw new ValidationError('validFrom: is more than a year ahead; choose an earlier date.', [{ path: 'validFrom', message: 'more than a year ahead' }]);
      }

      const id = await db.transaction(async (tx) => {
        // One writer per patient at a time, so two clinicians saving at once cannot both pass the basedOn check.
        await limits.lockPatient(tx, patientId);
        const versions = withStatus(await limits.versions(tx, patientId, kind), now);
        const inForce = versions.find((v) => v.status === 'current');
        if (input.basedOn !== undefined && (inForce?.id ?? null) !== input.basedOn) {
          throw new ConflictError('Someone else changed these limits while you were editing. Reload the page, check their change, and make yours again.');
        }
        // Two versions at the same instant would leave "the one in force" undecided: the later save wins by a millisecond.
        if (versions.some((v) => new Date(v.validFrom).getTime() === validFrom.getTime())) validFrom = new Date(validFrom.getTime() + 1);
        const limitId = await limits.insert(tx, { patientId, kind, rules: input.rules, validFrom, setBy: actor.userId, reason: input.reason, createdAt: now });
        await audit.record(tx, { actor, patientId, resource: 'limits', action: 'update', details: { kind, limitId, validFrom: validFrom.toISOString() } }, now);
        return limitId;
      });

      const stored = withStatus(await limits.versions(db, patientId, kind), now).find((v) => v.id === id);
      if (!stored) throw new Error('saved limit version not found');
      notifier.limitsChanged(scope, stored);
      return stored;
    },

    /**
     * Sets the TOBS/NEWS2 totals at which this patient's nurse visits turn yellow or red (the schema lets
     * them only be tightened). Visits already recorded keep the level they were triaged with.
     */
    async updateVisitThresholds(actor: Actor, patientId: string, input: VisitThresholdsUpdate): Promise<VisitThresholdsView> {
      const now = clock.now();
      await access.checkPatient(actor, patientId, 'write', 'limits');
      const { reason, ...thresholds } = input;
      await db.transaction(async (tx) => {
        await limits.lockPatient(tx, patientId);
        const before = await limits.visitThresholds(tx, patientId);
        await limits.saveVisitThresholds(tx, { patientId, ...thresholds, setBy: actor.userId, reason, setAt: now });
        const previous = before ? { news2Red: before.news2Red, news2Yellow: before.news2Yellow, tobsYellow: before.tobsYellow } : { ...DEFAULT_VISIT_THRESHOLDS };
        await audit.record(tx, { actor, patientId, resource: 'limits', action: 'update', details: { visitThresholds: thresholds, previous } }, now);
      });
      return thresholdsView(await limits.visitThresholds(db, patientId));
    },

    /**
     * What-if: the patient's readings of this kind from the last 30 days, re-triaged under the limits
     * in force now and under the proposed ones. Nothing is saved.
     */
    async preview(actor: Actor, patientId: string, kindText: string, rules: LimitRules): Promise<LimitPreview> {
      const now = clock.now();
      const kind = kindParam(kindText);
      await access.checkPatient(actor, patientId, 'read', 'limits_preview');
      checkRulesKind(rules, kind);
      const old = (await current(patientId, kind, now))?.rules;
      const lookback = Math.max(historyWindowDays(rules), old ? historyWindowDays(old) : 0);
      const from = new Date(now.getTime() - (PREVIEW_WINDOW_DAYS + lookback) * DAY_MS);
      const readings = await limits.readings(db, patientId, kind, from, now);
      const result = compareLimits(readings, old, rules, now, PREVIEW_WINDOW_DAYS);
      return {
        kind,
        readings: result.readings,
        old: result.old,
        new: result.new,
        changes: result.changes.slice(0, MAX_CHANGES).map((c) => ({ measurementId: c.id, measuredAt: c.measuredAt.toISOString(), value: c.value, old: c.old, new: c.new })),
        window: { days: result.window.days, from: result.window.from.toISOString(), to: result.window.to.toISOString() },
      };
    },
  };
}

export type LimitService = ReturnType<typeof createLimitService>;
