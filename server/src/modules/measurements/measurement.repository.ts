import { eq, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { MeasurementKind, MeasurementValue } from '@naer/shared';
import type { AlertBreach, CareTeamEntry, LimitRules } from '@naer/shared/domain';
import { param as v } from '../../db/client';
import type { Database, Executor } from '../../db/client';
import { jsonObjectText } from '../../db/json-text';
import { measurements } from '../../db/schema';
import type { PatientScope } from '../../kernel/patient-scope';
import type { AuditEntry } from '../audit/audit.repository';
import { auditRow } from '../audit/audit.repository';
import type { AlertRow } from '../alerts/alert.mapper';
import { submissionAlertCtes } from '../alerts/alert.sql';
import { careTeamJson } from '../patients/care-team.repository';
import { createTriageContextCache, limitAt } from './triage-context.cache';
import type { ContextEntry, TriageContextCache } from './triage-context.cache';

export type MeasurementRow = typeof measurements.$inferSelect;

/** Everything triage needs about one reading's patient, fetched in one round trip. */
export interface TriageContext {
  /** The patient's context version it was read at (undefined: no such patient). */
  version: string | undefined;
  scope: PatientScope | undefined;
  careTeam: CareTeamEntry[];
  limit: { id: string; rules: LimitRules } | undefined;
  history: Array<{ value: MeasurementValue; measuredAt: Date }>;
}

export interface NewMeasurement {
  row: MeasurementRow;
  /** The alert to open or update (routed to an organisation), or undefined for a reading that needs none. */
  alert: AlertBreach | undefined;
  audit: AuditEntry;
}

const iso = (date: Date) => date.toISOString();
const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

/** A timestamp as JavaScript's toISOString() writes it (UTC, milliseconds, Z). */
const isoText = (column: SQL) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The public Measurement (shared MeasurementSchema) built by PostgreSQL for history pages: the
 * same allow-list as toMeasurement() in measurement.mapper.ts, and a test holds the two equal.
 */
const MEASUREMENT_JSON = jsonObjectText({
  id: ['string', sql`id`],
  patientId: ['string', sql`patient_id`],
  kind: ['string', sql`kind`],
  value: ['json', sql`case when value2 is null then value::text else ${jsonObjectText({ systolic: ['json', sql`value`], diastolic: ['json', sql`value2`] })} end`],
  unit: ['json', sql`to_json(unit)`],
  original: ['json', jsonObjectText({ value: ['json', sql`original_value`], unit: ['json', sql`to_json(original_unit)`] })],
  measuredAt: ['string', isoText(sql`measured_at`)],
  receivedAt: ['string', isoText(sql`received_at`)],
  source: ['string', sql`source`],
  device: ['json', sql`device`],
  quality: ['string', sql`quality`],
  enteredBy: ['string', sql`entered_by`],
  triage: ['json', jsonObjectText({ level: ['string', sql`triage_level`], reasons: ['json', sql`triage_reasons`] })],
  limitId: ['string', sql`limit_id`],
});

const valueOf = (value: number, value2: number | null): MeasurementValue => (value2 === null ? value : { systolic: value, diastolic: value2 });

const epochMs = (column: SQL) => sql`(extract(epoch from ${column}) * 1000)::bigint`;

/**
 * The patient's triage context for one kind, as the per-node cache keeps it: the version it was read
 * at, the care team, every limit version of the kind, and the good readings of the kind since `from`,
 * each as [value, value2, epoch ms] (the smallest JSON PostgreSQL can write for them).
 */
const TRIAGE_CONTEXT = sql`
  select p.id, p.context_version::text as version,
    ${careTeamJson(sql`p.id`)} as care_team,
    (select json_agg(json_build_array(l.id, l.rules, ${epochMs(sql`l.valid_from`)}, ${epochMs(sql`l.created_at`)}) order by l.valid_from desc, l.created_at desc)
       from patient_limits l where l.patient_id = p.id and l.kind = ${v('kind')}::measurement_kind) as limits,
    (select ('[' || string_agg(concat('[', m.value, ',', coalesce(m.value2::text, 'null'), ',', ${epochMs(sql`m.measured_at`)}, ']'), ',' order by m.measured_at) || ']')::json
       from measurements m
      where m.patient_id = p.id and m.kind = ${v('kind')}::measurement_kind and m.measured_at >= ${v('from')}::timestamptz and m.quality = 'ok') as history
  from patients p
  where p.id = ${v('patientId')}::uuid`;

/**
 * Stores the reading, keeps the latest value, opens or updates the alert (when `hasAlert`), closes
 * a missing-reading alert and writes the audit record in ONE statement: atomic, one round trip.
 */
const INSERT_MEASUREMENT = sql`
  with bump as (
    -- The context the reading was triaged against must still be the patient's; any write that changes it bumps the version.
    update patients set context_version = context_version + 1
     where id = ${v('patientId')}::uuid and (${v('expectedVersion')}::bigint is null or context_version = ${v('expectedVersion')}::bigint)
    returning context_version
  ),
  ins as (
    insert into measurements (id, patient_id, kind, value, value2, unit, original_value, original_unit, measured_at, received_at,
                              source, device, quality, entered_by, triage_level, triage_reasons, limit_id, payload_hash)
    select ${v('id')}::uuid, ${v('patientId')}::uuid, ${v('kind')}::measurement_kind, ${v('value')}::double precision, ${v('value2')}::double precision, ${v('unit')}::text,
            ${v('originalValue')}::jsonb, ${v('originalUnit')}::text, ${v('measuredAt')}::timestamptz, ${v('now')}::timestamptz,
            ${v('source')}::measurement_source, ${v('device')}::jsonb, ${v('quality')}::measurement_quality, ${v('enteredBy')}::uuid,
            ${v('triageLevel')}::triage_level, ${v('triageReasons')}::jsonb, ${v('limitId')}::uuid, ${v('payloadHash')}::text
     where exists (select 1 from bump)
    on conflict (id) do nothing
    returning id
  ),
  latest as (
    insert into latest_measurements (patient_id, kind, measurement_id, value, value2, unit, measured_at, level)
    select ${v('patientId')}::uuid, ${v('kind')}::measurement_kind, ins.id, ${v('value')}::double precision, ${v('value2')}::double precision, ${v('unit')}::text,
           ${v('measuredAt')}::timestamptz, ${v('triageLevel')}::triage_level from ins
    on conflict (patient_id, kind) do update set
      measurement_id = excluded.measurement_id, value = excluded.value, value2 = excluded.value2,
      unit = excluded.unit, measured_at = excluded.measured_at, level = excluded.level
    where latest_measurements.measured_at <= excluded.measured_at
  ),
  ${submissionAlertCtes({
    from: sql`ins where ${v('hasAlert')}::boolean`,
    patientId: v('patientId'),
    rule: v('rule'),
    severity: v('severity'),
    reasons: v('reasons'),
    at: v('now'),
    responsibleOrgId: v('responsibleOrgId'),
    claimDueAt: v('claimDueAt'),
    lastMeasurementId: sql`ins.id`,
    actorId: v('enteredBy'),
    eventData: sql`jsonb_build_object('measurementId', ${v('id')}::text, 'severity', ${v('severity')}::text)`,
    // A reading arriving closes the patient's missing-reading alert.
    closesMissing: { when: sql`exists (select 1 from ins)`, eventData: sql`jsonb_build_object('measurementId', ${v('id')}::text, 'outcome', 'reading_received')` },
  })},
  audit as (
    insert into audit_log (at, user_id, role, organisation_id, patient_id, resource, action, outcome, ip, details)
    select ${v('auditAt')}::timestamptz, ${v('auditUserId')}::uuid, ${v('auditRole')}::text, ${v('auditOrgId')}::uuid, ${v('patientId')}::uuid,
           ${v('auditResource')}::text, ${v('auditAction')}::text, ${v('auditOutcome')}::text, ${v('auditIp')}::text, ${v('auditDetails')}::jsonb from ins
  )
  select exists (select 1 from ins) as inserted, (select context_version::text from bump) as version,
         (select row_to_json(alert) from alert) as alert, (select json_agg(closed) from closed) as closed`;

type TriageContextRow = {
  id: string;
  version: string;
  care_team: CareTeamEntry[] | null;
  limits: Array<[id: string, rules: LimitRules, validFromMs: number, createdAtMs: number]> | null;
  history: Array<[value: number, value2: number | null, measuredAtMs: number]> | null;
};

/** Days of history read into the cache at least: a week's baseline and a few days' trend, with room. */
const CACHED_DAYS = 14;
const DAY_MS = 86_400_000;

export function createMeasurementRepository(database: Database, cache: TriageContextCache = createTriageContextCache()) {
  const triageContext = database.statement<TriageContextRow>(TRIAGE_CONTEXT);

  const contextOf = (patientId: string, c: { version: string; careTeam: CareTeamEntry[]; limit: TriageContext['limit']; history: TriageContext['history'] }): TriageContext => ({
    version: c.version,
    scope: { id: patientId, careTeamOrgIds: c.careTeam.map((m) => m.organisationId) },
    careTeam: c.careTeam,
    limit: c.limit,
    history: c.history,
  });
  // One statement per combination of filters, built on first use (16 at most), so a page is never rebuilt.
  const historyPages = new Map<string, (values: Record<string, unknown>) => Promise<Array<{ id: string; measuredAt: string; json: string }>>>();
  const historyPage = (filters: Record<'kind' | 'from' | 'to' | 'after', boolean>) => {
    const key = JSON.stringify(filters);
    let statement = historyPages.get(key);
    if (!statement) {
      const conditions = [sql`patient_id = ${v('patientId')}::uuid`];
      if (filters.kind) conditions.push(sql`kind = ${v('kind')}::measurement_kind`);
      if (filters.from) conditions.push(sql`measured_at >= ${v('from')}::timestamptz`);
      if (filters.to) conditions.push(sql`measured_at <= ${v('to')}::timestamptz`);
      if (filters.after) conditions.push(sql`(measured_at, id) < (${v('afterAt')}::timestamptz, ${v('afterId')}::uuid)`);
      statement = database.statement(sql`
        select id, ${isoText(sql`measured_at`)} as "measuredAt", ${MEASUREMENT_JSON} as json
          from measurements where ${sql.join(conditions, sql` and `)}
         order by measured_at desc, id desc limit ${v('limit')}::int`);
      historyPages.set(key, statement);
    }
    return statement;
  };

  const insertMeasurement = database.statement<{ inserted: boolean; version: string | null; alert: AlertRow | null; closed: AlertRow[] | null }>(INSERT_MEASUREMENT);
  return {
    /**
     * Care team, the limit in force at `measuredAt`, and the preceding `historyDays` of the same kind,
     * with the version they belong to: from this node's cache when it covers them (no round trip), else read.
     */
    async loadTriageContext(executor: Executor, patientId: string, kind: MeasurementKind, measuredAt: Date, historyDays: number, now: Date): Promise<TriageContext> {
      const cached = cache.get(patientId, kind, measuredAt, historyDays);
      if (cached) return contextOf(patientId, cached);
      const from = Math.min(measuredAt.getTime(), now.getTime()) - Math.max(historyDays, CACHED_DAYS) * DAY_MS;
      const [row] = await triageContext({ patientId, kind, from: iso(new Date(from)) }, executor);
      if (!row) return { version: undefined, scope: undefined, careTeam: [], limit: undefined, history: [] };
      const entry: ContextEntry = {
        careTeam: row.care_team ?? [],
        limits: (row.limits ?? []).map(([id, rules, validFrom, createdAt]) => ({ id, rules, validFrom: Number(validFrom), createdAt: Number(createdAt) })),
        history: (row.history ?? []).map(([value, value2, at]) => ({ value: valueOf(value, value2), measuredAt: new Date(Number(at)) })),
        from,
      };
      cache.put(patientId, kind, row.version, entry);
      const at = measuredAt.getTime();
      const window = at - historyDays * DAY_MS;
      return contextOf(patientId, {
        version: row.version,
        careTeam: entry.careTeam,
        limit: limitAt(entry.limits, measuredAt),
        history: entry.history.filter((h) => h.measuredAt.getTime() >= window && h.measuredAt.getTime() < at),
      });
    },

    /**
     * Runs INSERT_MEASUREMENT if the patient's context is still at `expectedVersion` (null: whatever it
     * is). `stale`: it moved on, nothing was written, read the context again. `inserted: false`: a replay.
     */
    async insert(executor: Executor, m: NewMeasurement, now: Date, expectedVersion: string | null): Promise<{ inserted: boolean; stale: boolean; alert: AlertRow | null; closed: AlertRow[] }> {
      const r = m.row;
      const a = m.alert;
      const audit = auditRow(m.audit, now);
      const [row] = await insertMeasurement(
        {
          id: r.id, patientId: r.patientId, kind: r.kind, value: r.value, value2: r.value2, unit: r.unit,
          originalValue: json(r.originalValue), originalUnit: r.originalUnit, measuredAt: iso(r.measuredAt), now: iso(now),
          source: r.source, device: json(r.device), quality: r.quality, enteredBy: r.enteredBy, triageLevel: r.triageLevel,
          triageReasons: json(r.triageReasons), limitId: r.limitId, payloadHash: r.payloadHash,
          hasAlert: a !== undefined, rule: a?.rule ?? '', severity: a?.severity ?? null, reasons: json(a?.reasons ?? []),
          responsibleOrgId: a?.responsibleOrgId ?? null, claimDueAt: a?.claimDueAt ? iso(a.claimDueAt) : null,
          auditAt: iso(audit.at), auditUserId: audit.userId, auditRole: audit.role, auditOrgId: audit.organisationId,
          auditResource: audit.resource, auditAction: audit.action, auditOutcome: audit.outcome, auditIp: audit.ip, auditDetails: json(audit.details),
          expectedVersion,
        },
        executor,
      );
      const version = row?.version ?? null;
      if (version === null) {
        cache.forget(r.patientId);
        return { inserted: false, stale: true, alert: null, closed: [] };
      }
      const inserted = row?.inserted ?? false;
      cache.wrote(r.patientId, r.kind, expectedVersion, version, inserted && r.quality === 'ok' ? { value: valueOf(r.value, r.value2), measuredAt: r.measuredAt } : undefined);
      return { inserted, stale: false, alert: row?.alert ?? null, closed: row?.closed ?? [] };
    },

    async findById(executor: Executor, id: string): Promise<MeasurementRow | undefined> {
      const [row] = await executor.select().from(measurements).where(eq(measurements.id, id)).limit(1);
      return row;
    },

    /**
     * One page of a patient's readings, newest first, keyed on (measuredAt, id): each already as
     * the public Measurement's JSON text (MEASUREMENT_JSON), which the route sends as it is.
     */
    async listJson(
      patientId: string,
      q: { from?: Date | undefined; to?: Date | undefined; kind?: MeasurementKind | undefined; limit: number; after?: { measuredAt: Date; id: string } | undefined },
    ): Promise<Array<{ id: string; measuredAt: string; json: string }>> {
      const filters = { kind: q.kind !== undefined, from: q.from !== undefined, to: q.to !== undefined, after: q.after !== undefined };
      return historyPage(filters)({
        patientId,
        kind: q.kind,
        from: q.from && iso(q.from),
        to: q.to && iso(q.to),
        afterAt: q.after && iso(q.after.measuredAt),
        afterId: q.after?.id,
        limit: q.limit,
      });
    },
  };
}

export type MeasurementRepository = ReturnType<typeof createMeasurementRepository>;

