import { createHash } from 'node:crypto';
import type { Measurement, MeasurementInput, TriageResult } from '@naer/shared';
import { KIND_INFO, alertForTriage, evaluateReading, historyWindowDays, toCanonical } from '@naer/shared/domain';
import type { Database, Executor } from '../../db/client';
import { ConflictError, NotFoundError, ValidationError } from '../../kernel/errors';
import type { Clock } from '../../kernel/clock';
import type { Notifier } from '../../realtime/notifier';
import type { AccessService } from '../access/access.service';
import type { PatientScope } from '../../kernel/patient-scope';
import type { Actor } from '../../kernel/actor';
import { toAlert } from '../alerts/alert.mapper';
import type { AlertRow } from '../alerts/alert.mapper';
import { toMeasurement } from './measurement.mapper';
import type { MeasurementRepository, MeasurementRow, TriageContext } from './measurement.repository';

/** Clock skew tolerated between a device and the server. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;
/** Readings older than this are refused: almost certainly a device clock that was never set. */
const MAX_AGE_MS = 365 * 86_400_000;
/** History fetched with the triage context; a longer rule window costs one more query. */
const DEFAULT_HISTORY_DAYS = 7;
/** Writes tried against a cached or fresh context before one is written against the context just read, unchecked. */
const MAX_ATTEMPTS = 3;

interface Attempt {
  patientId: string;
  measuredAt: Date;
  context: TriageContext;
  scope: PatientScope;
  expectedVersion: string | null;
}

interface Outcome {
  measurement: Measurement;
  scope: PatientScope;
  alert: AlertRow | null;
  closed: AlertRow[];
  fresh: boolean;
}

/** Readings stored inside a caller's transaction, and what to announce once it commits. */
export interface StoredReadings {
  measurements: Measurement[];
  outcomes: readonly unknown[];
}

/** Hash of what the client sent (after normalising time), so a replay with other content is caught. */
function payloadHash(patientId: string, input: MeasurementInput): string {
  const { kind, value, unit, source, device, quality } = input;
  const canonical = JSON.stringify([patientId, kind, value, unit, new Date(input.measuredAt).toISOString(), source, device ?? null, quality ?? 'ok']);
  return createHash('sha256').update(canonical).digest('base64url');
}

/** Triage never throws out: an unexpected error becomes a reading a person must review. */
function safeTriage(run: () => TriageResult): TriageResult {
  try {
    return run();
  } catch {
    return { level: 'review', reasons: [{ code: 'triage.error', level: 'review', text: { da: 'Målingen kunne ikke vurderes automatisk og skal ses af en sygeplejerske.', en: 'The reading could not be assessed automatically and must be reviewed by a nurse.' } }] };
  }
}

/** Unreadable stored limits must not stop the reading being kept: triage will flag them for review. */
function safeWindowDays(rules: Parameters<typeof historyWindowDays>[0]): number {
  try {
    return historyWindowDays(rules);
  } catch {
    return 0;
  }
}

