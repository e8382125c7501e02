import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { BoardCounts, BoardStatus, LatestValue, PatientSummary, Programme, TriageLevel } from '@naer/shared';
import { ALERT_SEVERITY_ORDER } from '@naer/shared/domain';
import type { Database } from '../../db/client';
import { ValidationError } from '../../kernel/errors';
import type { Actor } from '../../kernel/actor';
import { severityRank } from '../alerts/alert.sql';
import { unreadMessagesCount } from '../messages/message.repository';

/** Status rank inside SQL (1 red … 4 missing, ALERT_SEVERITY_ORDER); a patient with no open alert ranks GREEN_RANK. */
const GREEN_RANK = 99;

/** Position after the last row of a page: the board's sort key (urgency: status rank; latest: newest reading's time in ms, negated; name: 0), name, id. */
export interface BoardCursor {
  rank: number;
  name: string;
  id: string;
}

/** The board's filters and order (PatientListQuery without paging); each filter narrows the list. */
export interface BoardFilters {
  search?: string | undefined;
  programme?: Programme | undefined;
  status?: BoardStatus[] | undefined;
  owner?: 'mine' | 'organisation' | 'unclaimed' | undefined;
  organisation?: string | undefined;
  sector?: 'hospital' | 'gp' | 'municipality' | undefined;
  paused?: 'true' | 'false' | undefined;
  sort?: 'urgency' | 'name' | 'latest' | undefined;
}

export interface BoardPage {
  items: PatientSummary[];
  next: BoardCursor | null;
  counts: BoardCounts;
}

interface SummaryRow {
  id: string;
  name: string;
  rank: number;
  open: PatientSummary['open'] | null;
  last_visit: { measuredAt: string; tobs: number; news2: number; level: TriageLevel } | null;
  programmes: string[] | null;
  latest: Array<{ kind: LatestValue['kind']; value: number; value2: number | null; unit: string; measuredAt: string; level: TriageLevel }> | null;
  open_alerts: number | null;
  unread_messages: number | null;
  paused_until: string | null;
}

/** Per-row details of the rows aliased `p` (already cut to one page): each an index lookup on a small table. */
function detailColumns(actor: Actor, now: Date): SQL {
  const at = now.toISOString();
  return sql`
      (select array_agg(e.programme::text order by e.programme) from enrolments e where e.patient_id = p.id and e.ended_at is null) as programmes,
      (select json_agg(json_build_object('kind', l.kind, 'value', l.value, 'value2', l.value2, 'unit', l.unit,
                                         'measuredAt', l.measured_at, 'level', l.level) order by l.kind)
         from latest_measurements l where l.patient_id = p.id) as latest,
      ${unreadMessagesCount(actor)} as unread_messages,
      (select json_agg(json_build_object('id', a.id, 'rule', a.rule, 'severity', a.severity, 'status', a.status,
                                         'owner', (select u.display_name from users u where u.id = a.owner_id),
                                         'organisation', (select o.name from organisations o where o.id = a.responsible_org_id))
                       order by ${severityRank(sql`a.severity`)}, a.opened_at)
         from alerts a where a.patient_id = p.id and a.status <> 'resolved') as open,
      (select json_build_object('measuredAt', v.measured_at, 'tobs', v.tobs_total, 'news2', v.news2_total, 'level', v.triage_level)
         from visits v where v.patient_id = p.id order by v.measured_at desc limit 1) as last_visit,
      (select max(least(mp.ends_at, coalesce(mp.cancelled_at, mp.ends_at))) from monitoring_pauses mp
         where mp.patient_id = p.id and mp.starts_at <= ${at}::timestamptz
           and least(mp.ends_at, coalesce(mp.cancelled_at, mp.ends_at)) > ${at}::timestamptz) as paused_until`;
}

/** Whose board: one organisation's care-team patients, or (administrators) every patient. */
export type BoardScope = { organisationId: string } | 'all';

/** `patientId` is on the scope's board: a primary-key lookup in care_team_members per row. */
function onBoard(scope: BoardScope, patientId: SQL): SQL {
  if (scope === 'all') return sql`true`;
  return sql`exists (select 1 from care_team_members c where c.patient_id = ${patientId} and c.organisation_id = ${scope.organisationId}::uuid)`;
}