export function createMeasurementService(deps: {
  database: Database;
  measurements: MeasurementRepository;
  access: AccessService;
  notifier: Notifier;
  clock: Clock;
}) {
  const { database, measurements, access, notifier, clock } = deps;

  function patientIdFor(actor: Actor, input: MeasurementInput, index: string): string {
    if (actor.role === 'patient' && actor.patientId) return input.patientId ?? actor.patientId;
    if (!input.patientId) {
      throw new ValidationError(`${index}patientId: is required when you enter a reading on a patient's behalf.`, [
        { path: `${index}patientId`, message: 'required when entering on a patient\u2019s behalf' },
      ]);
    }
    return input.patientId;
  }

  function checkTime(input: MeasurementInput, now: Date, index: string): Date {
    const measuredAt = new Date(input.measuredAt);
    const path = `${index}measuredAt`;
    if (measuredAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
      throw new ValidationError(`${path}: lies in the future; check the date and the device's clock.`, [{ path, message: 'in the future' }]);
    }
    if (measuredAt.getTime() < now.getTime() - MAX_AGE_MS) {
      throw new ValidationError(`${path}: is more than a year old; check the date and the device's clock.`, [{ path, message: 'more than a year old' }]);
    }
    return measuredAt;
  }

  /**
   * Stores one reading; `decided` is the access already decided for its patient (a batch decides before
   * its transaction). The context usually comes from this node's cache, so the write is the one round
   * trip; if the patient's context changed meanwhile, the write refuses and the reading is triaged again.
   */
  async function store(executor: Executor, actor: Actor, input: MeasurementInput, index: string, now: Date, decided?: PatientScope): Promise<Outcome> {
    const patientId = patientIdFor(actor, input, index);
    const measuredAt = checkTime(input, now, index);
    let scope = decided;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      let context = await measurements.loadTriageContext(executor, patientId, input.kind, measuredAt, DEFAULT_HISTORY_DAYS, now);
      scope ??= await access.decide(actor, patientId, context.scope, 'write', 'measurement');
      const windowDays = context.limit ? safeWindowDays(context.limit.rules) : 0;
      if (windowDays > DEFAULT_HISTORY_DAYS) context = await measurements.loadTriageContext(executor, patientId, input.kind, measuredAt, windowDays, now);
      // After a few changes in a row (a busy patient on several nodes), write against the context just read, as a plain read-then-write would.
      const expectedVersion = attempt < MAX_ATTEMPTS ? (context.version ?? null) : null;
      const outcome = await attemptStore(executor, actor, input, index, now, { patientId, measuredAt, context, scope, expectedVersion });
      if (outcome) return outcome;
    }
    // The last try writes unchecked: only a patient who no longer exists refuses it.
    throw new NotFoundError('patient', patientId);
  }

  /** One triage and write against `context`; undefined when the patient's context was no longer at `expectedVersion`. */
  async function attemptStore(executor: Executor, actor: Actor, input: MeasurementInput, index: string, now: Date, against: Attempt): Promise<Outcome | undefined> {
    const { patientId, measuredAt, context, scope, expectedVersion } = against;
    const quality = input.quality ?? 'ok';
    const value = toCanonical(input.kind, input.value, input.unit);
    const triage = safeTriage(() => evaluateReading({ kind: input.kind, value, quality, measuredAt }, context.limit?.rules, context.history, now));
    const row: MeasurementRow = {
      id: input.id,
      patientId,
      kind: input.kind,
      value: typeof value === 'number' ? value : value.systolic,
      value2: typeof value === 'number' ? null : value.diastolic,
      unit: KIND_INFO[input.kind].canonicalUnit,
      originalValue: input.value,
      originalUnit: input.unit,
      measuredAt,
      receivedAt: now,
      source: input.source,
      device: input.device ?? null,
      quality,
      enteredBy: actor.userId,
      triageLevel: triage.level,
      triageReasons: triage.reasons,
      limitId: context.limit?.id ?? null,
      payloadHash: payloadHash(patientId, input),
      reviewedAt: null,
      reviewedBy: null,
    };
    const audit = { actor, patientId, resource: 'measurement', action: 'create', details: { measurementId: input.id } };
    const result = await measurements.insert(executor, { row, alert: alertForTriage(input.kind, triage, context.careTeam, now), audit }, now, expectedVersion);
    if (result.stale) return undefined;
    if (result.inserted) return { measurement: toMeasurement(row), scope, alert: result.alert, closed: result.closed, fresh: true };

    const existing = await measurements.findById(executor, input.id);
    if (!existing || existing.payloadHash !== row.payloadHash) {
      throw new ConflictError(`${index}id: a different reading was already stored with id ${input.id}; generate a new id for a new reading.`);
    }
    return { measurement: toMeasurement(existing), scope, alert: null, closed: [], fresh: false };
  }

  function notify(outcomes: Outcome[]): void {
    for (const { measurement, scope, alert, closed, fresh } of outcomes) {
      if (!fresh) continue;
      notifier.measurementReceived(scope, measurement);
      if (alert) notifier.alertChanged(scope, toAlert(alert), alert.raised === true);
      for (const done of closed) notifier.alertChanged(scope, toAlert(done), false);
    }
  }

  return {
    /**
     * Stores readings for one patient inside the caller's transaction (access already decided as `scope`);
     * the caller passes the result to `notifyStored` after its commit. Replays return the stored records.
     */
    async storeIn(executor: Executor, actor: Actor, inputs: MeasurementInput[], now: Date, scope: PatientScope): Promise<StoredReadings> {
      const outcomes: Outcome[] = [];
      for (const [i, input] of inputs.entries()) outcomes.push(await store(executor, actor, input, `measurements.${i}.`, now, scope));
      return { measurements: outcomes.map((o) => o.measurement), outcomes };
    },

    notifyStored(stored: StoredReadings): void {
      notify(stored.outcomes as Outcome[]);
    },

    /** Stores one reading (one atomic statement), then notifies. A replay returns the stored record. */
    async submitOne(actor: Actor, input: MeasurementInput): Promise<Measurement> {
      const outcome = await store(database.db, actor, input, '', clock.now());
      notify([outcome]);
      return outcome.measurement;
    },

    /** Stores a batch all-or-nothing in one transaction, then notifies. */
    async submitBatch(actor: Actor, inputs: MeasurementInput[]): Promise<Measurement[]> {
      const now = clock.now();
      // Access is decided before the transaction: a refusal's audit record must not roll back with the batch.
      const patientIds = inputs.map((input, i) => patientIdFor(actor, input, `measurements.${i}.`));
      const scopes = new Map<string, PatientScope>();
      for (const patientId of new Set(patientIds)) scopes.set(patientId, await access.authorise(actor, patientId, 'write', 'measurement'));
      const outcomes = await database.db.transaction(async (tx) => {
        const stored: Outcome[] = [];
        for (const [i, input] of inputs.entries()) stored.push(await store(tx, actor, input, `measurements.${i}.`, now, scopes.get(patientIds[i] ?? '')));
        return stored;
      });
      notify(outcomes);
      return outcomes.map((o) => o.measurement);
    },

    /** One page of a patient's readings as JSON texts (built by the database); the access check audits the read. */
    async list(actor: Actor, patientId: string, q: { from?: string | undefined; to?: string | undefined; kind?: MeasurementInput['kind'] | undefined; limit: number; cursor?: string | undefined }) {
      const after = q.cursor ? decodeCursor(q.cursor) : undefined;
      const rows = await access.readPatient(actor, patientId, 'measurement', () =>
        measurements.listJson(patientId, {
          from: q.from ? new Date(q.from) : undefined,
          to: q.to ? new Date(q.to) : undefined,
          kind: q.kind,
          limit: q.limit + 1,
          after,
        }),
      );
      const page = rows.slice(0, q.limit);
      const last = page.at(-1);
      return { itemsJson: page.map((row) => row.json), nextCursor: rows.length > q.limit && last ? encodeCursor(last) : null, patientId };
    },
  };
}

export type MeasurementService = ReturnType<typeof createMeasurementService>;

const encodeCursor = (row: { measuredAt: string; id: string }) => Buffer.from(`${row.measuredAt}|${row.id}`).toString('base64url');

function decodeCursor(cursor: string): { measuredAt: Date; id: string } {
  const [time, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const measuredAt = new Date(time ?? '');
  if (!id || Number.isNaN(measuredAt.getTime())) throw new ValidationError('cursor: is not a cursor from an earlier page; start again without it.', [{ path: 'cursor', message: 'unknown cursor' }]);
  return { measuredAt, id };
}