/** Open alerts per patient: count and most urgent rank. Reads the partial open-alerts index only. */
const openAlerts = (where: SQL) => sql`
  select a.patient_id, count(*)::int as open_alerts,
         min(${severityRank(sql`a.severity`)}) as worst
    from alerts a
   where a.status <> 'resolved' and ${where}
   group by a.patient_id`;

const STATUS_RANK: Record<BoardStatus, number> = { red: 1, review: 2, yellow: 3, missing: 4, green: GREEN_RANK };

/** The paused-now test for the patient `p`. */
const pausedNow = (at: string) => sql`exists (select 1 from monitoring_pauses mp where mp.patient_id = p.id and mp.starts_at <= ${at}::timestamptz
  and least(mp.ends_at, coalesce(mp.cancelled_at, mp.ends_at)) > ${at}::timestamptz)`;

/** Every filter but colour, over the patient `p` (colour is applied after the counts, so the counts show what each colour would add). */
function boardFilter(f: BoardFilters, actor: Actor, now: Date): SQL {
  const parts: SQL[] = [searchFilter(f.search)];
  if (f.programme) parts.push(sql`exists (select 1 from enrolments e where e.patient_id = p.id and e.ended_at is null and e.programme = ${f.programme})`);
  if (f.organisation) parts.push(sql`exists (select 1 from care_team_members c where c.patient_id = p.id and c.organisation_id = ${f.organisation}::uuid)`);
  if (f.sector) {
    parts.push(sql`exists (select 1 from care_team_members c join organisations o on o.id = c.organisation_id where c.patient_id = p.id and o.type = ${f.sector})`);
  }
  if (f.paused) parts.push(f.paused === 'true' ? pausedNow(now.toISOString()) : sql`not ${pausedNow(now.toISOString())}`);
  if (f.owner === 'mine') parts.push(sql`exists (select 1 from alerts a where a.patient_id = p.id and a.status = 'claimed' and a.owner_id = ${actor.userId}::uuid)`);
  if (f.owner === 'unclaimed') parts.push(sql`exists (select 1 from alerts a where a.patient_id = p.id and a.status = 'open')`);
  if (f.owner === 'organisation') {
    const org = actor.organisation?.id ?? null;
    parts.push(sql`exists (select 1 from alerts a left join users u on u.id = a.owner_id
                            where a.patient_id = p.id and a.status <> 'resolved'
                              and (a.responsible_org_id = ${org}::uuid or u.organisation_id = ${org}::uuid))`);
  }
  return sql.join(parts, sql` and `);
}

/** The sort key of a listed row `l` (see BoardCursor). */
function sortKey(sort: BoardFilters['sort']): SQL {
  if (sort === 'name') return sql`0`;
  if (sort === 'latest') {
    return sql`coalesce(-(select (extract(epoch from max(lm.measured_at)) * 1000)::bigint from latest_measurements lm where lm.patient_id = p.id), 0)`;
  }
  return sql`coalesce(o.worst, ${GREEN_RANK})`;
}

/** `q` as a filter: part of the name in any case, or the start of the patient id. */
function searchFilter(q: string | undefined): SQL {
  if (!q) return sql`true`;
  const escaped = q.replace(/[\\%_]/g, (c) => `\\${c}`);
  return sql`(p.name ilike ${`%${escaped}%`} or p.id::text like ${`${escaped.toLowerCase()}%`})`;
}

function toSummary(row: SummaryRow): PatientSummary {
  return {
    id: row.id,
    name: row.name,
    programmes: (row.programmes ?? []) as Programme[],
    status: ALERT_SEVERITY_ORDER[row.rank - 1] ?? 'green',
    openAlerts: row.open_alerts ?? 0,
    pausedUntil: row.paused_until ? new Date(row.paused_until).toISOString() : null,
    unreadMessages: row.unread_messages ?? 0,
    open: row.open ?? [],
    lastVisit: row.last_visit ? { ...row.last_visit, measuredAt: new Date(row.last_visit.measuredAt).toISOString() } : null,
    latest: (row.latest ?? []).map((l) => ({
      kind: l.kind,
      value: l.value2 === null ? l.value : { systolic: l.value, diastolic: l.value2 },
      unit: l.unit,
      measuredAt: new Date(l.measuredAt).toISOString(),
      level: l.level,
    })),
  };
}

function toCounts(byRank: Record<string, number> | null): BoardCounts {
  const n = (rank: number) => byRank?.[String(rank)] ?? 0;
  const counts = { red: n(1), review: n(2), yellow: n(3), missing: n(4), green: n(GREEN_RANK) };
  return { ...counts, total: counts.red + counts.review + counts.yellow + counts.missing + counts.green };
}

export const encodeBoardCursor = (c: BoardCursor) => Buffer.from(JSON.stringify([c.rank, c.name, c.id])).toString('base64url');

export function decodeBoardCursor(cursor: string): BoardCursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (Array.isArray(value) && value.length === 3) {
      const [rank, name, id] = value as unknown[];
      if (Number.isInteger(rank) && typeof name === 'string' && typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id)) return { rank: rank as number, name, id };
    }
  } catch {
    // Falls through to the error below.
  }
  throw new ValidationError('cursor: is not a cursor from an earlier page of the board; start again without it.', [{ path: 'cursor', message: 'unknown cursor' }]);
}

export function createPatientRepository(database: Database) {
  return {
    /**
     * One page of the board for the patients of `scope`, most urgent first,
     * with the counts per status of the whole (searched) list. Sorting needs only patients, care team
     * and open alerts; latest values, enrolments, messages and pauses are looked up for the page's rows
     * only, so the cost follows the page size rather than the organisation's size or its history.
     */
    async boardPage(scope: BoardScope, q: { limit: number; after?: BoardCursor | undefined } & BoardFilters, actor: Actor, now: Date): Promise<BoardPage> {
      const after = q.after ? sql`(l.sort_key, l.name, l.id) > (${q.after.rank}::bigint, ${q.after.name}::text, ${q.after.id}::uuid)` : sql`true`;
      const colours = q.status && q.status.length > 0 ? sql`l.rank in (${sql.join(q.status.map((s) => sql`${STATUS_RANK[s]}::int`), sql`, `)})` : sql`true`;
      const rows = await database.rows<SummaryRow & { sort_key: string; counts: Record<string, number> | null }>(sql`
        with alerting as (${openAlerts(onBoard(scope, sql`a.patient_id`))}),
        listed as materialized (
          select p.id, p.name, coalesce(o.worst, ${GREEN_RANK}) as rank, o.open_alerts, ${sortKey(q.sort)} as sort_key
            from patients p left join alerting o on o.patient_id = p.id
           where ${scope === 'all' ? sql`true` : sql`p.id in (select patient_id from care_team_members where organisation_id = ${scope.organisationId}::uuid)`}
             and ${boardFilter(q, actor, now)}
        ),
        page as (
          select l.* from listed l where ${colours} and ${after} order by l.sort_key, l.name, l.id limit ${q.limit + 1}
        )
        select c.counts, r.*
          from (select json_object_agg(rank, n) as counts from (select rank, count(*)::int as n from listed group by rank) x) c
          left join lateral (
            select p.id, p.name, p.rank, p.open_alerts, p.sort_key, ${detailColumns(actor, now)} from page p
          ) r on true
         order by r.sort_key, r.name, r.id`);
      const counts = toCounts(rows[0]?.counts ?? null);
      const found = rows.filter((r) => r.id !== null);
      const page = found.slice(0, q.limit);
      const last = page.at(-1);
      return { items: page.map(toSummary), next: found.length > q.limit && last ? { rank: Number(last.sort_key), name: last.name, id: last.id } : null, counts };
    },

    /** One patient's board row, or undefined when there is no such patient. */
    async summary(patientId: string, actor: Actor, now: Date): Promise<PatientSummary | undefined> {
      const [row] = await database.rows<SummaryRow>(sql`
        with alerting as (${openAlerts(sql`a.patient_id = ${patientId}::uuid`)})
        select p.id, p.name, coalesce(o.worst, ${GREEN_RANK}) as rank, o.open_alerts, ${detailColumns(actor, now)}
          from patients p left join alerting o on o.patient_id = p.id
         where p.id = ${patientId}::uuid`);
      return row ? toSummary(row) : undefined;
    },
  };
}

export type PatientRepository = ReturnType<typeof createPatientRepository>;
